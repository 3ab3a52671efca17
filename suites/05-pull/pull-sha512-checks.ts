/**
 * Pull by sha512 digests (end-2). A registry that takes sha512 blobs (capability `sha512`) serves them by that digest
 * like any other: HEAD 200, GET with exactly the pushed bytes (MUST), Range (SHOULD). Its Docker-Content-Digest MAY use
 * another algorithm ("the canonical digest … MAY differ from the provided digest"), but SHOULD name the body. A missing
 * sha512 blob is a missing blob on every registry: 404 (400 accepted where sha512 is unsupported, main: an unsupported
 * algorithm SHOULD get 400), so that check runs without the capability.
 */
import { sharedBlob } from '../common/pull-helpers.js';
import type { CheckDefinition } from '../../src/conformance/define-suite.js';
import { expectStatus, expectThat } from '../../src/conformance/expect.js';
import { digestMatches, digestOf, isValidDigest } from '../../src/oci/digest.js';
import { seedBlob, testBlob } from '../common/upload-helpers.js';
import { expectPartial, getRange, warnIfRangeIgnored } from './blob-range.js';
import { statements } from '../common/statements.js';

/** Size of the sha512 blob the sha512 pull checks read (see {@link sharedBlob}). */
const sha512BlobBytes = 4000;

export const pullSha512Checks: readonly CheckDefinition[] = [
  {
    id: 'sha512-blob-head-get',
    title: 'A sha512 blob answers HEAD 200 and GET 200 with exactly the pushed bytes by its sha512 digest',
    level: 'MUST',
    statement: statements.blobGet,
    spec: ['end-2'],
    api: 'blob-get',
    requires: ['sha512'],
    async run(ctx) {
      const { repo, blob } = await sharedBlob(ctx, sha512BlobBytes, 'sha512');
      const head = await ctx.client.headBlob(repo, blob.digest, { signal: ctx.signal });
      expectStatus(head, [200], ctx.rule);
      const length = head.headers['content-length'];
      const lengthRule = ctx.step('HEAD on a sha512 blob sends Content-Length equal to its size', { level: 'SHOULD' });
      expectThat(length === String(blob.content.length), lengthRule, `Content-Length: ${blob.content.length}`, `Content-Length: ${length ?? '(none)'}`, head);
      const get = await ctx.client.getBlob(repo, blob.digest, { signal: ctx.signal });
      expectStatus(get, [200], ctx.rule);
      const got = digestOf(get.body, 'sha512');
      const exact = !get.bodyTruncated && got === blob.digest && get.body.length === blob.content.length;
      expectThat(exact, ctx.rule, `${blob.content.length} bytes with digest ${blob.digest}`, `${get.body.length} bytes with digest ${got}`, get);
      const sent = get.headers['docker-content-digest'];
      if (sent !== undefined) {
        // The header MAY use the registry's own algorithm; whichever it is, it should name these bytes.
        const names = isValidDigest(sent) && digestMatches(get.body, sent);
        const rule = ctx.step('Docker-Content-Digest on a sha512 blob names its bytes (in any algorithm)', { level: 'SHOULD' });
        expectThat(names, rule, 'a digest of the body', `Docker-Content-Digest: ${sent}`, get);
      }
    },
  },
  {
    id: 'sha512-blob-range',
    title: 'GET of a sha512 blob with Range: bytes=100-1099 returns 206 with those bytes',
    level: 'SHOULD',
    spec: ['end-2'],
    api: 'blob-get',
    requires: ['sha512'],
    async run(ctx) {
      const { repo, blob } = await sharedBlob(ctx, sha512BlobBytes, 'sha512');
      const response = await getRange(ctx, repo, blob.digest, 'bytes=100-1099', ctx.rule, 'status 206');
      warnIfRangeIgnored(response, ctx.rule);
      expectPartial(response, blob, 100, 1099, ctx.rule);
    },
  },
  ...(['GET', 'HEAD'] as const).map(
    (method): CheckDefinition => ({
      id: `sha512-blob-missing-${method.toLowerCase()}-404`,
      title: `${method} on a sha512 digest the repository lacks returns 404 (or 400 where sha512 is unsupported)`,
      level: 'MUST',
      statement: method === 'GET' ? statements.blobMissing : statements.headMissing,
      spec: ['end-2'],
      api: method === 'GET' ? 'blob-get' : 'blob-head',
      async run(ctx) {
        const repo = ctx.repo();
        await seedBlob(ctx, repo, testBlob(ctx, 64), ctx.step(`${ctx.rule.rule} (pushing the repository's content)`));
        const missing = testBlob(ctx, 64, 'missing', 'sha512').digest;
        const options = { signal: ctx.signal };
        const response = method === 'GET' ? await ctx.client.getBlob(repo, missing, options) : await ctx.client.headBlob(repo, missing, options);
        expectStatus(response, ctx.capabilities.sha512 === 'supported' ? [404] : [404, 400], ctx.rule);
      },
    }),
  ),
];
