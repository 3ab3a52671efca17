/**
 * A wrong digest on every upload style beyond POST then PUT (upload-session-checks.ts has that one, and the single
 * POST the registry completes itself): streamed PATCH then PUT, chunked PATCHes then an empty PUT, chunked with the
 * last chunk in the PUT (end-5, end-6), and a single POST that falls back to a session (end-4b). Nothing may answer for
 * the wrong digest afterwards (MUST: content whose digest is another is not that blob, so the blob is "not found" and
 * HEAD answers 404); the closing request SHOULD be refused with 400 (end-6 lists 400, code-4 DIGEST_INVALID, and no
 * sentence puts a keyword on it).
 * The error code is judged once, by `digest-mismatch-400`, so one registry habit is not counted four times. A single
 * POST with a malformed digest SHOULD get 400 (main: "if the client provided digest is invalid or uses an unsupported
 * algorithm, the registry SHOULD respond with 400"), on the POST or on the PUT of its fallback session.
 */
import type { CheckContext, CheckDefinition } from '../../src/conformance/define-suite.js';
import { expectStatus, fail } from '../../src/conformance/expect.js';
import type { RegistryResponse } from '../../src/client/types.js';
import { UnsupportedApiError } from '../../src/errors/index.js';
import { digestOf } from '../../src/oci/digest.js';
import { chunkedPush } from './chunked-upload.js';
import { cleanupUploaded, expectBlobAbsent, nextLocation, octetStream, startSession, testBlob } from '../common/upload-helpers.js';
import { statements } from '../common/statements.js';

const api = 'blob-upload';

/** A digest that breaks the grammar: right algorithm, not hex (the form the official suite sends). */
export const malformedDigest = 'sha256:baddigeststring';

/** A digest no content of this check has. */
function wrongDigest(ctx: CheckContext): string {
  return digestOf(`not ${ctx.seed}`);
}

/** The wrong digest names nothing in the repository (MUST), and the closing request was refused with 400 (SHOULD). */
async function expectRefused(ctx: CheckContext, repo: string, wrong: string, response: RegistryResponse, location: string | undefined): Promise<void> {
  if (response.status === 201) {
    cleanupUploaded(ctx, repo, wrong, response);
  } else if (location !== undefined) {
    await ctx.client.cancelUpload(nextLocation(ctx, response, location), { signal: ctx.signal });
  }
  await expectBlobAbsent(ctx, repo, wrong, ctx.rule);
  expectStatus(response, [400], ctx.step('The request closing an upload with a wrong digest is refused with 400', { level: 'SHOULD' }));
}

/** A chunked upload (the tail in a last PATCH or in the PUT) closed with a wrong digest. */
async function chunkedWrong(ctx: CheckContext, tailInPut: boolean): Promise<void> {
  const repo = ctx.repo();
  const wrong = wrongDigest(ctx);
  const result = await chunkedPush(ctx, repo, ctx.rule, { chunkCount: 2, tailInPut, putDigest: wrong });
  for (const chunk of result.chunks) {
    expectStatus(chunk.response, [202], ctx.step(`${ctx.rule.rule} (PATCH ${chunk.start}-${chunk.end})`, { level: 'SHOULD' }));
  }
  if (result.put === undefined) {
    fail(ctx.step(ctx.rule.rule, { level: 'SHOULD' }), 'a closing PUT', 'no PUT sent');
  }
  await expectRefused(ctx, repo, wrong, result.put, result.put.url);
}

export const uploadWrongDigestChecks: readonly CheckDefinition[] = [
  {
    id: 'streamed-digest-mismatch-400',
    title: 'A streamed upload closed with a digest that does not match stores nothing under it, refused with 400',
    level: 'MUST',
    statement: statements.headMissing,
    spec: ['end-5', 'end-6', 'code-4'],
    api,
    async run(ctx) {
      const repo = ctx.repo();
      const wrong = wrongDigest(ctx);
      const session = await startSession(ctx, repo, ctx.rule);
      const blob = testBlob(ctx, 3000);
      const patch = await ctx.client.patchUpload(session.location, { body: blob.content, headers: octetStream, signal: ctx.signal });
      expectStatus(patch, [202], ctx.step(`${ctx.rule.rule} (the PATCH)`, { level: 'SHOULD' }));
      const location = nextLocation(ctx, patch, session.location);
      const put = await ctx.client.putUpload(location, wrong, { signal: ctx.signal });
      await expectRefused(ctx, repo, wrong, put, location);
    },
  },
  {
    id: 'chunked-digest-mismatch-400',
    title: 'A chunked upload closed with a digest that does not match stores nothing under it, refused with 400',
    level: 'MUST',
    statement: statements.headMissing,
    spec: ['end-5', 'end-6', 'code-4'],
    api,
    run: (ctx) => chunkedWrong(ctx, false),
  },
  {
    id: 'chunked-final-in-put-digest-mismatch-400',
    title: 'A chunked upload whose closing PUT carries the last chunk and a wrong digest stores nothing, refused with 400',
    level: 'MUST',
    statement: statements.headMissing,
    spec: ['end-5', 'end-6', 'code-4'],
    api,
    run: (ctx) => chunkedWrong(ctx, true),
  },
  {
    id: 'single-post-fallback-digest-mismatch-400',
    title: 'A single POST with a wrong digest stores nothing under it, refused with 400 on the POST or on the PUT after a 202',
    level: 'MUST',
    statement: statements.headMissing,
    spec: ['end-4b', 'end-6', 'code-4'],
    api,
    async run(ctx) {
      const repo = ctx.repo();
      const wrong = wrongDigest(ctx);
      const blob = testBlob(ctx, 900);
      const post = await ctx.client.startUpload(repo, { digest: wrong }, { body: blob.content, headers: octetStream, signal: ctx.signal });
      if (![202, 400].includes(post.status) && ctx.capabilities['single-post-upload'] === 'supported') {
        if (post.status === 201) {
          cleanupUploaded(ctx, repo, wrong, post);
        }
        // The registry completes single POSTs itself: single-post-digest-mismatch-400 judges that answer.
        throw new UnsupportedApiError(`the single POST was answered ${post.status}, judged by single-post-digest-mismatch-400`, 'single-post-upload');
      }
      if (post.status !== 202) {
        await expectRefused(ctx, repo, wrong, post, undefined);
        return;
      }
      ctx.note('single POST fell back to an upload session (202)');
      const location = nextLocation(ctx, post, '');
      const put = await ctx.client.putUpload(location, wrong, { body: blob.content, headers: octetStream, signal: ctx.signal });
      await expectRefused(ctx, repo, wrong, put, location);
    },
  },
  {
    id: 'single-post-malformed-digest-400',
    title: 'A single POST with a malformed digest returns 400, on the POST or on the PUT of its 202 fallback',
    level: 'SHOULD',
    spec: ['end-4b', 'end-6', 'code-4'],
    api,
    async run(ctx) {
      const repo = ctx.repo();
      const blob = testBlob(ctx, 300);
      const post = await ctx.client.startUpload(repo, { digest: malformedDigest }, { body: blob.content, headers: octetStream, signal: ctx.signal });
      if (post.status !== 202) {
        expectStatus(post, [400], ctx.rule);
        return;
      }
      const location = nextLocation(ctx, post, '');
      const put = await ctx.client.putUpload(location, malformedDigest, { body: blob.content, headers: octetStream, signal: ctx.signal });
      await ctx.client.cancelUpload(nextLocation(ctx, put, location), { signal: ctx.signal });
      expectStatus(put, [400], ctx.rule);
    },
  },
];
