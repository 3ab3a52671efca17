/**
 * The checks of one content set tree that change the registry: the push itself, judged from the answers of the
 * tree's one push (blobs end-4a/end-6; manifests by digest and by tag end-7: 201, the digest echoed, OCI-Subject
 * where referrers are supported), and the deletes of tags (end-9), manifests (end-9) and blobs (end-10), each
 * followed by a read that must miss. Deletes never remove what another check reads: the tree's delete checks start
 * once its reads have ended and share one copy of their own, in a chain (tags, then manifests, then blobs), each
 * checking that what it needs is still there before it relies on it, else pushing a copy of its own.
 */
import type { ContentSet, ContentSetManifest } from '../../fixtures/content-set.js';
import type { CheckContext, CheckDefinition } from '../../src/conformance/define-suite.js';
import { describeResponse, expectStatus, expectThat } from '../../src/conformance/expect.js';
import type { SetTree } from './set-tree.js';
import { statements } from '../common/statements.js';
import { forEachLimited } from '../../src/conformance/for-each-limited.js';
import { MediaType } from '../../src/oci/media-types.js';
import { chainCopy, describeStep, isAllowedDanglingRefusal, leaveCopy, sharedPush, takeCopy, type CopyState, type LeftCopy, type PushAnswer } from './push-content-set.js';

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

/** HEADs in flight at once while checking the copy the check before left. */
const headLanes = 4;

/**
 * The copy a delete check starts from. The tree's delete checks form a chain (delete-tag, then delete-manifest, then
 * delete-blob, each running after the one before): a check takes the copy the one before it left in `state` when
 * every item it needs still answers HEAD 200 (`present`), else pushes one of its own (`own`). Either way it starts
 * from its items present, whatever the other check's verdict; in the fixed layout nothing is left, so it pushes.
 */
async function takeLeftCopyOrPush(
  ctx: CheckContext,
  tree: SetTree,
  state: CopyState,
  present: (copy: LeftCopy) => Promise<boolean>,
  own: () => Promise<LeftCopy>,
): Promise<{ copy: LeftCopy; taken: boolean }> {
  const left = ctx.layout === 'fixed' ? undefined : takeCopy(ctx, tree.name, tree.algorithm, state);
  if (left !== undefined) {
    if (await present(left)) {
      ctx.note(`works on the copy the check before it left with its ${state.replace('-', ' ')} (every item it needs answered HEAD 200 first)`);
      return { copy: left, taken: true };
    }
    ctx.note(`the copy left with its ${state.replace('-', ' ')} lost items it needs: pushing a copy of its own`);
  }
  return { copy: await own(), taken: false };
}

/** True when every item answers HEAD 200, a few HEADs at a time. */
async function allPresent(items: readonly string[], head: (reference: string) => Promise<{ status: number }>): Promise<boolean> {
  let present = true;
  await forEachLimited(items, headLanes, async (reference) => {
    // Not `present &&= …`: that reads `present` before the await, so a HEAD ending later could undo a miss.
    if ((await head(reference)).status !== 200) {
      present = false;
    }
  });
  return present;
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
 * DELETE of every tag answers 202, after which the tag is gone (404). On a copy of the check's own, pushed the way
 * clients push (each manifest by its first tag, else its digest), not on the read copy: seen in the lab, zot loses
 * referrers pushed by tag alone when their subject's tag is deleted, and keeps those also pushed by digest, as the
 * read copy's are, so the read copy would hide that deviation. Once every tag is gone, the copy is left for the
 * tree's delete-manifest check.
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
      const { repo, set } = await chainCopy(ctx, tree.name, tree.algorithm);
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
 * with the index. It runs after the tree's delete-tag check and works on the copy that check emptied of tags when
 * every manifest still answers HEAD 200 there; once every manifest is gone, it leaves the copy (its blobs, no longer
 * referenced) for the delete-blob check.
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
      const manifestsPresent = ({ repo, set }: LeftCopy): Promise<boolean> =>
        allPresent(
          set.manifests.map((manifest) => manifest.content.digest),
          (digest) => ctx.client.headManifest(repo, digest, { signal: ctx.signal }),
        );
      const { copy, taken } = await takeLeftCopyOrPush(ctx, tree, 'tags-deleted', manifestsPresent, () => chainCopy(ctx, tree.name, tree.algorithm));
      const { repo, set } = copy;
      const collectable = new Set<string>();
      for (const manifest of [...set.manifests].reverse()) {
        const reference = manifest.content.digest;
        const deleted = await ctx.client.deleteManifest(repo, reference, { signal: ctx.signal });
        const untagged = taken || manifest.tags.length === 0;
        if (deleted.status === 404 && untagged && collectable.has(reference)) {
          ctx.note(`${reference} (untagged) was already gone when deleted: collected with the index that listed it`);
        } else {
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
  };
}

/**
 * DELETE of every blob answers 202, after which HEAD answers 404. It runs after the tree's delete-manifest check and
 * deletes the blobs of the copy that check emptied when each still answers HEAD 200 (not when that check failed, did
 * not run, or the registry collected blobs with their manifests); else a blobs-only copy of its own.
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
      const blobsPresent = ({ repo, set }: LeftCopy): Promise<boolean> =>
        allPresent(
          set.blobs.map((blob) => blob.digest),
          (digest) => ctx.client.headBlob(repo, digest, { signal: ctx.signal }),
        );
      const { copy } = await takeLeftCopyOrPush(ctx, tree, 'manifests-deleted', blobsPresent, () => chainCopy(ctx, tree.name, tree.algorithm, true));
      const { repo, set } = copy;
      // In the fixed layout every check shares two repositories: `{}` and the empty blob are the same bytes for
      // every seed, so other checks may be using them there; only this check's own bytes are deleted.
      const blobs = ctx.layout === 'fixed' ? set.blobs.filter((blob) => !isSeedIndependent(blob.bytes)) : set.blobs;
      for (const blob of blobs) {
        const deleted = await ctx.client.deleteBlob(repo, blob.digest, { signal: ctx.signal });
        expectStatus(deleted, [202], ctx.step(`DELETE of blob ${blob.digest} returns 202`));
        const after = await ctx.client.headBlob(repo, blob.digest, { signal: ctx.signal });
        expectThat(after.status === 404, ctx.step(`HEAD of deleted blob ${blob.digest} returns 404`), 'status 404', describeResponse(after), after);
        ctx.cleanup.forget('blob', repo, blob.digest);
      }
    },
  };
}
