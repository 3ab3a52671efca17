/**
 * The checks of one content set tree that change the registry: the push itself, judged from the answers of the
 * tree's one push (blobs end-4a/end-6; manifests by digest and by tag end-7: 201, the digest echoed, OCI-Subject
 * where referrers are supported), and the deletes of tags (end-9), manifests (end-9) and blobs (end-10), each
 * followed by a read that must miss. Deletes never remove what another check reads: the tree's delete checks start
 * once its reads have ended and share one copy in a chain (tags, then manifests, then blobs): the read copy itself,
 * or one of their own for a set whose manifests refer to one another (see `chainStart`); a check that finds an item
 * it needs missing from that copy starts over on a copy of its own.
 */
import type { ContentSet, ContentSetManifest } from '../../fixtures/content-set.js';
import type { CheckContext, CheckDefinition } from '../../src/conformance/define-suite.js';
import { describeResponse, expectStatus, expectThat } from '../../src/conformance/expect.js';
import type { SetTree } from './set-tree.js';
import { statements } from '../common/statements.js';
import { MediaType } from '../../src/oci/media-types.js';
import { chainCopy, chainStart, describeStep, isAllowedDanglingRefusal, leaveCopy, sharedPush, takeCopy, type CopyState, type LeftCopy, type PushAnswer } from './push-content-set.js';

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

/** Why a delete check leaves the copy the check before it left: an item it needs was not there to delete. */
class LeftCopyLacks extends Error {}

/**
 * Runs a delete check's `work` on the copy the check before it in the tree's chain left in `state` (delete-tag, then
 * delete-manifest, then delete-blob, each running after the one before), else on a copy of its own (`own`). `work`
 * deletes item after item; on the left copy, a DELETE not answered 202 is followed by a HEAD of the item, and when
 * that misses the item was not there (`lacks`): `work` starts over on a copy of its own, so no verdict follows another
 * check's. No HEAD precedes a DELETE that works. In the fixed layout nothing is left, so it pushes.
 */
async function onLeftCopyOrOwn(
  ctx: CheckContext,
  tree: SetTree,
  state: CopyState,
  work: (copy: LeftCopy, taken: boolean) => Promise<void>,
  own: () => Promise<LeftCopy>,
): Promise<void> {
  const left = ctx.layout === 'fixed' ? undefined : takeCopy(ctx, tree.name, tree.algorithm, state);
  if (left !== undefined) {
    // Said first, so a verdict reached on the left copy says where it was reached.
    ctx.note(`works on the copy the check before it left with its ${state.replace('-', ' ')}`);
    try {
      await work(left, true);
      return;
    } catch (error) {
      if (!(error instanceof LeftCopyLacks)) {
        throw error;
      }
      ctx.note(`the copy left with its ${state.replace('-', ' ')} lacked ${error.message}: started over on a copy of its own`);
    }
  }
  await work(await own(), false);
}

/**
 * On a left copy (`taken`), throws {@link LeftCopyLacks} when a DELETE that was not answered 202 was of an item that
 * is not there (its HEAD answers 404); otherwise returns, and the answer is judged.
 */
async function requireWasThere(taken: boolean, deleted: { status: number }, what: string, head: () => Promise<{ status: number }>): Promise<void> {
  if (taken && deleted.status !== 202 && (await head()).status === 404) {
    throw new LeftCopyLacks(what);
  }
}

/** Media types of manifests that list manifests. */
const indexTypes: ReadonlySet<string> = new Set([MediaType.ociIndex, MediaType.dockerManifestList]);

/** The digests of the manifests an index lists; none for any other manifest (left unparsed: one is ~3.9 MB). */
function listedBy(manifest: ContentSetManifest): string[] {
  if (!indexTypes.has(manifest.content.mediaType)) {
    return [];
  }
  const document = JSON.parse(Buffer.from(manifest.content.bytes).toString('utf8')) as { manifests?: { digest?: unknown }[] };
  return (document.manifests ?? []).flatMap((child) => (typeof child.digest === 'string' ? [child.digest] : []));
}

/**
 * DELETE of every tag answers 202, after which the tag is gone (404). It runs once every check that reads the read
 * copy has ended, on the copy {@link chainStart} gives (the read copy itself, unless the set's manifests refer to one
 * another). Once every tag is gone, the copy is left for the tree's delete-manifest check.
 */
export function deleteTagCheck(tree: SetTree, readers: readonly string[]): CheckDefinition {
  return {
    ...tree.base('delete-tag', 'DELETE of every tag returns 202 and the tag then answers 404'),
    level: 'MUST',
    statement: statements.tagDeleted,
    spec: ['end-9'],
    api: 'manifest-delete',
    requires: [...tree.requires, 'tag-delete'],
    // Its copy holds the read copy's digests: it deletes them only once nothing reads the read copy any more.
    runsAfter: readers,
    async run(ctx) {
      const { repo, set } = await chainStart(ctx, tree.name, tree.algorithm);
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
        ctx.cleanup.forget('tag', repo, reference);
      }
      if (ctx.layout !== 'fixed') {
        leaveCopy(ctx, tree.name, tree.algorithm, 'tags-deleted', { repo, set });
      }
    },
  };
}

