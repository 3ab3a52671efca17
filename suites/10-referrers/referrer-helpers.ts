/**
 * Shared steps of the referrers suite (end-12a/12b): a subject and an artifact pushed together, a referrers GET that
 * must answer an image index (Go's `"manifests": null` read as empty), and finding one descriptor in it.
 */
import type { RegistryResponse } from '../../src/client/types.js';
import type { CheckContext } from '../../src/conformance/define-suite.js';
import { excerpt, expectStatus, fail, type Rule } from '../../src/conformance/expect.js';
import { prepareImage, pushImage, putManifestOrFail, type BuiltManifest } from '../common/manifest-helpers.js';

/** Artifact types used by the checks. */
export const signatureType = 'application/vnd.regatta.signature.v1';
export const sbomType = 'application/vnd.regatta.sbom.v1';

/**
 * A filtered referrers query is judged twice, first and repeated: a registry may serve the repeat from a cache that
 * answers differently (olareg v0.1.2 keys its page cache by the digest of the stored list, not the repository, and
 * its cache hit drops `OCI-Filters-Applied`). Asked once, the verdict would depend on whether an earlier run or
 * repository happened to produce the same list (the checks' seeded digests repeat across runs by design).
 */
export const repeatedQuery = ['first', 'repeated'] as const;

/** True when the response announces the artifactType filter in `OCI-Filters-Applied` (a comma-separated list). */
export function filterApplied(response: RegistryResponse): boolean {
  return (response.headers['oci-filters-applied'] ?? '').split(',').some((item) => item.trim() === 'artifactType');
}

/** A referrer descriptor as listed in the index. */
export interface ReferrerDescriptor {
  readonly mediaType?: unknown;
  readonly digest?: unknown;
  readonly size?: unknown;
  readonly artifactType?: unknown;
  readonly annotations?: unknown;
}

/** A rule of this suite. */
export function referrerRule(text: string, spec: readonly string[] = ['end-12a'], level?: 'SHOULD'): Rule {
  return level === undefined ? { rule: text, spec } : { rule: text, spec, level };
}

/** Pushes a subject image and an artifact referring to it; returns both. */
export async function pushSubjectAndArtifact(
  ctx: CheckContext,
  repo: string,
  artifactType: string = signatureType,
  salt = 'artifact',
): Promise<{ subject: BuiltManifest; artifact: BuiltManifest }> {
  const subject = await pushImage(ctx, repo, 'subject', 'subject');
  const artifact = await prepareImage(ctx, repo, salt, {
    subject: subject.descriptor,
    artifactType,
    annotations: { 'org.opencontainers.image.created': '2026-01-01T00:00:00Z', 'org.regatta.salt': salt },
  });
  await putManifestOrFail(ctx, repo, artifact.digest, artifact);
  return { subject, artifact };
}

/** GET referrers; must be 200 with an index body; returns the descriptors. */
export async function listReferrers(
  ctx: CheckContext,
  repo: string,
  digest: string,
  text: string,
  artifactType?: string,
): Promise<{ response: RegistryResponse; manifests: ReferrerDescriptor[] }> {
  const response = await ctx.client.referrers(repo, digest, artifactType === undefined ? {} : { artifactType }, { signal: ctx.signal });
  expectStatus(response, [200], referrerRule(text));
  const body = response.json() as { manifests?: unknown } | undefined;
  if (typeof body === 'object' && body.manifests === null) {
    // Go's nil slice: read as empty here; `empty-list-is-array` reports the spelling on its own.
    ctx.note('"manifests": null read as an empty list');
    return { response, manifests: [] };
  }
  if (typeof body !== 'object' || !Array.isArray(body.manifests)) {
    fail(referrerRule(text), 'an image index with a "manifests" array', excerpt(response), response);
  }
  return { response, manifests: body.manifests as ReferrerDescriptor[] };
}

/** The descriptor of `digest` in the list, failing with `text` when absent. */
export function findDescriptor(manifests: readonly ReferrerDescriptor[], digest: string, text: string, response: RegistryResponse): ReferrerDescriptor {
  const found = manifests.find((entry) => entry.digest === digest);
  if (found === undefined) {
    fail(referrerRule(text), `a descriptor of ${digest}`, `${manifests.length} descriptors: ${manifests.map((entry) => String(entry.digest)).join(', ') || '(none)'}`, response);
  }
  return found;
}
