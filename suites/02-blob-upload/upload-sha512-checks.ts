/**
 * sha512 across every upload style: single POST (end-4b), streamed PATCH (end-5), chunked PATCH with the last chunk in
 * a PATCH or in the closing PUT (end-5, end-6), out-of-order chunks (416), and a wrong sha512 digest. The spec names
 * sha512 (end-4c, `?digest-algorithm=`) without requiring it, so the completions need the `sha512` capability (the
 * probe saw POST then PUT take a sha512 digest). Once a registry takes sha512, every rule of the path holds with it:
 * a completed upload reads back by its sha512 digest, a 416 stays a 416. Refusing sha512 on one path while taking it on
 * another is allowed by the words ("an unsupported algorithm SHOULD get 400"), so such a 400 only warns, and so do the
 * statuses of the upload itself (the spec conditions them on success); what a MUST holds is the read-back. Rules that
 * hold whatever the algorithm (out-of-order 416, a wrong digest refused, a clean answer to a sha512 single POST) run on
 * every registry.
 */
import type { CheckContext, CheckDefinition } from '../../src/conformance/define-suite.js';
import { describeResponse, expectHeader, expectStatus, fail } from '../../src/conformance/expect.js';
import type { RegistryResponse } from '../../src/client/types.js';
import { UnsupportedApiError } from '../../src/errors/index.js';
import { digestOf } from '../../src/oci/digest.js';
import { chunkedPush, chunkSizeFor, patchRange } from './chunked-upload.js';
import {
  cleanupUploaded,
  expectBlobAbsent,
  expectBlobContent,
  nextLocation,
  octetStream,
  startSession,
  testBlob,
  type UploadSession,
} from '../common/upload-helpers.js';
import { statements } from '../common/statements.js';

const api = 'blob-upload';

/**
 * A 400 on a path of a registry that takes sha512 on POST then PUT: the spec lets it refuse an algorithm (SHOULD 400
 * for an unsupported one), so this warns; anything else is judged by the check's MUST.
 */
function expectTakesSha512(ctx: CheckContext, response: RegistryResponse, path: string): void {
  if (response.status === 400) {
    const rule = ctx.step(`A registry that takes sha512 digests on POST then PUT takes them on ${path} too`, { level: 'SHOULD' });
    fail(rule, 'the sha512 upload accepted', describeResponse(response), response);
  }
}

/**
 * Opens an upload session for sha512 content (POST ?digest-algorithm=sha512 → 202 with Location). A 400 is the
 * spec's refusal of an unsupported algorithm: the check has nothing to test then, and is skipped.
 */
async function openSha512Session(ctx: CheckContext, repo: string): Promise<UploadSession> {
  const response = await ctx.client.startUpload(repo, { digestAlgorithm: 'sha512' }, { signal: ctx.signal });
  if (response.status === 400) {
    throw new UnsupportedApiError('the registry refuses upload sessions for sha512 (400)', 'sha512');
  }
  const rule = ctx.step('POST ?digest-algorithm=sha512 returns 202 with a Location', { spec: ['end-4a', 'end-4c'] });
  expectStatus(response, [202], rule);
  return { response, location: ctx.client.resolveLocation(expectHeader(response, 'Location', rule), response.url) };
}

/** A chunked sha512 upload (the tail in the PUT or in a last PATCH) completes and reads back by its sha512 digest. */
async function chunkedSha512(ctx: CheckContext, tailInPut: boolean): Promise<void> {
  const repo = ctx.repo();
  const result = await chunkedPush(ctx, repo, ctx.rule, { chunkCount: 2, tailInPut, algorithm: 'sha512' });
  for (const chunk of result.chunks) {
    expectStatus(chunk.response, [202], ctx.step(`${ctx.rule.rule} (PATCH ${chunk.start}-${chunk.end})`, { level: 'SHOULD' }));
  }
  if (result.put === undefined) {
    fail(ctx.step(ctx.rule.rule, { level: 'SHOULD' }), 'a closing PUT', 'no PUT sent');
  }
  expectTakesSha512(ctx, result.put, tailInPut ? 'a chunked upload closed by a PUT with the last chunk' : 'a chunked upload');
  expectStatus(result.put, [201], ctx.step(`${ctx.rule.rule} (the closing PUT)`, { level: 'SHOULD' }));
  await expectBlobContent(ctx, repo, result.blob, ctx.rule);
}