/**
 * DELETE of every manifest by digest (referrers and indexes first) answers 202, after which it is gone (404). A
 * manifest an index deleted before it listed, and no tag holds, may already be gone (404): registries may collect it
 * with the index. It runs after the tree's delete-tag check and works on the copy that check emptied of tags, unless
 * a manifest is missing there (see {@link onLeftCopyOrOwn}); once every manifest is gone, it leaves the copy (its
 * blobs, no longer referenced) for the delete-blob check.
 */
export function deleteManifestCheck(tree: SetTree, hasTags: boolean, readers: readonly string[]): CheckDefinition {
  return {
    ...tree.base('delete-manifest', 'DELETE of every manifest by digest returns 202 and the manifest then answers 404'),
    level: 'MUST',
    statement: statements.manifestDeleted,
    spec: ['end-9'],
    api: 'manifest-delete',
    requires: [...tree.requires, 'manifest-delete'],
    runsAfter: hasTags ? [tree.base('delete-tag', '').id] : readers,
    async run(ctx) {
      await onLeftCopyOrOwn(
        ctx,
        tree,
        'tags-deleted',
        async ({ repo, set }, taken) => {
          const collectable = new Set<string>();
          for (const manifest of [...set.manifests].reverse()) {
            const reference = manifest.content.digest;
            const deleted = await ctx.client.deleteManifest(repo, reference, { signal: ctx.signal });
            const untagged = taken || manifest.tags.length === 0;
            if (deleted.status === 404 && untagged && collectable.has(reference)) {
              ctx.note(`${reference} (untagged) was already gone when deleted: collected with the index that listed it`);
            } else {
              await requireWasThere(taken, deleted, `manifest ${reference}`, () => ctx.client.headManifest(repo, reference, { signal: ctx.signal }));
              expectStatus(deleted, [202], ctx.step(`DELETE of manifest ${reference} returns 202`));
            }
            const after = await ctx.client.getManifest(repo, reference, { signal: ctx.signal });
            expectThat(after.status === 404, ctx.step(`GET of deleted manifest ${reference} returns 404`), 'status 404', describeResponse(after), after);
            ctx.cleanup.forget('manifest', repo, reference);
            // Deleting a manifest by digest removes its tags too (end-9).
            for (const tag of manifest.tags) {
              ctx.cleanup.forget('tag', repo, tag);
            }
            for (const child of listedBy(manifest)) {
              collectable.add(child);
            }
          }
          if (ctx.layout !== 'fixed') {
            // Every manifest is gone: the blobs left are unreferenced, as the delete-blob check needs them.
            leaveCopy(ctx, tree.name, tree.algorithm, 'manifests-deleted', { repo, set });
          }
        },
        () => chainCopy(ctx, tree.name, tree.algorithm),
      );
    },
  };
}

/**
 * DELETE of every blob answers 202, after which HEAD answers 404. It runs after the tree's delete-manifest check and
 * deletes the blobs of the copy that check emptied; when there is none (that check failed or did not run) or a blob
 * is missing there (the registry collected blobs with their manifests), those of a blobs-only copy of its own.
 */
export function deleteBlobCheck(tree: SetTree): CheckDefinition {
  return {
    ...tree.base('delete-blob', 'DELETE of every blob returns 202 and the blob then answers 404'),
    level: 'MUST',
    statement: statements.blobDeleted,
    spec: ['end-10'],
    api: 'blob-delete',
    requires: [...tree.requires, 'blob-delete'],
    runsAfter: [tree.base('delete-manifest', '').id],
    async run(ctx) {
      await onLeftCopyOrOwn(
        ctx,
        tree,
        'manifests-deleted',
        async ({ repo, set }, taken) => {
          // In the fixed layout every check shares two repositories: `{}` and the empty blob are the same bytes for
          // every seed, so other checks may be using them there; only this check's own bytes are deleted.
          const blobs = ctx.layout === 'fixed' ? set.blobs.filter((blob) => !isSeedIndependent(blob.bytes)) : set.blobs;
          for (const blob of blobs) {
            const deleted = await ctx.client.deleteBlob(repo, blob.digest, { signal: ctx.signal });
            await requireWasThere(taken, deleted, `blob ${blob.digest}`, () => ctx.client.headBlob(repo, blob.digest, { signal: ctx.signal }));
            expectStatus(deleted, [202], ctx.step(`DELETE of blob ${blob.digest} returns 202`));
            const after = await ctx.client.headBlob(repo, blob.digest, { signal: ctx.signal });
            expectThat(after.status === 404, ctx.step(`HEAD of deleted blob ${blob.digest} returns 404`), 'status 404', describeResponse(after), after);
            ctx.cleanup.forget('blob', repo, blob.digest);
          }
        },
        () => chainCopy(ctx, tree.name, tree.algorithm, true),
      );
    },
  };
}
