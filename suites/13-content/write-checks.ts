/**
 * The checks of one content set tree that change the registry: the push itself, judged from the answers of the
 * tree's one push (blobs end-4a/end-6; manifests by digest and by tag end-7: 201, the digest echoed, OCI-Subject
 * where referrers are supported), and the deletes of tags (end-9), manifests (end-9) and blobs (end-10), each
 * followed by a read that must miss. Deletes never remove what another check reads: the tag and manifest deletes
 * each take a copy of the check's own seed; the blob deletes take the manifest-delete copy's blobs once its manifests
 * are gone (and still there), or push their own.
 */
import type { ContentSet } from '../../fixtures/content-set.js';
import type { CheckContext, CheckDefinition } from '../../src/conformance/define-suite.js';
import { describeResponse, expectStatus, expectThat } from '../../src/conformance/expect.js';
import type { SetTree } from './set-tree.js';
import { statements } from '../common/statements.js';
import { forEachLimited } from '../../src/conformance/for-each-limited.js';
import {
  describeStep,
  HeldCleanup,
  isAllowedDanglingRefusal,
  ownCopy,
  recordEmptiedCopy,
  sharedPush,
  takeEmptiedCopy,
  type PushAnswer,
} from './push-content-set.js';

/** Judges one manifest PUT answer of the set. */
function judgeManifestPut(ctx: CheckContext, set: ContentSet, { response, step }: PushAnswer): void {
  if (step.kind !== 'manifest') {
    return;
  }
  const content = step.manifest.content;
  if (set.acceptance === 'MAY' && isAllowedDanglingRefusal(response)) {
    ctx.note(`${describeStep(step)} refused with MANIFEST_BLOB_UNKNOWN, as the spec allows for descriptors of content never pushed`);
    return;
  }
  const accepted = set.acceptance === 'MAY' ? 'accepted with 201, or refused with a 4xx carrying MANIFEST_BLOB_UNKNOWN' : 'accepted with 201';
  // Taking the shape is what the set's acceptance grades; the answer to a push it took is held to the MUSTs below.
  expectStatus(response, [201], ctx.step(`the ${describeStep(step)} is ${accepted}`, set.acceptance === 'SHOULD' ? { level: 'SHOULD' } : {}));
  const digest = response.headers['docker-content-digest'];
  expectThat(
    digest === undefined || digest === content.digest,
    ctx.step(`the push of ${describeStep(step)} answers Docker-Content-Digest equal to the digest of the bytes sent`),
    content.digest,
    digest ?? 'none',
    response,
  );
  const subject = step.manifest.subject;
  if (subject !== undefined && ctx.capabilities.referrers === 'supported') {
    const header = response.headers['oci-subject'];
    expectThat(header === subject, ctx.step(`a registry with referrers answers the push of ${describeStep(step)} with OCI-Subject`), subject, header ?? 'none', response);
  }
}

/** Every blob of the set pushes with 201 (POST then PUT; sha512 blobs with `digest-algorithm=sha512`). */
export function pushBlobsCheck(tree: SetTree): CheckDefinition {
  return {
    ...tree.base('push-blobs', 'every blob pushes with 201 (POST then PUT)'),
    level: 'MUST',
    statement: statements.uploadPut,
    spec: ['end-4a', 'end-6'],
    api: 'blob-upload',
    async run(ctx) {
      const { answers } = await sharedPush(ctx, tree.name, tree.algorithm);
      for (const { response, step } of answers) {
        if (step.kind === 'blob') {
          expectStatus(response, [201], ctx.step(`the ${describeStep(step)} is accepted with 201`));
        }
      }
    },
  };
}

