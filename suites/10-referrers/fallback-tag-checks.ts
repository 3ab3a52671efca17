/**
 * Referrers beyond the API: the referrers tag schema and the `OCI-Subject` signal (spec "Pushing Manifests with
 * Subject", "Unavailable Referrers API", "Referrers Tag Schema", "Enabling the Referrers API"). A client that gets no
 * `OCI-Subject` on a push keeps an image index of the subject's referrers under the tag `<alg>-<encoded>`: it reads
 * the tag (404 = empty), appends a descriptor and pushes the index back. The registry's part is to store and serve
 * that index like any tagged manifest, and never to claim support it does not have: an `OCI-Subject` tells the client
 * to skip the tag, so a registry that sends it must list the manifest (docker/hub-feedback #2372 lost referrers).
 * Composed by the suite in index.ts.
 */
import type { RegistryResponse } from '../../src/client/types.js';
import type { CheckContext, CheckDefinition } from '../../src/conformance/define-suite.js';
import { excerpt, expectStatus, expectThat } from '../../src/conformance/expect.js';
import { indexDocument, type Descriptor } from '../../src/oci/manifest.js';
import { MediaType } from '../../src/oci/media-types.js';
import { referrerDescriptorOf, referrersTagOf, withReferrer } from '../../src/oci/referrers-tag.js';
import { buildManifest, mediaTypeOf, prepareImage, pushImage, putManifestOrFail, sameBytes, type BuiltManifest } from '../common/manifest-helpers.js';
import { listReferrers, sbomType, signatureType } from './referrer-helpers.js';
import { statements } from '../common/statements.js';

/** The referrers tag of a subject regatta built (always a sha256 digest, so always a tag). */
function tagOf(subject: BuiltManifest): string {
  return referrersTagOf(subject.digest) ?? subject.digest.replace(':', '-');
}

/** The index a client pushes under the referrers tag for `list`. */
function referrersIndex(list: readonly Descriptor[]): BuiltManifest {
  return buildManifest(indexDocument(list), MediaType.ociIndex);
}

/** A referrer of `subject` with `artifactType` and annotations, pushed by digest. */
async function pushReferrer(ctx: CheckContext, repo: string, subject: BuiltManifest, salt: string, artifactType: string): Promise<BuiltManifest> {
  const referrer = await prepareImage(ctx, repo, salt, {
    subject: subject.descriptor,
    artifactType,
    annotations: { 'org.opencontainers.image.created': '2026-01-01T00:00:00Z', 'org.regatta.salt': salt },
  });
  await putManifestOrFail(ctx, repo, referrer.digest, referrer);
  return referrer;
}