export const uploadSha512Checks: readonly CheckDefinition[] = [
  {
    id: 'sha512-single-post',
    title: 'POST ?digest=sha512:… with the body returns 201, or 202 and the PUT completes it; the blob reads back by it',
    level: 'MUST',
    statement: statements.blobGet,
    spec: ['end-4b', 'end-6', 'end-2'],
    api,
    requires: ['sha512'],
    async run(ctx) {
      const repo = ctx.repo();
      const blob = testBlob(ctx, 2048, '', 'sha512');
      const post = await ctx.client.startUpload(repo, { digest: blob.digest }, { body: blob.content, headers: octetStream, signal: ctx.signal });
      expectTakesSha512(ctx, post, 'a single POST');
      expectStatus(post, [201, 202], ctx.step(`${ctx.rule.rule} (the POST)`, { level: 'SHOULD' }));
      if (post.status === 201) {
        cleanupUploaded(ctx, repo, blob.digest, post);
      } else {
        const location = expectHeader(post, 'Location', ctx.step(`${ctx.rule.rule} (the 202)`, { level: 'SHOULD' }));
        const put = await ctx.client.putUpload(ctx.client.resolveLocation(location, post.url), blob.digest, {
          body: blob.content,
          headers: octetStream,
          signal: ctx.signal,
        });
        if (put.status === 201) {
          cleanupUploaded(ctx, repo, blob.digest, put);
        }
        expectTakesSha512(ctx, put, 'the PUT after a single POST fell back to a session');
        expectStatus(put, [201], ctx.step(`${ctx.rule.rule} (the PUT)`, { level: 'SHOULD' }));
      }
      await expectBlobContent(ctx, repo, blob, ctx.rule);
    },
  },
  {
    id: 'sha512-single-post-answer',
    title: 'A single POST with a sha512 digest answers 201 or 202, or 400 where sha512 is unsupported, never a 5xx',
    level: 'SHOULD',
    spec: ['end-4b', 'end-4c'],
    api,
    async run(ctx) {
      // No capability gate: the answer to an algorithm the registry lacks is the point (main: SHOULD get 400).
      const repo = ctx.repo();
      const blob = testBlob(ctx, 1024, '', 'sha512');
      const post = await ctx.client.startUpload(repo, { digest: blob.digest }, { body: blob.content, headers: octetStream, signal: ctx.signal });
      if (post.status === 201) {
        cleanupUploaded(ctx, repo, blob.digest, post);
      } else if (post.status === 202 && post.headers['location'] !== undefined) {
        await ctx.client.cancelUpload(nextLocation(ctx, post, ''), { signal: ctx.signal });
      }
      expectStatus(post, ctx.capabilities.sha512 === 'unsupported' ? [201, 202, 400] : [201, 202], ctx.rule);
    },
  },
  {
    id: 'sha512-streamed',
    title: 'A streamed sha512 upload (POST ?digest-algorithm=sha512, one PATCH, empty PUT) stores the blob under its sha512',
    level: 'MUST',
    statement: statements.blobGet,
    spec: ['end-4c', 'end-5', 'end-6', 'end-2'],
    api,
    requires: ['sha512'],
    async run(ctx) {
      const repo = ctx.repo();
      const blob = testBlob(ctx, 5000, '', 'sha512');
      const session = await startSession(ctx, repo, ctx.rule, 'sha512');
      const patch = await ctx.client.patchUpload(session.location, { body: blob.content, headers: octetStream, signal: ctx.signal });
      expectStatus(patch, [202], ctx.step(`${ctx.rule.rule} (the PATCH)`, { level: 'SHOULD' }));
      const put = await ctx.client.putUpload(nextLocation(ctx, patch, session.location), blob.digest, { signal: ctx.signal });
      if (put.status === 201) {
        cleanupUploaded(ctx, repo, blob.digest, put);
      }
      expectTakesSha512(ctx, put, 'a streamed upload');
      expectStatus(put, [201], ctx.step(`${ctx.rule.rule} (the PUT)`, { level: 'SHOULD' }));
      await expectBlobContent(ctx, repo, blob, ctx.rule);
    },
  },
  {
    id: 'chunked-sha512',
    title: 'A chunked sha512 upload (PATCHes with Content-Range, empty PUT) stores the blob under its sha512',
    level: 'MUST',
    statement: statements.blobGet,
    spec: ['end-4c', 'end-5', 'end-6', 'end-2'],
    api,
    requires: ['sha512'],
    run: (ctx) => chunkedSha512(ctx, false),
  },
  {
    id: 'chunked-sha512-final-in-put',
    title: 'A chunked sha512 upload whose last chunk travels in the closing PUT stores the blob under its sha512',
    level: 'MUST',
    statement: statements.blobGet,
    spec: ['end-4c', 'end-5', 'end-6', 'end-2'],
    api,
    requires: ['sha512'],
    run: (ctx) => chunkedSha512(ctx, true),
  },
  {
    id: 'chunked-sha512-out-of-order-416',
    title: 'In a sha512 upload session a chunk that skips ahead of the bytes received is refused with 416',
    level: 'MUST',
    statement: statements.chunkOutOfOrder,
    spec: ['end-4c', 'end-5'],
    api,
    async run(ctx) {
      // No capability gate: the 416 rule holds in any session the registry opens; only a refused session skips.
      const session = await openSha512Session(ctx, ctx.repo());
      const size = chunkSizeFor(session.response);
      const blob = testBlob(ctx, size * 3, 'chunks', 'sha512');
      const first = await patchRange(ctx, session.location, blob.content, 0, size - 1);
      expectStatus(first, [202], ctx.step(`${ctx.rule.rule} (first chunk 0-${size - 1})`));
      const location = nextLocation(ctx, first, session.location);
      const skipped = await patchRange(ctx, location, blob.content, 2 * size, 3 * size - 1);
      await ctx.client.cancelUpload(nextLocation(ctx, skipped, location), { signal: ctx.signal });
      expectStatus(skipped, [416], ctx.rule);
    },
  },
  {
    id: 'sha512-digest-mismatch-400',
    title: 'A PUT whose sha512 digest does not match the content stores nothing under it, refused with 400',
    level: 'MUST',
    statement: statements.headMissing,
    spec: ['end-6', 'code-4', 'end-2'],
    api,
    async run(ctx) {
      // No capability gate: a registry without sha512 refuses the PUT with 400 as well, and stores nothing either way.
      const repo = ctx.repo();
      const blob = testBlob(ctx, 700, '', 'sha512');
      const wrong = digestOf(`not ${ctx.seed}`, 'sha512');
      const session = await openSha512Session(ctx, repo);
      const put = await ctx.client.putUpload(session.location, wrong, {
        body: blob.content,
        headers: octetStream,
        signal: ctx.signal,
      });
      if (put.status === 201) {
        cleanupUploaded(ctx, repo, wrong, put);
      } else {
        await ctx.client.cancelUpload(nextLocation(ctx, put, session.location), { signal: ctx.signal });
      }
      // Content whose digest is not the one named is not that blob: nothing may answer for the wrong digest.
      await expectBlobAbsent(ctx, repo, wrong, ctx.rule);
      expectStatus(put, [400], ctx.step('A PUT whose sha512 digest does not match the content is refused with 400', { level: 'SHOULD' }));
    },
  },
];
