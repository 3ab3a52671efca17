/**
 * Chunked upload checks: PATCH with `Content-Range` (end-5), the `Location` and `Range` of every 202 (#580, the ECR
 * `Range` bug), `OCI-Chunk-Min-Length`, the final chunk in PUT (end-6), out-of-order / repeated / overlapping chunks
 * → 416, resuming after a 416. Composed by the suite in index.ts.
 */
import type { CheckDefinition } from '../../src/conformance/define-suite.js';
import { describeResponse, expectHeader, expectStatus, expectThat, fail, type Rule } from '../../src/conformance/expect.js';
import { chunkedPush, chunkMinLength, chunkSizeFor, patchRange, type ChunkedPushResult } from './chunked-upload.js';
import { expectBlobContent, nextLocation, octetStream, rangeEnd, startSession, testBlob } from '../common/upload-helpers.js';
import { statements } from '../common/statements.js';

const api = 'blob-upload';

/**
 * Chunk size of the large-chunk check: above GHCR's 4 MiB cap on a chunk PATCH (registry-quirks §2 [H3]) and at
 * ECR's 5 MiB minimum part (§2 [E3]), the sizes clients such as containerd and oras pick.
 */
const largeChunkBytes = 5 * 1024 * 1024;

/** Every PATCH must have answered 202 and the PUT 201. */
function expectCompleted(result: ChunkedPushResult, rule: Rule): void {
  for (const chunk of result.chunks) {
    expectStatus(chunk.response, [202], { ...rule, rule: `${rule.rule} (PATCH ${chunk.start}-${chunk.end})` });
  }
  if (result.put === undefined) {
    fail(rule, 'a closing PUT', 'no PUT sent');
  }
  expectStatus(result.put, [201], rule);
}

/** Opens a session and sends its first chunk (202 expected); returns what the out-of-order checks need. */
async function firstChunk(ctx: Parameters<CheckDefinition['run']>[0], rule: Rule) {
  const session = await startSession(ctx, ctx.repo(), rule);
  const size = chunkSizeFor(session.response);
  const blob = testBlob(ctx, size * 3, 'chunks');
  const first = await patchRange(ctx, session.location, blob.content, 0, size - 1);
  expectStatus(first, [202], { ...rule, rule: `${rule.rule} (first chunk 0-${size - 1})` });
  return { blob, size, location: nextLocation(ctx, first, session.location) };
}

