/**
 * Blob pull checks: end-2 HEAD and GET (200, Content-Length, Docker-Content-Digest, bytes verified by digest), 404
 * with BLOB_UNKNOWN / NAME_UNKNOWN (code-1, code-9), and `Range` (206 with `Content-Range: bytes s-e/size`, suffix and
 * open-ended ranges, 416 when unsatisfiable). Composed by the suite in index.ts.
 */
import { pullBlobBytes, sharedBlob } from '../common/pull-helpers.js';
import type { CheckContext, CheckDefinition } from '../../src/conformance/define-suite.js';
import { expectErrorCode, expectHeader, expectHeaderEquals, expectStatus, expectThat, type Rule } from '../../src/conformance/expect.js';
import type { RegistryResponse } from '../../src/client/types.js';
import { expectBlobContent, seedBlob, testBlob } from '../common/upload-helpers.js';
import { expectPartial, getRange, warnIfRangeIgnored } from './blob-range.js';
import { statements } from '../common/statements.js';

const head = 'blob-head';
const get = 'blob-get';

/**
 * The registry's Docker-Content-Digest for a GET: on a redirected GET the registry's own redirect carries it (Docker
 * registry API: "307 with Location and Docker-Content-Digest"); object storage never sends registry headers.
 */
async function registryDigestOfGet(ctx: CheckContext, repo: string, digest: string, response: RegistryResponse): Promise<string | undefined> {
  if (response.redirects.length === 0) {
    return response.headers['docker-content-digest'];
  }
  const answer = await ctx.client.getBlob(repo, digest, { followRedirects: false, signal: ctx.signal });
  return answer.headers['docker-content-digest'];
}

/** GET with `Range: bytes=<spec>` should answer 206 (a 200 warns); a 206 MUST carry those bytes (see blob-range.ts). */
async function expectRange(ctx: CheckContext, rule: Rule, spec: string, start: number, end: number): Promise<void> {
  const { repo, blob } = await sharedBlob(ctx);
  const response = await ctx.client.getBlob(repo, blob.digest, { headers: { range: `bytes=${spec}` }, signal: ctx.signal });
  warnIfRangeIgnored(response, rule);
  expectPartial(response, blob, start, end, rule);
}

