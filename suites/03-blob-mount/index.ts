/**
 * Cross-repository blob mount: end-11 (`POST /blobs/uploads/?mount=<digest>&from=<repo>` → 201 with Location and
 * Docker-Content-Digest, or 202 and an upload session: the mount "fails open"). A registry MAY treat `from` as
 * optional (automatic content discovery), so a mount without `from` is 201 or 202, never an error; a mount of a
 * digest that exists nowhere is 202. After a 201 the blob must be readable in the target repository, verified by
 * digest; a 202 fallback session must be usable for a normal upload (end-6). Mount hits are reported, not required
 * (PR #401, #305). The same holds for sha512 blobs on a registry that takes them (capability `sha512`).
 */
import type { CheckContext, CheckDefinition } from '../../src/conformance/define-suite.js';
import { defineSuite } from '../../src/conformance/define-suite.js';
import { expectHeader, expectStatus, expectThat, type Rule } from '../../src/conformance/expect.js';
import type { RegistryResponse } from '../../src/client/types.js';
import { digestOf, type DigestAlgorithm } from '../../src/oci/digest.js';
import { expectBlobContent, nextLocation, octetStream, seedBlob, testBlob, type TestBlob } from '../common/upload-helpers.js';
import { statements } from '../common/statements.js';

const api = 'blob-mount';

/** A blob pushed to a source repository of this check, and the mount response in a target repository. */
interface Mounted {
  readonly blob: TestBlob;
  readonly source: string;
  readonly target: string;
  readonly response: RegistryResponse;
}

/**
 * Seeds a blob in the check's second repository (`<check>-source`; fixed layout: the second repository) and mounts it
 * into its own with `from` (or without, when told).
 */
async function mountSeeded(ctx: CheckContext, rule: Rule, withFrom = true, algorithm: DigestAlgorithm = 'sha256'): Promise<Mounted> {
  const source = ctx.repo('source');
  const target = ctx.repo();
  const blob = testBlob(ctx, 3000, '', algorithm);
  await seedBlob(ctx, source, blob, { ...rule, rule: `${rule.rule} (pushing the source blob)` });
  const response = await ctx.client.startUpload(target, withFrom ? { mount: blob.digest, from: source } : { mount: blob.digest }, {
    signal: ctx.signal,
  });
  await settle(ctx, target, blob.digest, response);
  return { blob, source, target, response };
}

/** Registers a 201 mount for cleanup, or cancels a 202 fallback session so nothing is left open. */
async function settle(ctx: CheckContext, repo: string, digest: string, response: RegistryResponse): Promise<void> {
  if (response.status === 201) {
    ctx.cleanup.blob(repo, digest);
  } else if (response.status === 202 && response.headers['location'] !== undefined) {
    await ctx.client.cancelUpload(nextLocation(ctx, response, ''), { signal: ctx.signal });
  }
}

/** Notes whether the registry mounted (201) or failed open (202). */
function noteOutcome(ctx: CheckContext, response: RegistryResponse): void {
  ctx.note(response.status === 201 ? 'mounted (201)' : response.status === 202 ? 'failed open to an upload session (202)' : `status ${response.status}`);
}

/** A mount that must not mount (nothing to mount from): 202 with an upload Location; returns the Location. */
function expectFailOpen(ctx: CheckContext, response: RegistryResponse, rule: Rule): string {
  expectStatus(response, [202], rule);
  return ctx.client.resolveLocation(expectHeader(response, 'Location', rule), response.url);
}

