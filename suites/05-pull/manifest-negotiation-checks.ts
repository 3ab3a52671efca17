/**
 * Manifest content negotiation (end-3; the spec leaves negotiation to HTTP: RFC 9110 §12.5.1 and §9.3.2). The spec
 * puts one MUST on the registry here: a GET of an existing manifest provides the expected manifest, so a 200 to a GET
 * by digest carries exactly that digest's bytes whatever the Accept says (a registry that "resolves" an index to a
 * platform manifest must not do it under the index's digest). The rest is HTTP's SHOULD: when the Accept excludes
 * the stored type a server either disregards it (200) or answers 406; no Accept, or the wildcard, accepts any type; HEAD
 * sends the headers GET would (dist-spec #207: Docker Hub's HEAD of a list named a platform manifest); the
 * Content-Type echoes the pushed type even when the client prefers the other family (OCI vs Docker schema2).
 * Composed by the suite in index.ts.
 */
import type { RegistryResponse } from '../../src/client/types.js';
import type { CapabilityId } from '../../src/conformance/capabilities.js';
import type { CheckContext, CheckDefinition } from '../../src/conformance/define-suite.js';
import { expectStatus, expectThat } from '../../src/conformance/expect.js';
import { digestOf } from '../../src/oci/digest.js';
import { MediaType } from '../../src/oci/media-types.js';
import { indexManifest, mediaTypeOf, pushImage, putManifestOrFail, type BuiltManifest } from '../common/manifest-helpers.js';
import { sharedPerRun } from '../common/shared-per-run.js';
import { statements } from '../common/statements.js';

/** What a check stores before it negotiates. */
type StoredKind = 'oci-index' | 'docker-list' | 'oci-image' | 'docker-image';

/** How each stored kind is described, what it needs, and an Accept that leaves its type out. */
const kinds: Readonly<Record<StoredKind, { readonly label: string; readonly requires: readonly CapabilityId[]; readonly narrowAccept: readonly string[] }>> = {
  'oci-index': { label: 'an OCI image index', requires: [], narrowAccept: [MediaType.ociManifest, MediaType.dockerManifest] },
  'docker-list': { label: 'a Docker manifest list', requires: ['docker-media-types'], narrowAccept: [MediaType.dockerManifest, MediaType.ociManifest] },
  'oci-image': { label: 'an OCI image manifest', requires: [], narrowAccept: [MediaType.dockerManifest] },
  'docker-image': { label: 'a Docker schema2 manifest', requires: ['docker-media-types'], narrowAccept: [MediaType.ociManifest] },
};

/** An Accept for a list kind that prefers the other family (`q=0.5` on the stored family). */
const otherFamilyFirst: Readonly<Record<'oci-index' | 'docker-list', string>> = {
  'oci-index': `${MediaType.dockerManifestList}, ${MediaType.dockerManifest}, ${MediaType.ociIndex};q=0.5, ${MediaType.ociManifest};q=0.5`,
  'docker-list': `${MediaType.ociIndex}, ${MediaType.ociManifest}, ${MediaType.dockerManifestList};q=0.5, ${MediaType.dockerManifest};q=0.5`,
};

/** The tag every negotiation check stores its manifest under. */
const tag = 'negotiated';

/** Pushes a manifest of `kind` under {@link tag} (a list or index over one child image pushed by digest). */
async function pushStored(ctx: CheckContext, repo: string, kind: StoredKind): Promise<BuiltManifest> {
  const docker = kind.startsWith('docker') ? 'docker' : 'oci';
  if (kind === 'oci-image' || kind === 'docker-image') {
    return pushImage(ctx, repo, tag, 'image', { kind: docker });
  }
  const child = await pushImage(ctx, repo, '@digest', 'child', { kind: docker });
  const list = indexManifest([child.descriptor], { kind: docker });
  await putManifestOrFail(ctx, repo, tag, list);
  return list;
}

/** The manifest of `kind` the negotiation checks read, pushed once per run (`<namespace>/pull-shared-negotiated-<kind>`). */
function storedManifest(ctx: CheckContext, kind: StoredKind): Promise<{ repo: string; stored: BuiltManifest }> {
  return sharedPerRun(ctx, 'pull', `negotiated-${kind}`, async (pusher) => {
    const repo = pusher.repo();
    return { repo, stored: await pushStored(pusher, repo, kind) };
  });
}

/** One manifest request with exactly this Accept (undefined: no Accept header at all). */
function fetchWith(ctx: CheckContext, method: 'GET' | 'HEAD', repo: string, reference: string, accept: string | undefined): Promise<RegistryResponse> {
  const path = `/v2/${repo}/manifests/${reference}`;
  return ctx.client.request(method, path, { signal: ctx.signal, ...(accept === undefined ? {} : { headers: { accept } }) });
}

/** A 200 by digest must be exactly that digest's bytes. */
function expectExactly(ctx: CheckContext, response: RegistryResponse, stored: BuiltManifest, text: string): void {
  const got = digestOf(response.body);
  expectThat(got === stored.digest, ctx.step(text), `the stored ${stored.bytes.length} bytes of ${stored.digest}`, `${response.body.length} bytes with digest ${got}`, response);
}

