/**
 * Deletes: end-9 (`DELETE /v2/<name>/manifests/<reference>`, by digest and by tag) and end-10
 * (`DELETE /v2/<name>/blobs/<digest>`), spec §3 "Deletes": 202 on success; 400 or 405 when deletes are disabled
 * (a capability, never a failure: conformance #102, registry-quirks §5); afterwards the digest **and its tags** are
 * 404 (manifest by digest), only the tag is gone (tag delete), the blob is 404 (blob delete); unknown content → 404
 * (code-1 BLOB_UNKNOWN, code-7 MANIFEST_UNKNOWN, code-9 NAME_UNKNOWN). Each check pushes its own content.
 */
import type { CheckContext } from '../../src/conformance/define-suite.js';
import { defineSuite } from '../../src/conformance/define-suite.js';
import { expectErrorCode, expectStatus, fail, type Rule } from '../../src/conformance/expect.js';
import { seededBytes } from '../../fixtures/seeded-bytes.js';
import { MediaType } from '../../src/oci/media-types.js';
import { expectStringList } from '../common/listing-helpers.js';
import { danglingDescriptor, pushImage, pushTestBlob, putManifestOrFail } from '../common/manifest-helpers.js';
import type { RegistryResponse } from '../../src/client/types.js';
import { statements } from '../common/statements.js';

/** A rule of this suite. */
function rule(text: string, spec: readonly string[], level?: 'SHOULD'): Rule {
  return level === undefined ? { rule: text, spec } : { rule: text, spec, level };
}

/** A delete answered 202, or 400/405 (disabled: allowed, noted); anything else fails with `text`. */
function expectDeleteOrDisabled(ctx: CheckContext, response: RegistryResponse, text: string, spec: readonly string[]): void {
  if (response.status === 400 || response.status === 405) {
    ctx.note(`delete disabled: ${response.status} (allowed)`);
    return;
  }
  expectStatus(response, [202, 400, 405], rule(text, spec));
}

/** DELETE must answer 202 (the capability is on, so this check runs). */
async function deleteManifest(ctx: CheckContext, repo: string, reference: string, text: string): Promise<void> {
  const response = await ctx.client.deleteManifest(repo, reference, { signal: ctx.signal });
  expectStatus(response, [202], rule(text, ['end-9']));
}

/** GET and HEAD of a manifest reference must both be 404. */
async function expectManifestGone(ctx: CheckContext, repo: string, reference: string, text: string): Promise<void> {
  const get = await ctx.client.getManifest(repo, reference, { signal: ctx.signal });
  expectStatus(get, [404], rule(`${text} (GET)`, ['end-9', 'end-3']));
  const head = await ctx.client.headManifest(repo, reference, { signal: ctx.signal });
  expectStatus(head, [404], rule(`${text} (HEAD)`, ['end-9', 'end-3']));
}

/** A fresh unreferenced blob in `repo`. */
async function pushLooseBlob(ctx: CheckContext, repo: string): Promise<string> {
  const blob = await pushTestBlob(ctx, repo, seededBytes(512, `${ctx.seed}/loose`), MediaType.octetStream);
  return blob.digest;
}