const checks: readonly CheckDefinition[] = [
  {
    id: 'mount-from-201-or-202',
    title: 'Mount with from of an existing blob returns 201 or falls open with 202',
    level: 'SHOULD',
    statement: statements.mountFallback,
    strict: "a successful mount MUST be 201, a mount that cannot happen SHOULD be 202: anything else breaks only the SHOULD",
    spec: ['end-11'],
    api,
    async run(ctx) {
      const { response } = await mountSeeded(ctx, ctx.rule);
      noteOutcome(ctx, response);
      expectStatus(response, [201, 202], ctx.rule);
      if (response.status === 202) {
        expectHeader(response, 'Location', ctx.step('A 202 mount fallback carries an upload Location'));
      }
    },
  },
  {
    id: 'mount-supported',
    title: 'Mount with from of an existing blob mounts it (201)',
    level: 'MAY',
    spec: ['end-11'],
    api,
    async run(ctx) {
      const { response } = await mountSeeded(ctx, ctx.rule);
      expectStatus(response, [201], ctx.rule);
    },
  },
  {
    id: 'mount-201-location',
    title: 'A 201 mount carries a Location',
    level: 'MUST',
    statement: statements.mounted,
    spec: ['end-11'],
    api,
    requires: ['mount'],
    async run(ctx) {
      const { response } = await mountSeeded(ctx, ctx.rule);
      expectStatus(response, [201], ctx.rule);
      expectHeader(response, 'Location', ctx.rule);
    },
  },
  {
    id: 'mount-201-digest-header',
    title: 'A 201 mount carries Docker-Content-Digest naming the same content',
    level: 'SHOULD',
    spec: ['end-11'],
    api,
    requires: ['mount'],
    async run(ctx) {
      const { response, blob } = await mountSeeded(ctx, ctx.rule);
      expectStatus(response, [201], ctx.rule);
      const header = expectHeader(response, 'Docker-Content-Digest', ctx.rule);
      // The spec lets the DCD use another algorithm; compare only when it is ours.
      const same = header.startsWith('sha256:') ? header === blob.digest : header.startsWith('sha512:') && header === digestOf(blob.content, 'sha512');
      expectThat(same, ctx.rule, `Docker-Content-Digest: ${blob.digest}`, `Docker-Content-Digest: ${header}`, response);
    },
  },
  {
    id: 'mount-readable-in-target',
    title: 'After a 201 mount the blob reads back from the target repository with the right digest',
    level: 'MUST',
    statement: statements.blobGet,
    spec: ['end-11', 'end-2'],
    api,
    requires: ['mount'],
    async run(ctx) {
      const { response, blob, target } = await mountSeeded(ctx, ctx.rule);
      expectStatus(response, [201], ctx.rule);
      await expectBlobContent(ctx, target, blob, ctx.rule);
    },
  },
  {
    id: 'mount-head-in-target',
    title: 'After a 201 mount HEAD in the target repository returns 200 with the blob length',
    level: 'MUST',
    statement: statements.headExisting,
    spec: ['end-11', 'end-2'],
    api,
    requires: ['mount'],
    async run(ctx) {
      const { response, blob, target } = await mountSeeded(ctx, ctx.rule);
      expectStatus(response, [201], ctx.rule);
      const head = await ctx.client.headBlob(target, blob.digest, { signal: ctx.signal });
      expectStatus(head, [200], ctx.rule);
      const length = head.headers['content-length'];
      expectThat(length === undefined || Number(length) === blob.content.length, ctx.rule, `Content-Length: ${blob.content.length}`, `Content-Length: ${length ?? ''}`, head);
    },
  },
  {
    id: 'mount-source-intact',
    title: 'After a mount the blob still reads back from the source repository',
    level: 'MUST',
    statement: statements.blobGet,
    spec: ['end-11', 'end-2'],
    api,
    async run(ctx) {
      const { blob, source } = await mountSeeded(ctx, ctx.rule);
      await expectBlobContent(ctx, source, blob, ctx.rule);
    },
  },
  {
    id: 'mount-without-from',
    title: 'Mount without from returns 201 (content discovery) or 202, never an error',
    level: 'SHOULD',
    statement: statements.mountFallback,
    strict: "without from the registry MAY mount (201) and otherwise SHOULD fall open with 202; an error breaks only the SHOULD",
    spec: ['end-11'],
    api,
    async run(ctx) {
      const { response, blob, target } = await mountSeeded(ctx, ctx.rule, false);
      noteOutcome(ctx, response);
      expectStatus(response, [201, 202], ctx.rule);
      if (response.status === 201) {
        await expectBlobContent(ctx, target, blob, ctx.step('A blob mounted without from reads back with the right digest'));
      }
    },
  },
  {
    id: 'mount-unknown-digest-202',
    title: 'Mount of a digest that exists nowhere returns 202 with an upload Location',
    level: 'SHOULD',
    statement: statements.mountFallback,
    strict: "a mount that cannot happen SHOULD answer 202 with an upload session",
    spec: ['end-11'],
    api,
    async run(ctx) {
      const source = ctx.repo('source');
      await seedBlob(ctx, source, testBlob(ctx, 100, 'other'), ctx.step(`${ctx.rule.rule} (pushing the source repository)`));
      const ghost = testBlob(ctx, 100, 'never-pushed');
      const response = await ctx.client.startUpload(ctx.repo(), { mount: ghost.digest, from: source }, { signal: ctx.signal });
      await settle(ctx, ctx.repo(), ghost.digest, response);
      expectFailOpen(ctx, response, ctx.rule);
    },
  },
  {
    id: 'mount-from-missing-repo-202',
    title: 'Mount from a repository that does not exist returns 202',
    level: 'SHOULD',
    statement: statements.mountFallback,
    strict: "a mount that cannot happen SHOULD answer 202 with an upload session",
    spec: ['end-11'],
    api,
    async run(ctx) {
      const ghost = testBlob(ctx, 100, 'never-pushed');
      const response = await ctx.client.startUpload(ctx.repo(), { mount: ghost.digest, from: ctx.absentRepo() }, { signal: ctx.signal });
      await settle(ctx, ctx.repo(), ghost.digest, response);
      expectFailOpen(ctx, response, ctx.rule);
    },
  },
  {
    id: 'mount-from-repo-lacking-blob',
    title: 'Mount from a repository that lacks the blob never mounts content the registry does not have',
    level: 'MUST',
    statement: statements.mounted,
    spec: ['end-11'],
    api,
    async run(ctx) {
      const rule = ctx.step('Mount from a repository that lacks the blob returns 202, or 201 only with the real content');
      const holder = ctx.repo('holder');
      const target = ctx.repo();
      // Two shared repositories: the mount goes from the check's own repository, which lacks the blob, into itself.
      const empty = ctx.layout === 'fixed' ? target : ctx.repo('lacking');
      const blob = testBlob(ctx, 1500);
      await seedBlob(ctx, holder, blob, { ...rule, rule: `${rule.rule} (pushing the blob elsewhere)` });
      await seedBlob(ctx, empty, testBlob(ctx, 10, 'filler'), { ...rule, rule: `${rule.rule} (pushing the lacking repository)` });
      const response = await ctx.client.startUpload(target, { mount: blob.digest, from: empty }, { signal: ctx.signal });
      await settle(ctx, target, blob.digest, response);
      noteOutcome(ctx, response);
      expectStatus(response, [201, 202], rule);
      if (response.status === 201) {
        // Automatic content discovery (spec: `from` MAY be optional) is allowed, but only for content it really has.
        ctx.note('mounted from another repository by content discovery');
        await expectBlobContent(ctx, target, blob, rule);
      }
    },
  },
  {
    id: 'mount-fallback-session-usable',
    title: 'The upload session of a 202 mount fallback completes a normal upload',
    level: 'MUST',
    statement: statements.uploadPut,
    spec: ['end-11', 'end-6'],
    api,
    async run(ctx) {
      const target = ctx.repo();
      const blob = testBlob(ctx, 2222);
      const response = await ctx.client.startUpload(target, { mount: blob.digest, from: ctx.absentRepo() }, { signal: ctx.signal });
      const location = expectFailOpen(ctx, response, ctx.rule);
      const put = await ctx.client.putUpload(location, blob.digest, { body: blob.content, headers: octetStream, signal: ctx.signal });
      expectStatus(put, [201], ctx.rule);
      ctx.cleanup.blob(target, blob.digest);
      await expectBlobContent(ctx, target, blob, ctx.rule);
    },
  },
  {
    id: 'mount-fallback-chunked',
    title: 'The upload session of a 202 mount fallback accepts chunks and completes',
    level: 'MUST',
    statement: statements.chunkClose,
    spec: ['end-11', 'end-5', 'end-6'],
    api,
    async run(ctx) {
      const target = ctx.repo();
      const blob = testBlob(ctx, 1000);
      const response = await ctx.client.startUpload(target, { mount: blob.digest, from: ctx.absentRepo() }, { signal: ctx.signal });
      const location = expectFailOpen(ctx, response, ctx.rule);
      const patch = await ctx.client.patchUpload(location, {
        body: blob.content,
        headers: { ...octetStream, 'content-range': `0-${blob.content.length - 1}` },
        signal: ctx.signal,
      });
      expectStatus(patch, [202], ctx.rule);
      const put = await ctx.client.putUpload(nextLocation(ctx, patch, location), blob.digest, { signal: ctx.signal });
      expectStatus(put, [201], ctx.rule);
      ctx.cleanup.blob(target, blob.digest);
      await expectBlobContent(ctx, target, blob, ctx.rule);
    },
  },
  {
    id: 'mount-same-repo',
    title: 'Mount into the repository that already holds the blob returns 201 or 202',
    level: 'SHOULD',
    statement: statements.mountFallback,
    strict: "a successful mount MUST be 201, a mount that cannot happen SHOULD be 202: anything else breaks only the SHOULD",
    spec: ['end-11'],
    api,
    async run(ctx) {
      const repo = ctx.repo();
      const blob = testBlob(ctx, 640);
      await seedBlob(ctx, repo, blob, ctx.step(`${ctx.rule.rule} (pushing the blob)`));
      const response = await ctx.client.startUpload(repo, { mount: blob.digest, from: repo }, { signal: ctx.signal });
      await settle(ctx, repo, blob.digest, response);
      noteOutcome(ctx, response);
      expectStatus(response, [201, 202], ctx.rule);
      await expectBlobContent(ctx, repo, blob, ctx.step('A blob mounted onto itself still reads back intact'));
    },
  },
  {
    id: 'mount-201-location-resolves',
    title: 'GET on the Location of a 201 mount returns the blob',
    level: 'SHOULD',
    spec: ['end-11', 'end-2'],
    api,
    requires: ['mount'],
    async run(ctx) {
      const { response, blob } = await mountSeeded(ctx, ctx.rule);
      expectStatus(response, [201], ctx.rule);
      const location = ctx.client.resolveLocation(expectHeader(response, 'Location', ctx.rule), response.url);
      const got = await ctx.client.request('GET', location, { signal: ctx.signal });
      expectStatus(got, [200], ctx.rule);
      const digest = digestOf(got.body);
      expectThat(digest === blob.digest, ctx.rule, `body with digest ${blob.digest}`, `body with digest ${digest}`, got);
    },
  },
  ...([true, false] as const).map(
    (withFrom): CheckDefinition => ({
      id: withFrom ? 'sha512-mount-from' : 'sha512-mount-without-from',
      title: withFrom
        ? 'Mount with from of a sha512 blob returns 202, or 201 and the blob reads back by its sha512 in the target'
        : 'Mount without from of a sha512 blob returns 202, or 201 and the blob reads back by its sha512 in the target',
      level: 'MUST',
      statement: statements.blobGet,
      spec: ['end-11', 'end-2'],
      api,
      requires: ['sha512'],
      async run(ctx) {
        const { response, blob, target } = await mountSeeded(ctx, ctx.rule, withFrom, 'sha512');
        noteOutcome(ctx, response);
        // A mount that cannot mount SHOULD fall open with 202; the MUST is what a 201 promises.
        expectStatus(response, [201, 202], ctx.step('A sha512 mount answers 201 or 202', { level: 'SHOULD' }));
        if (response.status === 201) {
          // A 201 says the blob is now in the target repository: it must be served there by the digest mounted.
          await expectBlobContent(ctx, target, blob, ctx.rule);
        }
      },
    }),
  ),
];

export default defineSuite({
  id: 'blob-mount',
  title: 'Cross-repository blob mount',
  description:
    'end-11: mount with and without from (201 or 202 fail-open), unknown digests and repositories (202), the fallback ' +
    'session used for a normal upload, mounted blobs read back by digest in target and source; sha512 blobs alike.',
  checks,
});