export const pullBlobChecks: readonly CheckDefinition[] = [
  {
    id: 'blob-head-200',
    title: 'HEAD on an existing blob returns 200',
    level: 'MUST',
    statement: statements.headExisting,
    spec: ['end-2'],
    api: head,
    async run(ctx) {
      const { repo, blob } = await sharedBlob(ctx);
      expectStatus(await ctx.client.headBlob(repo, blob.digest, { signal: ctx.signal }), [200], ctx.rule);
    },
  },
  {
    id: 'blob-head-content-length',
    title: 'HEAD on a blob sends Content-Length equal to its size',
    level: 'SHOULD',
    statement: statements.headContentLength,
    versions: { main: { level: 'MUST', statement: statements.headContentLengthMain } },
    spec: ['end-2'],
    api: head,
    async run(ctx) {
      const { repo, blob } = await sharedBlob(ctx);
      const response = await ctx.client.headBlob(repo, blob.digest, { signal: ctx.signal });
      expectStatus(response, [200], ctx.rule);
      expectHeaderEquals(response, 'Content-Length', String(blob.content.length), ctx.rule);
    },
  },
  {
    id: 'blob-head-digest-header',
    title: 'HEAD on a blob sends Docker-Content-Digest equal to its digest',
    level: 'SHOULD',
    statement: statements.headDigestHeader,
    versions: { main: { level: 'MUST', statement: statements.headDigestHeaderMain } },
    spec: ['end-2'],
    api: head,
    async run(ctx) {
      const { repo, blob } = await sharedBlob(ctx);
      const response = await ctx.client.headBlob(repo, blob.digest, { signal: ctx.signal });
      expectStatus(response, [200], ctx.rule);
      expectHeaderEquals(response, 'Docker-Content-Digest', blob.digest, ctx.rule);
    },
  },
  {
    id: 'blob-get-content',
    title: 'GET on a blob returns 200 with exactly the pushed bytes',
    level: 'MUST',
    statement: statements.blobGet,
    spec: ['end-2'],
    api: get,
    async run(ctx) {
      const { repo, blob } = await sharedBlob(ctx);
      await expectBlobContent(ctx, repo, blob, ctx.rule);
    },
  },
  {
    id: 'blob-get-content-length',
    title: 'GET on a blob sends Content-Length equal to its size',
    level: 'SHOULD',
    spec: ['end-2'],
    api: get,
    async run(ctx) {
      const { repo, blob } = await sharedBlob(ctx);
      const response = await ctx.client.getBlob(repo, blob.digest, { signal: ctx.signal });
      expectStatus(response, [200], ctx.rule);
      expectHeaderEquals(response, 'Content-Length', String(blob.content.length), ctx.rule);
    },
  },
  {
    id: 'blob-get-digest-header',
    title: 'GET on a blob sends Docker-Content-Digest equal to its digest',
    level: 'SHOULD',
    statement: statements.blobDigestHeader,
    versions: { main: { level: 'MUST', statement: statements.blobDigestHeaderMain } },
    spec: ['end-2'],
    api: get,
    async run(ctx) {
      const { repo, blob } = await sharedBlob(ctx);
      const response = await ctx.client.getBlob(repo, blob.digest, { signal: ctx.signal });
      expectStatus(response, [200], ctx.rule);
      const sent = await registryDigestOfGet(ctx, repo, blob.digest, response);
      expectThat(sent === blob.digest, ctx.rule, `Docker-Content-Digest: ${blob.digest}`, sent === undefined ? 'no Docker-Content-Digest header' : `Docker-Content-Digest: ${sent}`, response);
    },
  },
  {
    id: 'blob-head-get-agree',
    title: 'HEAD and GET on a blob agree on Content-Length and Docker-Content-Digest',
    level: 'SHOULD',
    spec: ['end-2'],
    api: head,
    async run(ctx) {
      const { repo, blob } = await sharedBlob(ctx);
      const headResponse = await ctx.client.headBlob(repo, blob.digest, { signal: ctx.signal });
      const getResponse = await ctx.client.getBlob(repo, blob.digest, { signal: ctx.signal });
      expectStatus(headResponse, [200], ctx.rule);
      expectStatus(getResponse, [200], ctx.rule);
      const getHeaders: Record<string, string | undefined> = { ...getResponse.headers, 'docker-content-digest': await registryDigestOfGet(ctx, repo, blob.digest, getResponse) };
      for (const name of ['content-length', 'docker-content-digest'] as const) {
        const a = headResponse.headers[name] ?? '(none)';
        const b = getHeaders[name] ?? '(none)';
        expectThat(a === b, ctx.rule, `the same ${name} (GET: ${b})`, `HEAD ${name}: ${a}`, headResponse);
      }
    },
  },
  {
    id: 'blob-get-large-streamed',
    title: 'A 3 MiB blob streams back with the pushed digest and length',
    level: 'MUST',
    statement: statements.blobGet,
    spec: ['end-2'],
    api: get,
    async run(ctx) {
      const { repo, blob } = await sharedBlob(ctx, 3 * 1024 * 1024 + 7);
      // Read at most a little past the length pushed: a body that does not end fails here, not at the check's timeout.
      const maxBytes = blob.content.length + 64 * 1024;
      const download = await ctx.client.downloadBlob(repo, blob.digest, { signal: ctx.signal, maxBytes });
      expectThat(download.response.status === 200, ctx.rule, 'status 200', `status ${download.response.status}`);
      expectThat(
        !download.truncated,
        ctx.rule,
        `${blob.content.length} bytes, then the end of the body`,
        `more than ${maxBytes} bytes: the body went on past the blob's length (read stopped there)`,
      );
      expectThat(
        download.computedDigest === blob.digest && download.bytes === blob.content.length,
        ctx.rule,
        `${blob.content.length} bytes with digest ${blob.digest}`,
        `${download.bytes} bytes with digest ${download.computedDigest}`,
      );
    },
  },
  ...(['GET', 'HEAD'] as const).map(
    (method): CheckDefinition => ({
      id: `blob-missing-${method.toLowerCase()}-404`,
      title: `${method} on a blob the repository lacks returns 404${method === 'GET' ? ' BLOB_UNKNOWN' : ''}`,
      level: 'MUST',
      statement: method === 'GET' ? statements.blobMissing : statements.headMissing,
      spec: method === 'GET' ? ['end-2', 'code-1'] : ['end-2'],
      api: method === 'GET' ? get : head,
      async run(ctx) {
        const rule = { rule: `${method} on a blob the repository lacks returns 404`, spec: ['end-2'] };
        const { repo } = await sharedBlob(ctx, 64);
        const missing = testBlob(ctx, 64, 'missing').digest;
        const options = { signal: ctx.signal };
        const response = method === 'GET' ? await ctx.client.getBlob(repo, missing, options) : await ctx.client.headBlob(repo, missing, options);
        expectStatus(response, [404], rule);
        if (method === 'GET') {
          expectErrorCode(response, ['BLOB_UNKNOWN'], { rule: 'A missing blob answers BLOB_UNKNOWN', spec: ['code-1'], level: 'SHOULD' });
        }
      },
    }),
  ),
  {
    id: 'blob-unknown-repo-404',
    title: 'GET on a blob in a repository that does not exist returns 404 NAME_UNKNOWN or BLOB_UNKNOWN',
    level: 'MUST',
    statement: statements.blobMissing,
    spec: ['end-2', 'code-9', 'code-1'],
    api: get,
    async run(ctx) {
      const rule = { rule: 'GET on a blob in a repository that does not exist returns 404', spec: ['end-2'] };
      const response = await ctx.client.getBlob(ctx.absentRepo(), testBlob(ctx, 64).digest, { signal: ctx.signal });
      expectStatus(response, [404], rule);
      expectErrorCode(response, ['NAME_UNKNOWN', 'BLOB_UNKNOWN'], {
        rule: 'A blob in an unknown repository answers NAME_UNKNOWN or BLOB_UNKNOWN',
        spec: ['code-9', 'code-1'],
        level: 'SHOULD',
      });
    },
  },
  {
    id: 'blob-other-repo-404',
    title: 'A blob pushed to one repository is not served from another (404)',
    level: 'SHOULD',
    spec: ['end-2'],
    api: get,
    async run(ctx) {
      const { blob } = await sharedBlob(ctx);
      const other = ctx.repo('other');
      await seedBlob(ctx, other, testBlob(ctx, 32, 'other'), ctx.step(`${ctx.rule.rule} (pushing the other repository)`));
      expectStatus(await ctx.client.getBlob(other, blob.digest, { signal: ctx.signal }), [404], ctx.rule);
    },
  },
  {
    id: 'blob-range-206',
    title: 'GET with Range: bytes=s-e returns 206, Content-Range: bytes s-e/size and those bytes',
    level: 'SHOULD',
    statement: statements.blobRange,
    strict: "Range support is a SHOULD; a registry that advertises it (Accept-Ranges: bytes, a 206 to the probe) is held to RFC 9110's 206 and Content-Range",
    spec: ['end-2'],
    api: get,
    run: (ctx) =>
      expectRange(ctx, { rule: 'GET with Range: bytes=s-e returns 206, Content-Range: bytes s-e/size and those bytes', spec: ['end-2'] }, '100-1099', 100, 1099),
  },
  {
    id: 'blob-range-suffix',
    title: 'GET with a suffix Range (bytes=-N) returns the last N bytes with 206',
    level: 'SHOULD',
    spec: ['end-2'],
    api: get,
    run: (ctx) =>
      expectRange(ctx, { rule: 'GET with a suffix Range (bytes=-N) returns the last N bytes with 206', spec: ['end-2'] }, '-500', pullBlobBytes - 500, pullBlobBytes - 1),
  },
  {
    id: 'blob-range-open-ended',
    title: 'GET with an open-ended Range (bytes=N-) returns the rest of the blob with 206',
    level: 'SHOULD',
    spec: ['end-2'],
    api: get,
    run: (ctx) =>
      expectRange(ctx, { rule: 'GET with an open-ended Range (bytes=N-) returns the rest of the blob with 206', spec: ['end-2'] }, '4000-', 4000, pullBlobBytes - 1),
  },
  {
    id: 'blob-range-unsatisfiable-416',
    title: 'GET with a Range starting past the end of the blob returns 416',
    level: 'SHOULD',
    spec: ['end-2'],
    api: get,
    async run(ctx) {
      const { repo, blob } = await sharedBlob(ctx);
      const response = await getRange(ctx, repo, blob.digest, `bytes=${pullBlobBytes + 10}-`, ctx.rule, 'status 416');
      warnIfRangeIgnored(response, ctx.rule);
      expectStatus(response, [416], ctx.rule);
    },
  },
  {
    id: 'blob-accept-ranges',
    title: 'HEAD on a blob advertises Accept-Ranges: bytes',
    level: 'MAY',
    spec: ['end-2'],
    api: head,
    async run(ctx) {
      const { repo, blob } = await sharedBlob(ctx, 100);
      const response = await ctx.client.headBlob(repo, blob.digest, { signal: ctx.signal });
      expectStatus(response, [200], ctx.rule);
      expectThat(/\bbytes\b/i.test(expectHeader(response, 'Accept-Ranges', ctx.rule)), ctx.rule, 'Accept-Ranges: bytes', response.headers['accept-ranges'] ?? '', response);
    },
  },
];
