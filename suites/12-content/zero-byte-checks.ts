/**
 * The zero-byte blob through single POST `?digest=` with an empty body (end-4b): 201, or the 202 fallback with a
 * session. A registry that does not complete single POSTs SHOULD answer 202, so a refusal only warns.
 */
import type { CheckContext, CheckDefinition } from '../../src/conformance/define-suite.js';
import { describeResponse, expectStatus, expectThat } from '../../src/conformance/expect.js';
import { digestOf } from '../../src/oci/digest.js';
import { nextLocation, octetStream } from '../common/upload-helpers.js';
import { statements } from '../common/statements.js';

const emptyDigest = digestOf(new Uint8Array(0));

/** The empty blob must then read back: 200 with no bytes. */
async function expectEmptyBlob(ctx: CheckContext, repo: string): Promise<void> {
  const read = await ctx.client.getBlob(repo, emptyDigest, { signal: ctx.signal });
  expectStatus(read, [200], ctx.step('the zero-byte blob then reads back with 200'));
  expectThat(read.body.length === 0, ctx.step('the zero-byte blob reads back with no bytes'), '0 bytes', `${read.body.length} bytes`, read);
}

/** The zero-byte checks, sha256 only (the official suite's `empty` blob tests). */
export const zeroByteChecks: readonly CheckDefinition[] = [
  {
    id: 'sha256-zero-byte-blob-single-post',
    title: 'Content set zero-byte-blob (sha256 blobs): a single POST ?digest= with an empty body returns 201, or 202 with a session to PUT to',
    level: 'SHOULD',
    statement: statements.singlePost,
    spec: ['end-4b'],
    api: 'blob-upload',
    async run(ctx) {
      const repo = ctx.repo();
      const post = await ctx.client.startUpload(repo, { digest: emptyDigest }, { body: new Uint8Array(0), headers: octetStream, signal: ctx.signal });
      expectThat(post.status === 201 || post.status === 202, ctx.rule, 'status 201 or 202', describeResponse(post), post);
      if (post.status === 202) {
        const put = await ctx.client.putUpload(nextLocation(ctx, post, post.url), emptyDigest, { body: new Uint8Array(0), headers: octetStream, signal: ctx.signal });
        expectStatus(put, [201], ctx.step('the PUT after a 202 single POST returns 201', { spec: ['end-6'] }));
      }
      ctx.cleanup.blob(repo, emptyDigest);
      await expectEmptyBlob(ctx, repo);
    },
  },
];