/** Every manifest of the set pushes by digest (or by tag) with 201 and its digest echoed. */
export function pushManifestsCheck(tree: SetTree, set: ContentSet, by: 'digest' | 'tag'): CheckDefinition {
  const refusal = set.acceptance === 'MAY' ? ', or is refused with MANIFEST_BLOB_UNKNOWN' : '';
  return {
    ...tree.base(`push-by-${by}`, `every manifest PUT by ${by} returns 201 and its digest${refusal}`),
    level: 'MUST',
    statement: statements.manifestPushDigest,
    spec: ['end-7'],
    api: 'manifest-put',
    async run(ctx) {
      const pushed = await sharedPush(ctx, tree.name, tree.algorithm);
      const blobRefused = pushed.answers.find((answer) => answer.step.kind === 'blob' && answer.response.status !== 201);
      if (blobRefused !== undefined) {
        expectStatus(blobRefused.response, [201], ctx.step('prerequisite: every blob of the set pushes with 201', { spec: ['end-6'] }));
      }
      for (const answer of pushed.answers) {
        if (answer.step.kind === 'manifest' && answer.step.by === by) {
          judgeManifestPut(ctx, pushed.set, answer);
        }
      }
    },
  };
}

/** True for blobs whose bytes no seed changes: the empty blob and the empty JSON `{}`. */
function isSeedIndependent(bytes: Uint8Array): boolean {
  return bytes.length === 0 || Buffer.from(bytes).toString('utf8') === '{}';
}

/** Runs a delete check body with held cleanup, releasing what it did not delete when it ends. */
async function withHeldCleanup(ctx: CheckContext, body: (held: HeldCleanup) => Promise<void>): Promise<void> {
  const held = new HeldCleanup(ctx.cleanup);
  try {
    await body(held);
  } finally {
    held.release();
  }
}

/**
 * DELETE of every tag answers 202, after which the tag is gone (404). On a copy of the check's own, pushed the way
 * clients push (each manifest by its first tag, else its digest), not on the read copy: seen in the lab, zot loses
 * referrers pushed by tag alone when their subject's tag is deleted, and keeps those also pushed by digest, as the
 * read copy's are, so the read copy would hide that deviation.
 */
export function deleteTagCheck(tree: SetTree): CheckDefinition {
  return {
    ...tree.base('delete-tag', 'DELETE of every tag returns 202 and the tag then answers 404'),
    level: 'MUST',
    statement: statements.tagDeleted,
    spec: ['end-9'],
    api: 'manifest-delete',
    requires: [...tree.requires, 'tag-delete'],
    run: (ctx) =>
      withHeldCleanup(ctx, async (held) => {
        const { repo, set } = await ownCopy(ctx, tree.name, tree.algorithm, held);
        let previous = '(none: it was the first)';
        for (const { reference } of tree.references(set, 'tag')) {
          const deleted = await ctx.client.deleteManifest(repo, reference, { signal: ctx.signal });
          expectThat(
            deleted.status !== 404,
            ctx.step(`a tag stays until it is deleted: DELETE of tag ${reference}, pushed and not yet deleted, finds it (the tag deleted before it: ${previous})`),
            'status 202',
            describeResponse(deleted),
            deleted,
          );
          expectStatus(deleted, [202], ctx.step(`DELETE of tag ${reference} returns 202`));
          previous = reference;
          const after = await ctx.client.getManifest(repo, reference, { signal: ctx.signal });
          expectThat(after.status === 404, ctx.step(`GET of deleted tag ${reference} returns 404`), 'status 404', describeResponse(after), after);
          held.deleted('tag', repo, reference);
        }
      }),
  };
}

/**
 * DELETE of every manifest by digest (referrers and indexes first) answers 202, after which it is gone (404). An
 * untagged child already gone after its index was deleted (404) is accepted: registries may collect it at once.
 */
