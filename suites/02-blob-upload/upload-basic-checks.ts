/**
 * Blob upload checks for the happy paths: POST session (end-4a), monolithic PUT (end-6), single POST (end-4b),
 * streamed PATCH (end-5), empty and repeated blobs, sha512 (end-4c). Composed by the suite in index.ts.
 */
import type { CheckDefinition } from '../../src/conformance/define-suite.js';
import { expectHeader, expectHeaderEquals, expectStatus, expectThat } from '../../src/conformance/expect.js';
import { digestOf } from '../../src/oci/digest.js';
import {
  expectBlobContent,
  monolithicPush,
  nextLocation,
  octetStream,
  startSession,
  testBlob,
} from '../common/upload-helpers.js';
import { statements } from '../common/statements.js';

const api = 'blob-upload';

export const uploadBasicChecks: readonly CheckDefinition[] = [
  {
    id: 'post-202-location',
    title: 'POST /blobs/uploads/ returns 202 with a Location',
    level: 'MUST',
    statement: statements.uploadPost,
    spec: ['end-4a'],
    api,
    async run(ctx) {
      const session = await startSession(ctx, ctx.repo(), {
        rule: 'POST /blobs/uploads/ returns 202 with a Location',
        spec: ['end-4a'],
      });
      await ctx.client.cancelUpload(session.location, { signal: ctx.signal });
    },
  },
  {
    id: 'post-upload-uuid',
    title: 'POST /blobs/uploads/ sends Docker-Upload-UUID',
    level: 'SHOULD',
    spec: ['end-4a'],
    api,
    async run(ctx) {
      const session = await startSession(ctx, ctx.repo(), ctx.rule);
      await ctx.client.cancelUpload(session.location, { signal: ctx.signal });
      expectHeader(session.response, 'Docker-Upload-UUID', ctx.rule);
    },
  },
  {
    id: 'post-location-names-session',
    title: 'The upload Location names a session, not the POST URL itself',
    level: 'SHOULD',
    spec: ['end-4a'],
    api,
    async run(ctx) {
      const session = await startSession(ctx, ctx.repo(), ctx.rule);
      await ctx.client.cancelUpload(session.location, { signal: ctx.signal });
      const path = new URL(session.location).pathname.replace(/\/+$/, '');
      expectThat(!path.endsWith('/blobs/uploads'), ctx.rule, 'a session path', session.location, session.response);
    },
  },
  {
    id: 'monolithic-put-201',
    title: 'POST then PUT with the whole blob returns 201',
    level: 'MUST',
    statement: statements.uploadPut,
    spec: ['end-4a', 'end-6'],
    api,
    async run(ctx) {
      const put = await monolithicPush(ctx, ctx.repo(), testBlob(ctx, 4096), ctx.rule);
      expectStatus(put, [201], ctx.rule);
    },
  },
  {
    id: 'monolithic-put-location',
    title: 'The 201 of a completed upload carries a Location',
    level: 'MUST',
    statement: statements.uploadPut,
    spec: ['end-6'],
    api,
    async run(ctx) {
      const put = await monolithicPush(ctx, ctx.repo(), testBlob(ctx, 512), ctx.rule);
      expectStatus(put, [201], ctx.rule);
      expectHeader(put, 'Location', ctx.rule);
    },
  },
  {
    id: 'monolithic-put-location-resolves',
    title: 'GET on the Location of a completed upload returns the blob',
    level: 'SHOULD',
    spec: ['end-6', 'end-2'],
    api,
    async run(ctx) {
      const blob = testBlob(ctx, 512);
      const put = await monolithicPush(ctx, ctx.repo(), blob, ctx.rule);
      expectStatus(put, [201], ctx.rule);
      const location = ctx.client.resolveLocation(expectHeader(put, 'Location', ctx.rule), put.url);
      const response = await ctx.client.request('GET', location, { signal: ctx.signal });
      expectStatus(response, [200], ctx.rule);
      const got = digestOf(response.body);
      expectThat(got === blob.digest, ctx.rule, `body with digest ${blob.digest}`, `body with digest ${got}`, response);
    },
  },
  {
    id: 'monolithic-put-digest-header',
    title: 'The 201 of a completed upload carries Docker-Content-Digest equal to the blob digest',
    level: 'SHOULD',
    spec: ['end-6'],
    api,
    async run(ctx) {
      const blob = testBlob(ctx, 512);
      const put = await monolithicPush(ctx, ctx.repo(), blob, ctx.rule);
      expectStatus(put, [201], ctx.rule);
      expectHeaderEquals(put, 'Docker-Content-Digest', blob.digest, ctx.rule);
    },
  },
  {
    id: 'monolithic-content-verified',
    title: 'A blob pushed with POST then PUT reads back with the same digest and length',
    level: 'MUST',
    statement: statements.blobGet,
    spec: ['end-6', 'end-2'],
    api,
    async run(ctx) {
      const repo = ctx.repo();
      const blob = testBlob(ctx, 70_000);
      expectStatus(await monolithicPush(ctx, repo, blob, ctx.rule), [201], ctx.rule);
      await expectBlobContent(ctx, repo, blob, ctx.rule);
    },
  },
  {
    id: 'single-post',
    title: 'POST ?digest= with the body returns 201, or 202 and the PUT completes it',
    level: 'MUST',
    statement: statements.singlePost,
    spec: ['end-4b', 'end-6'],
    api,
    async run(ctx) {
      const repo = ctx.repo();
      const blob = testBlob(ctx, 2048);
      const post = await ctx.client.startUpload(repo, { digest: blob.digest }, { body: blob.content, headers: octetStream, signal: ctx.signal });
      expectStatus(post, [201, 202], ctx.rule);
      if (post.status === 201) {
        ctx.note('single POST completed the upload (201)');
        ctx.cleanup.blob(repo, blob.digest);
        expectHeader(post, 'Location', ctx.rule);
      } else {
        ctx.note('single POST fell back to an upload session (202)');
        const location = nextLocation(ctx, post, '');
        expectThat(location !== '', ctx.rule, 'a Location on the 202', 'no Location', post);
        const put = await ctx.client.putUpload(location, blob.digest, { body: blob.content, headers: octetStream, signal: ctx.signal });
        expectStatus(put, [201], ctx.rule);
        ctx.cleanup.blob(repo, blob.digest);
      }
      await expectBlobContent(ctx, repo, blob, ctx.rule);
    },
  },
  {
    id: 'single-post-201',
    title: 'POST ?digest= with the body completes the upload in one request',
    level: 'MAY',
    spec: ['end-4b'],
    api,
    async run(ctx) {
      const repo = ctx.repo();
      const blob = testBlob(ctx, 1024);
      const post = await ctx.client.startUpload(repo, { digest: blob.digest }, { body: blob.content, headers: octetStream, signal: ctx.signal });
      if (post.status === 201) {
        ctx.cleanup.blob(repo, blob.digest);
      } else if (post.headers['location'] !== undefined) {
        await ctx.client.cancelUpload(nextLocation(ctx, post, ''), { signal: ctx.signal });
      }
      expectStatus(post, [201], ctx.rule);
    },
  },
  {
    id: 'streamed-patch',
    title: 'One PATCH without Content-Range then an empty PUT stores the blob',
    level: 'SHOULD',
    strict: "a PATCH without Content-Range (Docker's streamed upload) is not defined by the OCI spec, whose chunks carry Content-Range; clients such as docker and containerd send it, so regatta expects it to work",
    spec: ['end-5', 'end-6'],
    api,
    async run(ctx) {
      const repo = ctx.repo();
      const blob = testBlob(ctx, 10_000);
      const session = await startSession(ctx, repo, ctx.rule);
      const patch = await ctx.client.patchUpload(session.location, { body: blob.content, headers: octetStream, signal: ctx.signal });
      expectStatus(patch, [202], ctx.rule);
      const location = expectHeader(patch, 'Location', ctx.rule);
      const put = await ctx.client.putUpload(ctx.client.resolveLocation(location, patch.url), blob.digest, { signal: ctx.signal });
      expectStatus(put, [201], ctx.rule);
      ctx.cleanup.blob(repo, blob.digest);
      await expectBlobContent(ctx, repo, blob, ctx.rule);
    },
  },
  {
    id: 'streamed-patch-range',
    title: 'A streamed PATCH answers Range: 0-<last byte received>',
    level: 'SHOULD',
    spec: ['end-5'],
    api,
    async run(ctx) {
      const blob = testBlob(ctx, 3000);
      const session = await startSession(ctx, ctx.repo(), ctx.rule);
      const patch = await ctx.client.patchUpload(session.location, { body: blob.content, headers: octetStream, signal: ctx.signal });
      await ctx.client.cancelUpload(nextLocation(ctx, patch, session.location), { signal: ctx.signal });
      expectStatus(patch, [202], ctx.rule);
      expectHeaderEquals(patch, 'Range', `0-${blob.content.length - 1}`, ctx.rule);
    },
  },
  {
    id: 'empty-blob',
    title: 'A 0-byte blob uploads and reads back with the sha256 of empty content',
    level: 'MUST',
    statement: statements.uploadPut,
    spec: ['end-6', 'end-2'],
    api,
    async run(ctx) {
      const repo = ctx.repo();
      const blob = testBlob(ctx, 0);
      expectStatus(await monolithicPush(ctx, repo, blob, ctx.rule), [201], ctx.rule);
      await expectBlobContent(ctx, repo, blob, ctx.rule);
    },
  },
  {
    id: 'reupload-existing',
    title: 'Uploading a blob that already exists succeeds again and keeps its content',
    level: 'MUST',
    statement: statements.uploadPut,
    spec: ['end-6'],
    api,
    async run(ctx) {
      const repo = ctx.repo();
      const blob = testBlob(ctx, 4096);
      expectStatus(await monolithicPush(ctx, repo, blob, ctx.rule), [201], ctx.rule);
      expectStatus(await monolithicPush(ctx, repo, blob, ctx.rule), [201], ctx.rule);
      await expectBlobContent(ctx, repo, blob, ctx.rule);
    },
  },
  {
    id: 'sha512-upload',
    title: 'A blob uploads with a sha512 digest (digest-algorithm=sha512) and reads back by it',
    level: 'MAY',
    spec: ['end-4c', 'end-6'],
    api,
    async run(ctx) {
      const repo = ctx.repo();
      const blob = testBlob(ctx, 2048, '', 'sha512');
      // The session names the algorithm (digest-algorithm=sha512); cleanup covers the registry's own digest too.
      expectStatus(await monolithicPush(ctx, repo, blob, ctx.rule), [201], ctx.rule);
      await expectBlobContent(ctx, repo, blob, ctx.rule);
    },
  },
  {
    id: 'upload-session-gone-after-put',
    title: 'The upload session is gone after the PUT that completes it (status 404)',
    level: 'SHOULD',
    spec: ['end-13', 'code-3'],
    api,
    async run(ctx) {
      const repo = ctx.repo();
      const blob = testBlob(ctx, 256);
      const session = await startSession(ctx, repo, ctx.rule);
      const put = await ctx.client.putUpload(session.location, blob.digest, { body: blob.content, headers: octetStream, signal: ctx.signal });
      expectStatus(put, [201], ctx.rule);
      ctx.cleanup.blob(repo, blob.digest);
      const status = await ctx.client.getUploadStatus(session.location, { signal: ctx.signal });
      expectStatus(status, [404], ctx.rule);
    },
  },
];
