/**
 * Upload session checks: status GET (end-13), cancel (end-14), unknown sessions (code-3), digest errors on PUT
 * (end-6, code-4), invalid repository names (code-8), and invisibility of unfinished uploads. Composed by
 * the suite in index.ts.
 */
import type { CheckDefinition } from '../../src/conformance/define-suite.js';
import { expectErrorCode, expectHeader, expectStatus, expectThat } from '../../src/conformance/expect.js';
import { digestOf } from '../../src/oci/digest.js';
import { patchRange } from './chunked-upload.js';
import {
  expectBlobAbsent,
  nextLocation,
  octetStream,
  rangeEnd,
  startSession,
  testBlob,
  unknownSessionPath,
} from '../common/upload-helpers.js';
import { statements } from '../common/statements.js';

const api = 'blob-upload';

/** An invalid variant of a digest: right algorithm, impossible hex. */
const malformedDigest = 'sha256:not-a-hex-digest';

export const uploadSessionChecks: readonly CheckDefinition[] = [
  {
    id: 'status-204',
    title: 'GET on an upload session returns 204',
    level: 'MUST',
    statement: statements.uploadStatus,
    spec: ['end-13'],
    api: 'blob-upload-status',
    async run(ctx) {
      const session = await startSession(ctx, ctx.repo(), ctx.rule);
      const status = await ctx.client.getUploadStatus(session.location, { signal: ctx.signal });
      await ctx.client.cancelUpload(session.location, { signal: ctx.signal });
      expectStatus(status, [204], ctx.rule);
    },
  },
  {
    id: 'status-range-location',
    title: 'Upload status after a chunk returns 204 with Range: 0-<last byte> and a Location',
    level: 'MUST',
    statement: statements.uploadStatus,
    spec: ['end-13'],
    api: 'blob-upload-status',
    async run(ctx) {
      const session = await startSession(ctx, ctx.repo(), ctx.rule);
      const blob = testBlob(ctx, 777);
      const patch = await patchRange(ctx, session.location, blob.content, 0, 776);
      expectStatus(patch, [202], ctx.rule);
      const location = nextLocation(ctx, patch, session.location);
      const status = await ctx.client.getUploadStatus(location, { signal: ctx.signal });
      await ctx.client.cancelUpload(location, { signal: ctx.signal });
      expectStatus(status, [204], ctx.rule);
      const range = expectHeader(status, 'Range', ctx.rule);
      expectThat(rangeEnd(range) === 776, ctx.rule, 'Range: 0-776', `Range: ${range}`, status);
      expectHeader(status, 'Location', ctx.rule);
    },
  },
  {
    id: 'cancel-204',
    title: 'DELETE on an upload session cancels it with 204',
    level: 'SHOULD',
    spec: ['end-14'],
    api: 'blob-upload-cancel',
    requires: ['upload-cancel'],
    async run(ctx) {
      const session = await startSession(ctx, ctx.repo(), ctx.rule);
      expectStatus(await ctx.client.cancelUpload(session.location, { signal: ctx.signal }), [204], ctx.rule);
    },
  },
  {
    id: 'cancel-then-status-404',
    title: 'A cancelled upload session answers 404 BLOB_UPLOAD_UNKNOWN',
    level: 'SHOULD',
    strict: "the spec lists 404 among the failure codes of end-13 but puts no keyword on an ended session; a session that outlives its cancel keeps server resources",
    spec: ['end-14', 'end-13', 'code-3'],
    api: 'blob-upload-cancel',
    requires: ['upload-cancel'],
    async run(ctx) {
      const rule = { rule: 'A cancelled upload session answers 404', spec: ['end-14', 'end-13'] };
      const session = await startSession(ctx, ctx.repo(), rule);
      const cancel = await ctx.client.cancelUpload(session.location, { signal: ctx.signal });
      expectStatus(cancel, [200, 202, 204], { ...rule, rule: 'DELETE on an upload session succeeds' });
      const status = await ctx.client.getUploadStatus(session.location, { signal: ctx.signal });
      expectStatus(status, [404], rule);
      expectErrorCode(status, ['BLOB_UPLOAD_UNKNOWN'], {
        rule: 'A cancelled upload session answers BLOB_UPLOAD_UNKNOWN',
        spec: ['code-3'],
        level: 'SHOULD',
      });
    },
  },
  ...(['patch', 'put', 'status'] as const).map(
    (kind): CheckDefinition => ({
      id: `unknown-session-${kind}-404`,
      title: `${kind === 'status' ? 'GET' : kind.toUpperCase()} on an unknown upload session returns 404 BLOB_UPLOAD_UNKNOWN`,
      level: 'SHOULD',
      strict: `the endpoint table lists 404 for ${kind === 'patch' ? 'end-5' : kind === 'put' ? 'end-6' : 'end-13'} without a keyword; regatta expects an unknown session to be refused with 404 BLOB_UPLOAD_UNKNOWN`,
      spec: [kind === 'patch' ? 'end-5' : kind === 'put' ? 'end-6' : 'end-13', 'code-3'],
      api: kind === 'status' ? 'blob-upload-status' : 'blob-upload',
      async run(ctx) {
        const verb = kind === 'status' ? 'GET' : kind.toUpperCase();
        const rule = { rule: `${verb} on an unknown upload session returns 404`, spec: [kind === 'patch' ? 'end-5' : kind === 'put' ? 'end-6' : 'end-13'] };
        const repo = ctx.repo();
        const blob = testBlob(ctx, 64);
        const path = unknownSessionPath(repo);
        const options = { body: blob.content, headers: { ...octetStream, 'content-range': '0-63' }, signal: ctx.signal };
        const response =
          kind === 'patch'
            ? await ctx.client.patchUpload(path, options)
            : kind === 'put'
              ? await ctx.client.putUpload(path, blob.digest, options)
              : await ctx.client.getUploadStatus(path, { signal: ctx.signal });
        expectStatus(response, [404], rule);
        // A made-up session carries none of the registry's own state (distribution's `_state`), so BLOB_UPLOAD_INVALID
        // is an honest answer too; a session the registry itself ended must be BLOB_UPLOAD_UNKNOWN (cancel check).
        expectErrorCode(response, ['BLOB_UPLOAD_UNKNOWN', 'BLOB_UPLOAD_INVALID'], {
          rule: `${verb} on an unknown upload session answers BLOB_UPLOAD_UNKNOWN`,
          spec: ['code-3'],
          level: 'SHOULD',
        });
      },
    }),
  ),
  {
    id: 'digest-mismatch-400',
    title: 'A PUT whose digest does not match the content returns 400 DIGEST_INVALID',
    level: 'SHOULD',
    strict: "the spec puts the digest MUST on the client and lists 400 / DIGEST_INVALID for end-6 without a keyword on the registry; storing content under a digest it does not have breaks content addressability",
    spec: ['end-6', 'code-4'],
    api,
    async run(ctx) {
      const rule = ctx.step('A PUT whose digest does not match the content returns 400');
      const session = await startSession(ctx, ctx.repo(), rule);
      const blob = testBlob(ctx, 500);
      const wrong = digestOf(`not ${ctx.seed}`);
      const put = await ctx.client.putUpload(session.location, wrong, { body: blob.content, headers: octetStream, signal: ctx.signal });
      if (put.status === 201) {
        ctx.cleanup.blob(ctx.repo(), wrong);
      }
      expectStatus(put, [400], rule);
      expectErrorCode(put, ['DIGEST_INVALID'], { rule: 'A digest mismatch answers DIGEST_INVALID', spec: ['code-4'], level: 'SHOULD' });
    },
  },
  {
    id: 'digest-mismatch-not-stored',
    title: 'Content refused for a digest mismatch is stored under neither digest',
    level: 'SHOULD',
    strict: "implied by content addressability (a digest is the hash of the content), stated by no keyword on the registry",
    spec: ['end-6', 'end-2'],
    api,
    async run(ctx) {
      const repo = ctx.repo();
      const session = await startSession(ctx, repo, ctx.rule);
      const blob = testBlob(ctx, 500);
      const wrong = digestOf(`not ${ctx.seed}`);
      const put = await ctx.client.putUpload(session.location, wrong, { body: blob.content, headers: octetStream, signal: ctx.signal });
      if (put.status === 201) {
        ctx.cleanup.blob(repo, wrong);
      }
      await expectBlobAbsent(ctx, repo, wrong, ctx.rule);
      await expectBlobAbsent(ctx, repo, blob.digest, ctx.rule);
    },
  },
  {
    id: 'put-without-digest-400',
    title: 'A closing PUT without a digest parameter returns 400',
    level: 'SHOULD',
    strict: "the closing PUT MUST include the digest: a client rule; the registry's 400 is listed for end-6 without a keyword",
    spec: ['end-6'],
    api,
    async run(ctx) {
      const session = await startSession(ctx, ctx.repo(), ctx.rule);
      const blob = testBlob(ctx, 300);
      const put = await ctx.client.request('PUT', session.location, { body: blob.content, headers: octetStream, signal: ctx.signal });
      await ctx.client.cancelUpload(nextLocation(ctx, put, session.location), { signal: ctx.signal });
      expectStatus(put, [400], ctx.rule);
    },
  },
  {
    id: 'malformed-digest-400',
    title: 'A closing PUT with a malformed digest returns 400',
    level: 'SHOULD',
    spec: ['end-6', 'code-4'],
    api,
    async run(ctx) {
      const session = await startSession(ctx, ctx.repo(), ctx.rule);
      const blob = testBlob(ctx, 300);
      const put = await ctx.client.putUpload(session.location, malformedDigest, { body: blob.content, headers: octetStream, signal: ctx.signal });
      await ctx.client.cancelUpload(nextLocation(ctx, put, session.location), { signal: ctx.signal });
      expectStatus(put, [400], ctx.rule);
    },
  },
  {
    id: 'unsupported-algorithm-400',
    title: 'A closing PUT with an unsupported digest algorithm returns 400',
    level: 'SHOULD',
    spec: ['end-6', 'code-4'],
    api,
    async run(ctx) {
      const session = await startSession(ctx, ctx.repo(), ctx.rule);
      const blob = testBlob(ctx, 300);
      const digest = `regatta:${'0'.repeat(64)}`;
      const put = await ctx.client.putUpload(session.location, digest, { body: blob.content, headers: octetStream, signal: ctx.signal });
      await ctx.client.cancelUpload(nextLocation(ctx, put, session.location), { signal: ctx.signal });
      expectStatus(put, [400], ctx.rule);
    },
  },
  {
    id: 'single-post-digest-mismatch-400',
    title: 'A single POST whose digest does not match the body returns 400',
    level: 'SHOULD',
    strict: "the spec puts the digest MUST on the client (the <digest> MUST match the blob's digest); refusing a mismatch is implied, not stated for the registry",
    spec: ['end-4b', 'code-4'],
    api,
    requires: ['single-post-upload'],
    async run(ctx) {
      const repo = ctx.repo();
      const blob = testBlob(ctx, 400);
      const wrong = digestOf(`not ${ctx.seed}`);
      const post = await ctx.client.startUpload(repo, { digest: wrong }, { body: blob.content, headers: octetStream, signal: ctx.signal });
      if (post.status === 201) {
        ctx.cleanup.blob(repo, wrong);
      }
      expectStatus(post, [400], ctx.rule);
      expectErrorCode(post, ['DIGEST_INVALID'], { rule: 'A digest mismatch answers DIGEST_INVALID', spec: ['code-4'], level: 'SHOULD' });
    },
  },
  ...(
    [
      ['invalid-name-uppercase', 'UPPER-Case'],
      ['invalid-name-separator', 'double..dot'],
    ] as const
  ).map(
    ([id, leaf]): CheckDefinition => ({
      id,
      title: `POST /blobs/uploads/ on an invalid repository name ("${leaf}") returns 400 or 404 NAME_INVALID`,
      level: 'SHOULD',
      strict: 'the name grammar is a MUST on names, not a MUST that registries refuse others (NAME_INVALID is listed without a keyword)',
      spec: ['end-4a', 'code-8'],
      api,
      async run(ctx) {
        const rule = { rule: `POST /blobs/uploads/ on an invalid repository name ("${leaf}") returns 400 or 404`, spec: ['end-4a'] };
        const response = await ctx.client.startUpload(`${ctx.namespace}/${leaf}`, {}, { signal: ctx.signal });
        if (response.status === 202 && response.headers['location'] !== undefined) {
          await ctx.client.cancelUpload(nextLocation(ctx, response, ''), { signal: ctx.signal });
        }
        expectStatus(response, [400, 404], rule);
        expectErrorCode(response, ['NAME_INVALID'], { rule: 'An invalid repository name answers NAME_INVALID', spec: ['code-8'], level: 'SHOULD' });
      },
    }),
  ),
  {
    id: 'not-visible-before-complete',
    title: 'A blob is not visible (HEAD 404) before its upload completes',
    level: 'SHOULD',
    strict: "implied: a blob exists once its upload completes (201); the spec states no keyword about a blob mid-upload",
    spec: ['end-5', 'end-2'],
    api,
    async run(ctx) {
      const repo = ctx.repo();
      const session = await startSession(ctx, repo, ctx.rule);
      const blob = testBlob(ctx, 900);
      const patch = await ctx.client.patchUpload(session.location, { body: blob.content, headers: octetStream, signal: ctx.signal });
      expectStatus(patch, [202], ctx.rule);
      const location = nextLocation(ctx, patch, session.location);
      try {
        await expectBlobAbsent(ctx, repo, blob.digest, ctx.rule);
      } finally {
        await ctx.client.cancelUpload(location, { signal: ctx.signal });
      }
    },
  },
];
