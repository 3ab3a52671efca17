/**
 * Manifest pull checks: end-3 HEAD and GET by tag and by digest (200, Content-Type equal to the pushed media type,
 * Docker-Content-Digest equal to the digest of the body, the exact pushed bytes), pull by digest of a manifest pushed
 * by digest only (conformance #412), indexes and Docker schema2, blobs referenced by a pulled manifest, and 404 with
 * MANIFEST_UNKNOWN / NAME_UNKNOWN (code-7, code-9). Composed by the suite in index.ts.
 */
import { sharedPerRun } from '../common/shared-per-run.js';
import type { RegistryResponse } from '../../src/client/types.js';
import type { CheckContext, CheckDefinition } from '../../src/conformance/define-suite.js';
import { expectErrorCode, expectHeader, expectHeaderEquals, expectStatus, expectThat, type Rule } from '../../src/conformance/expect.js';
import { digestOf } from '../../src/oci/digest.js';
import { buildImage, buildIndex, pullTag, pushImage, pushManifest, type PushedManifest } from '../common/pull-helpers.js';
import { expectBlobContent } from '../common/upload-helpers.js';
import { statements } from '../common/statements.js';

const head = 'manifest-head';
const get = 'manifest-get';

/** The OCI image the manifest pull checks read, under {@link pullTag}, pushed once per run (`<namespace>/pull-shared-image`). */
function pushedImage(ctx: CheckContext): Promise<{ repo: string; manifest: PushedManifest }> {
  return sharedPerRun(ctx, 'pull', 'image', async (pusher) => {
    const repo = pusher.repo();
    const image = buildImage(pusher);
    await pushImage(pusher, repo, image, pullTag, { rule: 'prerequisite: the image the manifest pull checks read pushes', spec: ['end-4a', 'end-6', 'end-7'] });
    return { repo, manifest: image.manifest };
  });
}

/** The body must be exactly the pushed bytes. */
function expectSameBytes(response: RegistryResponse, manifest: PushedManifest, rule: Rule): void {
  const got = digestOf(response.body);
  expectThat(
    got === manifest.digest && !response.bodyTruncated,
    rule,
    `the pushed ${manifest.bytes.length} bytes (${manifest.digest})`,
    `${response.body.length} bytes with digest ${got}`,
    response,
  );
}