const narrowAcceptChecks = (Object.keys(kinds) as StoredKind[]).map(
  (kind): CheckDefinition => ({
    id: `accept-without-type-${kind}`,
    title: `GET by digest of ${kinds[kind].label} with an Accept that leaves its type out answers that manifest, 406, or nothing else`,
    level: 'MUST',
    statement: statements.manifestGet,
    spec: ['end-3'],
    api: 'manifest-get',
    requires: kinds[kind].requires,
    async run(ctx) {
      const { repo, stored } = await storedManifest(ctx, kind);
      const response = await fetchWith(ctx, 'GET', repo, stored.digest, kinds[kind].narrowAccept.join(', '));
      if (response.status === 200) {
        ctx.note('the Accept was disregarded (200)');
        expectExactly(ctx, response, stored, `A 200 to GET by digest carries exactly that manifest, whatever the Accept (MUST provide the expected manifest)`);
        return;
      }
      // RFC 9110 §12.5.1: honour the Accept with 406, or disregard it; anything else leaves the client guessing.
      expectStatus(response, [200, 406], ctx.step(`An Accept that leaves out ${stored.mediaType} is disregarded (200) or refused with 406`, { level: 'SHOULD' }));
    },
  }),
);

const headGetChecks = (['oci-index', 'docker-list'] as const).flatMap((kind) =>
  (['full', 'narrow'] as const).map(
    (accept): CheckDefinition => ({
      id: `head-get-agree-${kind}${accept === 'narrow' ? '-narrow-accept' : ''}`,
      title: `HEAD and GET of ${kinds[kind].label} by tag${accept === 'narrow' ? ' with an Accept that leaves its type out' : ''} agree on status, Content-Type and Docker-Content-Digest`,
      level: 'SHOULD',
      statement: statements.headDigestHeader,
      spec: ['end-3'],
      api: 'manifest-head',
      requires: kinds[kind].requires,
      async run(ctx) {
        const { repo } = await storedManifest(ctx, kind);
        const header = accept === 'full' ? [MediaType.ociManifest, MediaType.ociIndex, MediaType.dockerManifest, MediaType.dockerManifestList].join(', ') : kinds[kind].narrowAccept.join(', ');
        const head = await fetchWith(ctx, 'HEAD', repo, tag, header);
        const get = await fetchWith(ctx, 'GET', repo, tag, header);
        expectThat(head.status === get.status, ctx.rule, `the status of GET (${get.status})`, `HEAD ${head.status}`, head);
        if (get.status !== 200) {
          return;
        }
        expectThat(mediaTypeOf(head) === mediaTypeOf(get), ctx.rule, `Content-Type ${mediaTypeOf(get) ?? '(none)'} as on GET`, `HEAD Content-Type ${mediaTypeOf(head) ?? '(none)'}`, head);
        const body = digestOf(get.body);
        const headDigest = head.headers['docker-content-digest'];
        expectThat(headDigest === undefined || headDigest === body, ctx.rule, `Docker-Content-Digest ${body} (the digest of what GET returns)`, `HEAD Docker-Content-Digest ${headDigest ?? ''}`, head);
      },
    }),
  ),
);

const familyChecks = (['oci-index', 'docker-list'] as const).map(
  (kind): CheckDefinition => ({
    id: `other-family-preferred-${kind}`,
    title: `GET of ${kinds[kind].label} is served as stored, with its own Content-Type, when the Accept prefers the other family`,
    level: 'MUST',
    statement: statements.manifestGet,
    spec: ['end-3'],
    api: 'manifest-get',
    requires: kinds[kind].requires,
    async run(ctx) {
      const { repo, stored } = await storedManifest(ctx, kind);
      const response = await fetchWith(ctx, 'GET', repo, stored.digest, otherFamilyFirst[kind]);
      // Its type is in the Accept (q=0.5): this is the expected manifest, acceptable to the client.
      expectStatus(response, [200], ctx.step(`GET by digest of ${kinds[kind].label} whose type the Accept lists (q=0.5) returns 200`));
      expectExactly(ctx, response, stored, `GET by digest of ${kinds[kind].label} returns its exact bytes, never a conversion`);
      const type = mediaTypeOf(response);
      expectThat(type === stored.mediaType, ctx.step('The Content-Type is the pushed media type', { level: 'SHOULD' }), stored.mediaType, type ?? '(none)', response);
    },
  }),
);

const anyAcceptChecks = (['oci-index', 'docker-list'] as const).map(
  (kind): CheckDefinition => ({
    id: `any-accept-${kind}`,
    title: `GET of ${kinds[kind].label} without Accept, or with Accept: */*, returns it (no Accept means any type)`,
    level: 'SHOULD',
    statement: statements.manifestGet,
    strict:
      'read literally, "an existing manifest URL MUST provide the expected manifest" holds without an Accept too, and RFC 9110 reads a missing Accept (or */*) as accepting any type; regatta grades it SHOULD because the spec defers negotiation to RFC 7231 and the client SHOULD send Accept',
    spec: ['end-3'],
    api: 'manifest-get',
    requires: kinds[kind].requires,
    async run(ctx) {
      const { repo, stored } = await storedManifest(ctx, kind);
      for (const accept of [undefined, '*/*']) {
        const response = await fetchWith(ctx, 'GET', repo, stored.digest, accept);
        const text = `GET by digest with ${accept === undefined ? 'no Accept' : `Accept: ${accept}`} returns the stored manifest`;
        expectStatus(response, [200], ctx.step(text));
        expectExactly(ctx, response, stored, text);
      }
    },
  }),
);

export const manifestNegotiationChecks: readonly CheckDefinition[] = [...narrowAcceptChecks, ...headGetChecks, ...familyChecks, ...anyAcceptChecks];