export const fallbackTagChecks: readonly CheckDefinition[] = [
  {
    id: 'fallback-tag-round-trip',
    title: 'A referrers tag index kept the way clients do (read, append, push) reads back with every referrer',
    level: 'MUST',
    statement: statements.manifestExactBytes,
    since: '1.1',
    spec: ['end-3', 'end-7'],
    api: 'manifest-put',
    async run(ctx) {
      const repo = ctx.repo();
      const subject = await pushImage(ctx, repo, 'subject', 'subject');
      const tag = tagOf(subject);
      let list: Descriptor[] = [];
      let pushed: BuiltManifest | undefined;
      for (const [salt, artifactType] of [['signature', signatureType], ['sbom', sbomType]] as const) {
        const referrer = await pushReferrer(ctx, repo, subject, salt, artifactType);
        const current = await ctx.client.getManifest(repo, tag, { signal: ctx.signal });
        if (pushed === undefined) {
          // "If the tag returns a 404, the client MUST begin with an empty image index."
          expectStatus(current, [404], ctx.step(`The referrers tag ${tag} of a subject without referrers does not exist yet (404)`, { spec: ['end-3'] }));
        } else {
          expectReadBack(ctx, current, pushed, tag);
        }
        list = withReferrer(list, referrerDescriptorOf(referrer));
        pushed = referrersIndex(list);
        await putManifestOrFail(ctx, repo, tag, pushed);
      }
      const final = await ctx.client.getManifest(repo, tag, { signal: ctx.signal });
      expectReadBack(ctx, final, pushed as BuiltManifest, tag);
    },
  },
  {
    id: 'oci-subject-means-listed',
    title: 'A registry that answers a push with OCI-Subject lists that manifest in its referrers API',
    level: 'SHOULD',
    statement: statements.ociSubject,
    strict:
      'the spec defines OCI-Subject as "the registry processed the request\'s subject" but never forbids sending it without a referrers API; a client that gets it skips the referrers tag, so a registry that then does not list the manifest loses it (docker/hub-feedback #2372)',
    since: '1.1',
    spec: ['end-7', 'end-12a'],
    api: 'manifest-put',
    async run(ctx) {
      const repo = ctx.repo();
      const subject = await pushImage(ctx, repo, 'subject', 'subject');
      const referrer = await prepareImage(ctx, repo, 'artifact', { subject: subject.descriptor, artifactType: signatureType });
      const put = await putManifestOrFail(ctx, repo, referrer.digest, referrer);
      const header = put.headers['oci-subject'];
      if (header === undefined) {
        ctx.note('no OCI-Subject on the push: a client keeps the referrers tag itself');
        return;
      }
      expectThat(header === subject.digest, ctx.rule, `OCI-Subject: ${subject.digest}`, `OCI-Subject: ${header}`, put);
      // The header told the client to skip the referrers tag: the API is now the only place the manifest is found.
      const listed = await ctx.client.referrers(repo, subject.digest, {}, { signal: ctx.signal });
      expectStatus(listed, [200], ctx.step(`${ctx.rule.rule} (after OCI-Subject the referrers API must answer, not 404)`));
      const body = listed.json() as { manifests?: { digest?: unknown }[] | null } | undefined;
      const digests = Array.isArray(body?.manifests) ? body.manifests.map((entry) => entry.digest) : [];
      expectThat(digests.includes(referrer.digest), ctx.rule, `a descriptor of ${referrer.digest}`, excerpt(listed), listed);
    },
  },
  {
    id: 'fallback-index-not-a-referrer',
    title: 'A referrers tag index a client left is not itself listed as a referrer; the referrer it names is',
    level: 'MUST',
    statement: statements.referrersListed,
    since: '1.1',
    spec: ['end-12a'],
    api: 'referrers',
    requires: ['referrers'],
    async run(ctx) {
      const repo = ctx.repo();
      const subject = await pushImage(ctx, repo, 'subject', 'subject');
      const referrer = await pushReferrer(ctx, repo, subject, 'signature', signatureType);
      const fallback = referrersIndex([referrerDescriptorOf(referrer)]);
      await putManifestOrFail(ctx, repo, tagOf(subject), fallback);
      const { response, manifests } = await listReferrers(ctx, repo, subject.digest, ctx.rule.rule);
      const digests = manifests.map((entry) => entry.digest);
      expectThat(
        digests.includes(referrer.digest) && !digests.includes(fallback.digest),
        ctx.rule,
        `${referrer.digest} listed, the tag index ${fallback.digest} (no subject) not`,
        digests.map(String).join(', ') || '(none)',
        response,
      );
    },
  },
];

/** The referrers tag must serve the index the client pushed last, byte for byte, as an image index. */
function expectReadBack(ctx: CheckContext, response: RegistryResponse, pushed: BuiltManifest, tag: string): void {
  const rule = ctx.step(`The referrers tag ${tag} serves the index the client pushed last, byte for byte`, { spec: ['end-3', 'end-7'] });
  expectStatus(response, [200], rule);
  expectThat(sameBytes(response.body, pushed.bytes), rule, `the ${pushed.bytes.length} bytes of ${pushed.digest}`, `${response.body.length} other bytes`, response);
  expectThat(mediaTypeOf(response) === MediaType.ociIndex, rule, `Content-Type: ${MediaType.ociIndex}`, `Content-Type: ${mediaTypeOf(response) ?? '(none)'}`, response);
}