/** Media type of a Content-Type header, parameters dropped. */
function mediaTypeOf(response: RegistryResponse): string {
  return (response.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
}

/** `Content-Type` media type must equal the pushed one. */
function expectMediaType(response: RegistryResponse, manifest: PushedManifest, rule: Rule): void {
  const got = mediaTypeOf(response);
  expectThat(got === manifest.mediaType, rule, `Content-Type: ${manifest.mediaType}`, `Content-Type: ${got || '(none)'}`, response);
}

/** One request on the pushed image by tag or digest. */
function fetchManifest(ctx: CheckContext, method: 'GET' | 'HEAD', repo: string, reference: string): Promise<RegistryResponse> {
  const options = { signal: ctx.signal };
  return method === 'GET' ? ctx.client.getManifest(repo, reference, options) : ctx.client.headManifest(repo, reference, options);
}

/** Checks generated for each of GET/HEAD × tag/digest: status 200, and for GET the exact bytes. */
const byReferenceChecks: CheckDefinition[] = (['GET', 'HEAD'] as const).flatMap((method) =>
  (['tag', 'digest'] as const).map(
    (by): CheckDefinition => ({
      id: `manifest-${method.toLowerCase()}-by-${by}`,
      title:
        method === 'GET'
          ? `GET on a manifest by ${by} returns 200 with exactly the pushed bytes`
          : `HEAD on a manifest by ${by} returns 200`,
      level: 'MUST',
      statement: method === 'GET' ? statements.manifestGet : statements.headExisting,
      spec: ['end-3'],
      api: method === 'GET' ? get : head,
      async run(ctx) {
        const title =
          method === 'GET'
            ? `GET on a manifest by ${by} returns 200 with exactly the pushed bytes`
            : `HEAD on a manifest by ${by} returns 200`;
        const rule = { rule: title, spec: ['end-3'] };
        const { repo, manifest } = await pushedImage(ctx);
        const response = await fetchManifest(ctx, method, repo, by === 'tag' ? pullTag : manifest.digest);
        expectStatus(response, [200], rule);
        if (method === 'GET') {
          expectSameBytes(response, manifest, rule);
        }
      },
    }),
  ),
);

/** Header checks generated for GET and HEAD by tag. */
const headerChecks: CheckDefinition[] = (['GET', 'HEAD'] as const).flatMap((method): CheckDefinition[] => [
  {
    id: `manifest-${method.toLowerCase()}-content-type`,
    title: `${method} on a manifest returns Content-Type equal to the pushed media type`,
    level: 'SHOULD',
    statement: statements.manifestContentType,
    strict: "the spec's Content-Type rule is a SHOULD, but a client MUST reject a manifest whose mediaType disagrees with it, so a wrong Content-Type breaks pulls",
    spec: ['end-3'],
    api: method === 'GET' ? get : head,
    async run(ctx) {
      const rule = { rule: `${method} on a manifest returns Content-Type equal to the pushed media type`, spec: ['end-3'] };
      const { repo, manifest } = await pushedImage(ctx);
      const response = await fetchManifest(ctx, method, repo, pullTag);
      expectStatus(response, [200], rule);
      expectMediaType(response, manifest, rule);
    },
  },
  {
    id: `manifest-${method.toLowerCase()}-digest-header`,
    title: `${method} on a manifest by tag sends Docker-Content-Digest equal to the digest of its bytes`,
    level: 'SHOULD',
    statement: method === 'GET' ? statements.manifestDigestHeader : statements.headDigestHeader,
    versions: { main: { level: 'MUST', statement: method === 'GET' ? statements.manifestDigestHeaderMain : statements.headDigestHeaderMain } },
    spec: ['end-3'],
    api: method === 'GET' ? get : head,
    async run(ctx) {
      const rule = { rule: `${method} on a manifest by tag sends Docker-Content-Digest equal to the digest of its bytes`, spec: ['end-3'] };
      const { repo, manifest } = await pushedImage(ctx);
      const response = await fetchManifest(ctx, method, repo, pullTag);
      expectStatus(response, [200], rule);
      expectHeaderEquals(response, 'Docker-Content-Digest', method === 'GET' ? digestOf(response.body) : manifest.digest, rule);
    },
  },
]);

export const pullManifestChecks: readonly CheckDefinition[] = [
  ...byReferenceChecks,
  ...headerChecks,
  {
    id: 'manifest-get-by-digest-digest-header',
    title: 'GET on a manifest by digest sends Docker-Content-Digest equal to that digest',
    level: 'SHOULD',
    statement: statements.manifestDigestHeader,
    versions: { main: { level: 'MUST', statement: statements.manifestDigestHeaderMain } },
    spec: ['end-3'],
    api: get,
    async run(ctx) {
      const { repo, manifest } = await pushedImage(ctx);
      const response = await fetchManifest(ctx, 'GET', repo, manifest.digest);
      expectStatus(response, [200], ctx.rule);
      expectHeaderEquals(response, 'Docker-Content-Digest', manifest.digest, ctx.rule);
    },
  },
  {
    id: 'manifest-content-type-no-params',
    title: 'The Content-Type of a pulled manifest has no parameters',
    level: 'SHOULD',
    spec: ['end-3'],
    api: get,
    async run(ctx) {
      const { repo } = await pushedImage(ctx);
      const response = await fetchManifest(ctx, 'GET', repo, pullTag);
      expectStatus(response, [200], ctx.rule);
      const value = expectHeader(response, 'Content-Type', ctx.rule);
      expectThat(!value.includes(';'), ctx.rule, 'a bare media type', `Content-Type: ${value}`, response);
    },
  },
  {
    id: 'manifest-head-content-length',
    title: 'HEAD on a manifest sends Content-Length equal to the pushed size',
    level: 'SHOULD',
    statement: statements.headContentLength,
    versions: { main: { level: 'MUST', statement: statements.headContentLengthMain } },
    spec: ['end-3'],
    api: head,
    async run(ctx) {
      const { repo, manifest } = await pushedImage(ctx);
      const response = await fetchManifest(ctx, 'HEAD', repo, pullTag);
      expectStatus(response, [200], ctx.rule);
      expectHeaderEquals(response, 'Content-Length', String(manifest.bytes.length), ctx.rule);
    },
  },
  {
    id: 'manifest-head-get-agree',
    title: 'HEAD and GET on a manifest agree on Content-Type, Content-Length and Docker-Content-Digest',
    level: 'SHOULD',
    spec: ['end-3'],
    api: head,
    async run(ctx) {
      const { repo } = await pushedImage(ctx);
      const headResponse = await fetchManifest(ctx, 'HEAD', repo, pullTag);
      const getResponse = await fetchManifest(ctx, 'GET', repo, pullTag);
      expectStatus(headResponse, [200], ctx.rule);
      expectStatus(getResponse, [200], ctx.rule);
      for (const name of ['content-type', 'content-length', 'docker-content-digest']) {
        const a = headResponse.headers[name] ?? '(none)';
        const b = getResponse.headers[name] ?? '(none)';
        expectThat(a === b, ctx.rule, `the same ${name} (GET: ${b})`, `HEAD ${name}: ${a}`, headResponse);
      }
    },
  },
  {
    id: 'manifest-pushed-by-digest',
    title: 'A manifest pushed by digest only (no tag) pulls by that digest with the same bytes',
    level: 'MUST',
    statement: statements.manifestExactBytes,
    spec: ['end-3', 'end-7'],
    api: get,
    async run(ctx) {
      const repo = ctx.repo();
      const image = buildImage(ctx, 'by-digest');
      await pushImage(ctx, repo, image, image.manifest.digest, ctx.rule);
      const response = await fetchManifest(ctx, 'GET', repo, image.manifest.digest);
      expectStatus(response, [200], ctx.rule);
      expectSameBytes(response, image.manifest, ctx.rule);
    },
  },
  {
    id: 'manifest-index-content',
    title: 'An image index pulls by tag with its media type and exact bytes',
    level: 'MUST',
    statement: statements.manifestExactBytes,
    spec: ['end-3'],
    api: get,
    async run(ctx) {
      const repo = ctx.repo();
      const image = buildImage(ctx, 'child');
      await pushImage(ctx, repo, image, image.manifest.digest, ctx.rule);
      const index = buildIndex([image.manifest]);
      await pushManifest(ctx, repo, index, pullTag, ctx.rule);
      const response = await fetchManifest(ctx, 'GET', repo, pullTag);
      expectStatus(response, [200], ctx.rule);
      expectMediaType(response, index, ctx.rule);
      expectSameBytes(response, index, ctx.rule);
    },
  },
  {
    id: 'manifest-docker-content',
    title: 'A Docker schema2 manifest pulls by tag with its media type and exact bytes',
    level: 'MUST',
    statement: statements.manifestExactBytes,
    spec: ['end-3'],
    api: get,
    requires: ['docker-media-types'],
    async run(ctx) {
      const repo = ctx.repo();
      const image = buildImage(ctx, 'docker', 'docker');
      await pushImage(ctx, repo, image, pullTag, ctx.rule);
      const response = await fetchManifest(ctx, 'GET', repo, pullTag);
      expectStatus(response, [200], ctx.rule);
      expectMediaType(response, image.manifest, ctx.rule);
      expectSameBytes(response, image.manifest, ctx.rule);
    },
  },
  {
    id: 'manifest-referenced-blobs',
    title: 'Every blob a pulled manifest references reads back by its digest',
    level: 'MUST',
    statement: statements.blobGet,
    spec: ['end-3', 'end-2'],
    api: get,
    async run(ctx) {
      const repo = ctx.repo();
      const image = buildImage(ctx);
      await pushImage(ctx, repo, image, pullTag, ctx.rule);
      const response = await fetchManifest(ctx, 'GET', repo, pullTag);
      expectStatus(response, [200], ctx.rule);
      const document = response.json() as { config?: { digest?: unknown }; layers?: { digest?: unknown }[] } | undefined;
      const digests = [document?.config?.digest, ...(document?.layers ?? []).map((layer) => layer.digest)];
      for (const blob of image.blobs) {
        expectThat(digests.includes(blob.digest), ctx.rule, `a descriptor of ${blob.digest}`, 'no such descriptor', response);
        await expectBlobContent(ctx, repo, blob, ctx.rule);
      }
    },
  },
  ...(
    [
      ['tag', 'GET'],
      ['digest', 'GET'],
      ['tag', 'HEAD'],
    ] as const
  ).map(
    ([by, method]): CheckDefinition => ({
      id: `manifest-missing-${by}-${method.toLowerCase()}-404`,
      title: `${method} on a manifest ${by} the repository lacks returns 404${method === 'GET' ? ' MANIFEST_UNKNOWN' : ''}`,
      level: 'MUST',
      statement: method === 'GET' ? statements.manifestMissing : statements.headMissing,
      spec: method === 'GET' ? ['end-3', 'code-7'] : ['end-3'],
      api: method === 'GET' ? get : head,
      async run(ctx) {
        const rule = { rule: `${method} on a manifest ${by} the repository lacks returns 404`, spec: ['end-3'] };
        const { repo } = await pushedImage(ctx);
        const reference = by === 'tag' ? 'regatta-no-such-tag' : digestOf(`missing ${ctx.seed}`);
        const response = await fetchManifest(ctx, method, repo, reference);
        expectStatus(response, [404], rule);
        if (method === 'GET') {
          expectErrorCode(response, ['MANIFEST_UNKNOWN'], { rule: 'A missing manifest answers MANIFEST_UNKNOWN', spec: ['code-7'], level: 'SHOULD' });
        }
      },
    }),
  ),
  {
    id: 'manifest-unknown-repo-404',
    title: 'GET on a manifest in a repository that does not exist returns 404 NAME_UNKNOWN or MANIFEST_UNKNOWN',
    level: 'MUST',
    statement: statements.manifestMissing,
    spec: ['end-3', 'code-9', 'code-7'],
    api: get,
    async run(ctx) {
      const rule = { rule: 'GET on a manifest in a repository that does not exist returns 404', spec: ['end-3'] };
      const response = await fetchManifest(ctx, 'GET', ctx.absentRepo(), pullTag);
      expectStatus(response, [404], rule);
      expectErrorCode(response, ['NAME_UNKNOWN', 'MANIFEST_UNKNOWN'], {
        rule: 'A manifest in an unknown repository answers NAME_UNKNOWN or MANIFEST_UNKNOWN',
        spec: ['code-9', 'code-7'],
        level: 'SHOULD',
      });
    },
  },
];