export const uploadChunkedChecks: readonly CheckDefinition[] = [
  {
    id: 'chunked-completes',
    title: 'A chunked upload (PATCH with Content-Range, then PUT) stores the exact blob',
    level: 'MUST',
    statement: statements.chunkClose,
    spec: ['end-5', 'end-6'],
    api,
    async run(ctx) {
      const repo = ctx.repo();
      const result = await chunkedPush(ctx, repo, ctx.rule);
      expectCompleted(result, ctx.rule);
      await expectBlobContent(ctx, repo, result.blob, ctx.rule);
    },
  },
  {
    id: 'chunked-large-chunks',
    title: 'A chunked upload with a 5 MiB chunk completes: the spec bounds a chunk only from below (OCI-Chunk-Min-Length)',
    level: 'SHOULD',
    spec: ['end-5', 'end-6'],
    api,
    async run(ctx) {
      const repo = ctx.repo();
      const result = await chunkedPush(ctx, repo, ctx.rule, { chunkCount: 1, chunkBytes: largeChunkBytes });
      expectCompleted(result, ctx.rule);
      await expectBlobContent(ctx, repo, result.blob, ctx.rule);
    },
  },
  {
    id: 'chunked-every-chunk-location',
    title: 'Every chunk PATCH answers 202 with a Location',
    level: 'MUST',
    statement: statements.chunkAccepted,
    spec: ['end-5'],
    api,
    async run(ctx) {
      const result = await chunkedPush(ctx, ctx.repo(), ctx.rule, { chunkCount: 4 });
      for (const chunk of result.chunks) {
        const chunkRule = ctx.step(`${ctx.rule.rule} (PATCH ${chunk.start}-${chunk.end})`);
        expectStatus(chunk.response, [202], chunkRule);
        expectHeader(chunk.response, 'Location', chunkRule);
      }
    },
  },
  {
    id: 'chunked-every-chunk-range',
    title: 'Every chunk PATCH answers Range: 0-<last byte of the blob so far>',
    level: 'MUST',
    statement: statements.chunkAccepted,
    spec: ['end-5'],
    api,
    async run(ctx) {
      const result = await chunkedPush(ctx, ctx.repo(), ctx.rule, { chunkCount: 4 });
      for (const chunk of result.chunks) {
        const chunkRule = ctx.step(`${ctx.rule.rule} (PATCH ${chunk.start}-${chunk.end})`);
        expectStatus(chunk.response, [202], chunkRule);
        const range = expectHeader(chunk.response, 'Range', chunkRule);
        expectThat(rangeEnd(range) === chunk.end, chunkRule, `Range: 0-${chunk.end}`, `Range: ${range}`, chunk.response);
      }
    },
  },
  {
    id: 'chunked-range-format',
    title: 'Chunk Range headers use the bare 0-<end> form without a bytes= prefix',
    level: 'SHOULD',
    spec: ['end-5'],
    api,
    async run(ctx) {
      const result = await chunkedPush(ctx, ctx.repo(), ctx.rule, { chunkCount: 2 });
      for (const chunk of result.chunks) {
        const range = chunk.response.headers['range'] ?? '(none)';
        expectThat(/^0-\d+$/.test(range), ctx.rule, 'Range: 0-<end>', `Range: ${range}`, chunk.response);
      }
    },
  },
  {
    id: 'chunk-min-length-valid',
    title: 'OCI-Chunk-Min-Length, when sent on the POST, is a positive integer',
    level: 'SHOULD',
    spec: ['end-4a', 'end-5'],
    api,
    async run(ctx) {
      const session = await startSession(ctx, ctx.repo(), ctx.rule);
      await ctx.client.cancelUpload(session.location, { signal: ctx.signal });
      const value = session.response.headers['oci-chunk-min-length'];
      if (value === undefined) {
        ctx.note('no OCI-Chunk-Min-Length sent');
        return;
      }
      ctx.note(`OCI-Chunk-Min-Length: ${value}`);
      expectThat(chunkMinLength(session.response) !== undefined, ctx.rule, 'a positive integer', value, session.response);
    },
  },
  {
    id: 'chunked-final-chunk-in-put',
    title: 'The last chunk may travel in the closing PUT with its Content-Range',
    level: 'MUST',
    statement: statements.chunkClose,
    spec: ['end-6'],
    api,
    async run(ctx) {
      const repo = ctx.repo();
      const result = await chunkedPush(ctx, repo, ctx.rule, { chunkCount: 2, tailInPut: true });
      expectCompleted(result, ctx.rule);
      await expectBlobContent(ctx, repo, result.blob, ctx.rule);
    },
  },
  {
    id: 'chunked-out-of-order-416',
    title: 'A chunk that skips ahead of the bytes received is refused with 416',
    level: 'MUST',
    statement: statements.chunkOutOfOrder,
    spec: ['end-5'],
    api,
    async run(ctx) {
      const { blob, size, location } = await firstChunk(ctx, ctx.rule);
      const skipped = await patchRange(ctx, location, blob.content, 2 * size, 3 * size - 1);
      await ctx.client.cancelUpload(location, { signal: ctx.signal });
      expectStatus(skipped, [416], ctx.rule);
    },
  },
  {
    id: 'chunked-first-not-zero-416',
    title: 'A first chunk that does not start at 0 is refused with 416',
    level: 'MUST',
    statement: statements.chunkOutOfOrder,
    spec: ['end-5'],
    api,
    async run(ctx) {
      const session = await startSession(ctx, ctx.repo(), ctx.rule);
      const size = chunkSizeFor(session.response);
      const blob = testBlob(ctx, size * 2);
      const response = await patchRange(ctx, session.location, blob.content, size, 2 * size - 1);
      await ctx.client.cancelUpload(session.location, { signal: ctx.signal });
      expectStatus(response, [416], ctx.rule);
    },
  },
  {
    id: 'chunked-repeated-416',
    title: 'A repeated chunk is refused with 416',
    level: 'MUST',
    statement: statements.chunkOutOfOrder,
    spec: ['end-5'],
    api,
    async run(ctx) {
      const { blob, size, location } = await firstChunk(ctx, ctx.rule);
      const again = await patchRange(ctx, location, blob.content, 0, size - 1);
      await ctx.client.cancelUpload(location, { signal: ctx.signal });
      expectStatus(again, [416], ctx.rule);
    },
  },
  {
    id: 'chunked-overlap-416',
    title: 'A chunk overlapping bytes already received is refused with 416',
    level: 'MUST',
    statement: statements.chunkOutOfOrder,
    spec: ['end-5'],
    api,
    async run(ctx) {
      const { blob, size, location } = await firstChunk(ctx, ctx.rule);
      const half = Math.floor(size / 2);
      const overlap = await patchRange(ctx, location, blob.content, half, half + size - 1);
      await ctx.client.cancelUpload(location, { signal: ctx.signal });
      expectStatus(overlap, [416], ctx.rule);
    },
  },
  {
    id: 'chunked-416-range',
    title: 'A 416 on a chunk carries Range: 0-<last byte received> and a Location',
    level: 'SHOULD',
    spec: ['end-5'],
    api,
    async run(ctx) {
      const { blob, size, location } = await firstChunk(ctx, ctx.rule);
      const skipped = await patchRange(ctx, location, blob.content, 2 * size, 3 * size - 1);
      await ctx.client.cancelUpload(location, { signal: ctx.signal });
      expectStatus(skipped, [416], ctx.rule);
      const range = expectHeader(skipped, 'Range', ctx.rule);
      expectThat(rangeEnd(range) === size - 1, ctx.rule, `Range: 0-${size - 1}`, `Range: ${range}`, skipped);
      expectHeader(skipped, 'Location', ctx.rule);
    },
  },
  {
    id: 'chunked-resume-after-416',
    title: 'After a 416 the upload resumes from the Range of the status GET and completes intact',
    level: 'SHOULD',
    spec: ['end-5', 'end-13'],
    api,
    async run(ctx) {
      const repo = ctx.repo();
      const session = await startSession(ctx, repo, ctx.rule);
      const size = chunkSizeFor(session.response);
      const blob = testBlob(ctx, size * 2 + 10, 'resume');
      const first = await patchRange(ctx, session.location, blob.content, 0, size - 1);
      expectStatus(first, [202], ctx.rule);
      let location = nextLocation(ctx, first, session.location);
      const skipped = await patchRange(ctx, location, blob.content, size + 5, blob.content.length - 1);
      expectStatus(skipped, [416], ctx.rule);
      location = nextLocation(ctx, skipped, location);
      const status = await ctx.client.getUploadStatus(location, { signal: ctx.signal });
      expectStatus(status, [204], ctx.rule);
      const end = rangeEnd(status.headers['range']);
      if (end === undefined) {
        fail(ctx.rule, 'Range: 0-<end> on the status', describeResponse(status), status);
      }
      location = nextLocation(ctx, status, location);
      const rest = await patchRange(ctx, location, blob.content, end + 1, blob.content.length - 1);
      expectStatus(rest, [202], ctx.rule);
      const put = await ctx.client.putUpload(nextLocation(ctx, rest, location), blob.digest, { signal: ctx.signal });
      expectStatus(put, [201], ctx.rule);
      ctx.cleanup.blob(repo, blob.digest);
      await expectBlobContent(ctx, repo, blob, ctx.rule);
    },
  },
  {
    id: 'chunked-put-out-of-order-416',
    title: 'A closing PUT whose Content-Range skips ahead is refused with 416',
    level: 'SHOULD',
    spec: ['end-6'],
    api,
    async run(ctx) {
      const { blob, size, location } = await firstChunk(ctx, ctx.rule);
      const put = await ctx.client.putUpload(location, blob.digest, {
        body: blob.content.subarray(2 * size),
        headers: { ...octetStream, 'content-range': `${2 * size}-${3 * size - 1}` },
        signal: ctx.signal,
      });
      if (put.status === 201) {
        ctx.cleanup.blob(ctx.repo(), blob.digest);
      } else {
        await ctx.client.cancelUpload(location, { signal: ctx.signal });
      }
      expectStatus(put, [416], ctx.rule);
    },
  },
  {
    id: 'content-range-length-mismatch',
    title: 'A PATCH whose Content-Range disagrees with its body length is refused (416 or 400)',
    level: 'SHOULD',
    spec: ['end-5', 'code-10'],
    api,
    async run(ctx) {
      const session = await startSession(ctx, ctx.repo(), ctx.rule);
      const blob = testBlob(ctx, 100);
      const patch = await ctx.client.patchUpload(session.location, {
        body: blob.content,
        headers: { ...octetStream, 'content-range': '0-199' },
        signal: ctx.signal,
      });
      await ctx.client.cancelUpload(nextLocation(ctx, patch, session.location), { signal: ctx.signal });
      expectStatus(patch, [416, 400], ctx.rule);
    },
  },
];