export function deleteManifestCheck(tree: SetTree): CheckDefinition {
  return {
    ...tree.base('delete-manifest', 'DELETE of every manifest by digest returns 202 and the manifest then answers 404'),
    level: 'MUST',
    statement: statements.manifestDeleted,
    spec: ['end-9'],
    api: 'manifest-delete',
    requires: [...tree.requires, 'manifest-delete'],
    run: (ctx) =>
      withHeldCleanup(ctx, async (held) => {
        const { repo, set } = await ownCopy(ctx, tree.name, tree.algorithm, held);
        for (const manifest of [...set.manifests].reverse()) {
          const reference = manifest.content.digest;
          const deleted = await ctx.client.deleteManifest(repo, reference, { signal: ctx.signal });
          if (deleted.status === 404 && manifest.tags.length === 0) {
            // An untagged manifest no longer referenced by the index just deleted is garbage some registries collect at once.
            ctx.note(`${reference} (untagged) was already gone when deleted: collected with the index that listed it`);
          } else {
            expectStatus(deleted, [202], ctx.step(`DELETE of manifest ${reference} returns 202`));
          }
          const after = await ctx.client.getManifest(repo, reference, { signal: ctx.signal });
          expectThat(after.status === 404, ctx.step(`GET of deleted manifest ${reference} returns 404`), 'status 404', describeResponse(after), after);
          held.deleted('manifest', repo, reference);
          // Deleting a manifest by digest removes its tags too (end-9).
          for (const tag of manifest.tags) {
            held.deleted('tag', repo, tag);
          }
        }
        if (ctx.layout !== 'fixed') {
          // Every manifest is gone: the blobs left are unreferenced, as the delete-blob check needs them.
          recordEmptiedCopy(ctx, tree.name, tree.algorithm, { repo, set });
        }
      }),
  };
}

/** Blob HEADs in flight at once while checking an emptied copy. */
const headLanes = 4;

/**
 * The blobs the delete-blob check deletes: those of the copy the tree's delete-manifest check emptied (it runs after
 * that check), when every one of them still answers HEAD 200; else (that check failed, did not run, or the registry
 * collected blobs with their manifests) a blobs-only copy of the check's own bytes, as in the fixed layout. Either
 * way the check starts from its blobs present and unreferenced, whatever the other check's verdict.
 */
async function blobDeleteCopy(ctx: CheckContext, tree: SetTree, held: HeldCleanup): Promise<{ repo: string; set: ContentSet }> {
  const emptied = ctx.layout === 'fixed' ? undefined : takeEmptiedCopy(ctx, tree.name, tree.algorithm);
  if (emptied !== undefined) {
    let present = true;
    await forEachLimited(emptied.set.blobs, headLanes, async (blob) => {
      present &&= (await ctx.client.headBlob(emptied.repo, blob.digest, { signal: ctx.signal })).status === 200;
    });
    if (present) {
      ctx.note(`deletes the blobs of the copy the delete-manifest check emptied (each answered HEAD 200 first)`);
      return emptied;
    }
    ctx.note('the copy the delete-manifest check emptied lost blobs with its manifests: pushing blobs of its own');
  }
  return ownCopy(ctx, tree.name, tree.algorithm, held, true);
}

/** DELETE of every blob answers 202, after which HEAD answers 404. */
export function deleteBlobCheck(tree: SetTree): CheckDefinition {
  const { id: deleteManifestId } = tree.base('delete-manifest', '');
  return {
    ...tree.base('delete-blob', 'DELETE of every blob returns 202 and the blob then answers 404'),
    level: 'MUST',
    statement: statements.blobDeleted,
    spec: ['end-10'],
    api: 'blob-delete',
    requires: [...tree.requires, 'blob-delete'],
    runsAfter: [deleteManifestId],
    run: (ctx) =>
      withHeldCleanup(ctx, async (held) => {
        const { repo, set } = await blobDeleteCopy(ctx, tree, held);
        // In the fixed layout every check shares two repositories: `{}` and the empty blob are the same bytes for
        // every seed, so other checks may be using them there; only this check's own bytes are deleted.
        const blobs = ctx.layout === 'fixed' ? set.blobs.filter((blob) => !isSeedIndependent(blob.bytes)) : set.blobs;
        for (const blob of blobs) {
          const deleted = await ctx.client.deleteBlob(repo, blob.digest, { signal: ctx.signal });
          expectStatus(deleted, [202], ctx.step(`DELETE of blob ${blob.digest} returns 202`));
          const after = await ctx.client.headBlob(repo, blob.digest, { signal: ctx.signal });
          expectThat(after.status === 404, ctx.step(`HEAD of deleted blob ${blob.digest} returns 404`), 'status 404', describeResponse(after), after);
          held.deleted('blob', repo, blob.digest);
        }
      }),
  };
}