export default defineSuite({
  id: 'delete',
  title: 'Deletes',
  description: 'end-9/end-10: manifest delete by digest and by tag, blob delete, 404 afterwards, 400/405 when disabled.',
  checks: [
    {
      id: 'manifest-delete-status',
      title: 'DELETE of a manifest by digest returns 202, or 400/405 when deletes are disabled',
      level: 'MUST',
      statement: statements.manifestDeleted,
      spec: ['end-9'],
      api: 'manifest-delete',
      async run(ctx) {
        const repo = ctx.repo();
        const manifest = await pushImage(ctx, repo, 'v1');
        const response = await ctx.client.deleteManifest(repo, manifest.digest, { signal: ctx.signal });
        expectDeleteOrDisabled(ctx, response, 'DELETE of a manifest by digest returns 202, or 400/405 when deletes are disabled', ['end-9']);
      },
    },
    {
      id: 'manifest-by-digest-gone',
      title: 'After DELETE by digest (202), GET and HEAD of that digest return 404',
      level: 'MUST',
      statement: statements.manifestMissing,
      spec: ['end-9', 'end-3'],
      api: 'manifest-delete',
      requires: ['manifest-delete'],
      async run(ctx) {
        const repo = ctx.repo();
        const manifest = await pushImage(ctx, repo, '@digest');
        await deleteManifest(ctx, repo, manifest.digest, 'DELETE of a manifest by digest returns 202');
        await expectManifestGone(ctx, repo, manifest.digest, 'After DELETE by digest, the digest returns 404');
      },
    },
    {
      id: 'manifest-by-digest-tags-gone',
      title: 'After DELETE by digest, every tag of that manifest returns 404',
      level: 'MUST',
      statement: statements.manifestMissing,
      spec: ['end-9', 'end-3'],
      api: 'manifest-delete',
      requires: ['manifest-delete'],
      async run(ctx) {
        const repo = ctx.repo();
        const manifest = await pushImage(ctx, repo, 'one');
        await putManifestOrFail(ctx, repo, 'two', manifest);
        await deleteManifest(ctx, repo, manifest.digest, 'DELETE of a manifest by digest returns 202');
        for (const tag of ['one', 'two']) {
          await expectManifestGone(ctx, repo, tag, `After DELETE by digest, its tag ${tag} returns 404`);
        }
      },
    },
    {
      id: 'manifest-by-digest-unlisted',
      title: 'After DELETE by digest, its tags leave the tag list and other tags stay',
      level: 'SHOULD',
      strict: "implied: the spec says the tags of a deleted manifest return 404 ('will return', no keyword) and nothing about the tag list",
      spec: ['end-9', 'end-8a'],
      api: 'manifest-delete',
      requires: ['manifest-delete'],
      async run(ctx) {
        const repo = ctx.repo();
        const doomed = await pushImage(ctx, repo, 'doomed', 'doomed');
        await pushImage(ctx, repo, 'kept', 'kept');
        await deleteManifest(ctx, repo, doomed.digest, 'DELETE of a manifest by digest returns 202');
        const response = await ctx.client.listTags(repo, {}, { signal: ctx.signal });
        expectStatus(response, [200], rule(ctx.rule.rule, ['end-8a']));
        const tags = expectStringList(response, 'tags', rule(ctx.rule.rule, ['end-8a']));
        if (tags.includes('doomed') || !tags.includes('kept')) {
          fail(rule(ctx.rule.rule, ['end-8a']), 'tag "kept" listed and tag "doomed" not', `tags ${tags.join(', ') || '(none)'}`, response);
        }
      },
    },
    {
      id: 'manifest-delete-unknown-404',
      title: 'DELETE of an unknown manifest digest returns 404 MANIFEST_UNKNOWN',
      level: 'SHOULD',
      strict: "the spec gives 404 for a delete in a repository that does not exist; for an unknown digest in an existing one it states no keyword",
      spec: ['end-9', 'code-7'],
      api: 'manifest-delete',
      requires: ['manifest-delete'],
      async run(ctx) {
        const repo = ctx.repo();
        await pushImage(ctx, repo, 'v1');
        const unknown = danglingDescriptor(ctx, 'unknown-manifest', MediaType.ociManifest).digest;
        const response = await ctx.client.deleteManifest(repo, unknown, { signal: ctx.signal });
        expectStatus(response, [404], rule(ctx.rule.rule, ['end-9']));
        expectErrorCode(response, ['MANIFEST_UNKNOWN'], rule(ctx.rule.rule, ['end-9', 'code-7'], 'SHOULD'));
      },
    },
    {
      id: 'manifest-delete-unknown-repository-404',
      title: 'DELETE of a manifest in an unknown repository returns 404',
      level: 'MUST',
      statement: statements.manifestDeleteNoRepository,
      spec: ['end-9', 'code-9'],
      api: 'manifest-delete',
      requires: ['manifest-delete'],
      async run(ctx) {
        const unknown = danglingDescriptor(ctx, 'unknown-repo', MediaType.ociManifest).digest;
        const response = await ctx.client.deleteManifest(ctx.absentRepo(), unknown, { signal: ctx.signal });
        const text = 'DELETE of a manifest in an unknown repository returns 404 NAME_UNKNOWN or MANIFEST_UNKNOWN';
        expectStatus(response, [404], rule(text, ['end-9']));
        expectErrorCode(response, ['NAME_UNKNOWN', 'MANIFEST_UNKNOWN'], rule(text, ['end-9', 'code-9'], 'SHOULD'));
      },
    },
    {
      id: 'repush-after-delete',
      title: 'A manifest deleted by digest can be pushed again and is served again',
      level: 'MUST',
      statement: statements.manifestPushed,
      spec: ['end-9', 'end-7'],
      api: 'manifest-put',
      requires: ['manifest-delete'],
      async run(ctx) {
        const repo = ctx.repo();
        const manifest = await pushImage(ctx, repo, 'again');
        await deleteManifest(ctx, repo, manifest.digest, 'DELETE of a manifest by digest returns 202');
        const put = await ctx.client.putManifest(repo, 'again', manifest.bytes, manifest.mediaType, { signal: ctx.signal });
        expectStatus(put, [201], rule('A manifest deleted by digest can be pushed again (201)', ['end-7']));
        const get = await ctx.client.getManifest(repo, manifest.digest, { signal: ctx.signal });
        expectStatus(get, [200], rule('A re-pushed manifest is served again', ['end-3']));
      },
    },
    {
      id: 'tag-delete-status',
      title: 'DELETE of a manifest by tag returns 202, or 400/405 when tag deletes are disabled',
      level: 'MUST',
      statement: statements.tagDeleted,
      spec: ['end-9'],
      api: 'manifest-delete',
      async run(ctx) {
        const repo = ctx.repo();
        await pushImage(ctx, repo, 'v1');
        const response = await ctx.client.deleteManifest(repo, 'v1', { signal: ctx.signal });
        expectDeleteOrDisabled(ctx, response, 'DELETE of a manifest by tag returns 202, or 400/405 when tag deletes are disabled', ['end-9']);
      },
    },
    {
      id: 'tag-delete-removes-tag',
      title: 'After DELETE by tag (202), the tag returns 404',
      level: 'MUST',
      statement: statements.manifestMissing,
      spec: ['end-9', 'end-3'],
      api: 'manifest-delete',
      requires: ['tag-delete'],
      async run(ctx) {
        const repo = ctx.repo();
        await pushImage(ctx, repo, 'gone');
        await deleteManifest(ctx, repo, 'gone', 'DELETE of a manifest by tag returns 202');
        await expectManifestGone(ctx, repo, 'gone', 'After DELETE by tag, the tag returns 404');
      },
    },
    {
      id: 'tag-delete-keeps-manifest',
      title: 'After DELETE by tag, the manifest is still served by digest',
      // The spec defines a tag delete as removing the tag; it has no sentence keeping the now untagged manifest, and
      // registries that collect untagged manifests at once (zot 1.4) drop it: a warning, not a failure.
      level: 'SHOULD',
      spec: ['end-9', 'end-3'],
      api: 'manifest-delete',
      requires: ['tag-delete'],
      async run(ctx) {
        const repo = ctx.repo();
        const manifest = await pushImage(ctx, repo, 'untag-me');
        await deleteManifest(ctx, repo, 'untag-me', 'DELETE of a manifest by tag returns 202');
        const response = await ctx.client.getManifest(repo, manifest.digest, { signal: ctx.signal });
        expectStatus(response, [200], rule('After DELETE by tag, the manifest is still served by digest', ['end-9', 'end-3']));
      },
    },
    {
      id: 'tag-delete-keeps-other-tags',
      title: 'After DELETE of one tag, another tag of the same manifest still resolves',
      level: 'MUST',
      statement: statements.manifestGet,
      spec: ['end-9', 'end-3'],
      api: 'manifest-delete',
      requires: ['tag-delete'],
      async run(ctx) {
        const repo = ctx.repo();
        const manifest = await pushImage(ctx, repo, 'drop');
        await putManifestOrFail(ctx, repo, 'keep', manifest);
        await deleteManifest(ctx, repo, 'drop', 'DELETE of a manifest by tag returns 202');
        const response = await ctx.client.headManifest(repo, 'keep', { signal: ctx.signal });
        expectStatus(response, [200], rule('After DELETE of one tag, another tag of the same manifest still resolves', ['end-9']));
      },
    },
    {
      id: 'tag-delete-unknown-404',
      title: 'DELETE of an unknown tag returns 404',
      level: 'SHOULD',
      strict: "the spec states no keyword for deleting a tag that does not exist",
      spec: ['end-9', 'code-7'],
      api: 'manifest-delete',
      requires: ['tag-delete'],
      async run(ctx) {
        const repo = ctx.repo();
        await pushImage(ctx, repo, 'v1');
        const response = await ctx.client.deleteManifest(repo, 'no-such-tag', { signal: ctx.signal });
        const text = 'DELETE of an unknown tag returns 404 MANIFEST_UNKNOWN';
        expectStatus(response, [404], rule(text, ['end-9']));
        expectErrorCode(response, ['MANIFEST_UNKNOWN'], rule(text, ['end-9', 'code-7'], 'SHOULD'));
      },
    },
    {
      id: 'blob-delete-status',
      title: 'DELETE of a blob returns 202, or 400/405 when deletes are disabled',
      level: 'MUST',
      statement: statements.blobDeleted,
      spec: ['end-10'],
      api: 'blob-delete',
      async run(ctx) {
        const repo = ctx.repo();
        const digest = await pushLooseBlob(ctx, repo);
        const response = await ctx.client.deleteBlob(repo, digest, { signal: ctx.signal });
        expectDeleteOrDisabled(ctx, response, 'DELETE of a blob returns 202, or 400/405 when deletes are disabled', ['end-10']);
      },
    },
    {
      id: 'blob-delete-gone',
      title: 'After DELETE of a blob (202), HEAD and GET of it return 404',
      level: 'MUST',
      statement: statements.blobMissing,
      spec: ['end-10', 'end-2'],
      api: 'blob-delete',
      requires: ['blob-delete'],
      async run(ctx) {
        const repo = ctx.repo();
        const digest = await pushLooseBlob(ctx, repo);
        const deleted = await ctx.client.deleteBlob(repo, digest, { signal: ctx.signal });
        expectStatus(deleted, [202], rule('DELETE of a blob returns 202', ['end-10']));
        const head = await ctx.client.headBlob(repo, digest, { signal: ctx.signal });
        expectStatus(head, [404], ctx.step('After DELETE of a blob, HEAD returns 404'));
        const get = await ctx.client.getBlob(repo, digest, { signal: ctx.signal });
        expectStatus(get, [404], ctx.step('After DELETE of a blob, GET returns 404'));
      },
    },
    {
      id: 'blob-delete-unknown-404',
      title: 'DELETE of an unknown blob returns 404 BLOB_UNKNOWN',
      level: 'MUST',
      statement: statements.blobDeleteMissing,
      spec: ['end-10', 'code-1'],
      api: 'blob-delete',
      requires: ['blob-delete'],
      async run(ctx) {
        const repo = ctx.repo();
        await pushLooseBlob(ctx, repo);
        const unknown = danglingDescriptor(ctx, 'unknown-blob').digest;
        const response = await ctx.client.deleteBlob(repo, unknown, { signal: ctx.signal });
        expectStatus(response, [404], rule(ctx.rule.rule, ['end-10']));
        expectErrorCode(response, ['BLOB_UNKNOWN'], rule(ctx.rule.rule, ['end-10', 'code-1'], 'SHOULD'));
      },
    },
  ],
});
