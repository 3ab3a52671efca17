/**
 * The checks of one content set tree that change the registry: the push itself (end-6, end-7: every blob and
 * manifest 201, the manifest digest echoed, OCI-Subject where referrers are supported) and the deletes of tags
 * (end-9), manifests (end-9) and blobs (end-10), each followed by a read that must miss. Delete checks push bytes of
 * their own seed, so they never remove what another check reads.
 */
import type { ContentSet } from '../../fixtures/content-set.js';
import type { CheckDefinition } from '../../src/conformance/define-suite.js';
import { describeResponse, expectStatus, expectThat } from '../../src/conformance/expect.js';
import type { SetTree } from './set-tree.js';
import { describeStep, ownCopy, sharedPush } from './push-content-set.js';

/** Every blob and manifest of the set pushes with 201; a manifest push echoes its digest and, with a subject, OCI-Subject. */
export function pushCheck(tree: SetTree, set: ContentSet): CheckDefinition {
  return {
    ...tree.base('push', 'every blob and manifest pushes with 201, and each manifest push answers its digest'),
    level: set.acceptance,
    spec: ['end-4a', 'end-6', 'end-7'],
    api: 'manifest-put',
    async run(ctx) {
      const { answers } = await sharedPush(ctx, tree.name, tree.algorithm);
      for (const { response, step } of answers) {
        if (step.kind === 'blob') {
          expectStatus(response, [201], ctx.step(`the ${describeStep(step)} is accepted with 201`, { spec: ['end-4a', 'end-6'] }));
          continue;
        }
        const { content } = step.manifest;
        expectStatus(response, [201], ctx.step(`the ${describeStep(step)} is accepted with 201`, { spec: ['end-7'] }));
        const digest = response.headers['docker-content-digest'];
        expectThat(
          digest === undefined || digest === content.digest,
          ctx.step(`the push of ${describeStep(step)} answers Docker-Content-Digest equal to the digest of the bytes sent`, { spec: ['end-7'] }),
          content.digest,
          digest ?? 'none',
          response,
        );
        const subject = (JSON.parse(Buffer.from(content.bytes).toString('utf8')) as { subject?: { digest?: string } }).subject?.digest;
        if (subject !== undefined && ctx.capabilities.referrers === 'supported') {
          const header = response.headers['oci-subject'];
          expectThat(header === subject, ctx.step(`a registry with referrers answers the push of ${describeStep(step)} with OCI-Subject`, { spec: ['end-7'] }), subject, header ?? 'none', response);
        }
      }
    },
  };
}

/** DELETE of every tag answers 202, after which the tag is gone (404). */
export function deleteTagCheck(tree: SetTree): CheckDefinition {
  return {
    ...tree.base('delete-tag', 'DELETE of every tag returns 202 and the tag then answers 404'),
    level: 'MUST',
    spec: ['end-9'],
    api: 'manifest-delete',
    requires: [...tree.requires, 'tag-delete'],
    async run(ctx) {
      const { repo, set } = await ownCopy(ctx, tree.name, tree.algorithm);
      for (const { reference } of tree.references(set, 'tag')) {
        const deleted = await ctx.client.deleteManifest(repo, reference, { signal: ctx.signal });
        expectStatus(deleted, [202], ctx.step(`DELETE of tag ${reference} returns 202`));
        const after = await ctx.client.getManifest(repo, reference, { signal: ctx.signal });
        expectThat(after.status === 404, ctx.step(`GET of deleted tag ${reference} returns 404`), 'status 404', describeResponse(after), after);
      }
    },
  };
}

/** DELETE of every manifest by digest (referrers and indexes first) answers 202, after which it is gone (404). */
export function deleteManifestCheck(tree: SetTree): CheckDefinition {
  return {
    ...tree.base('delete-manifest', 'DELETE of every manifest by digest returns 202 and the manifest then answers 404'),
    level: 'MUST',
    spec: ['end-9'],
    api: 'manifest-delete',
    requires: [...tree.requires, 'manifest-delete'],
    async run(ctx) {
      const { repo, set } = await ownCopy(ctx, tree.name, tree.algorithm);
      for (const { reference } of tree.references(set, 'digest').reverse()) {
        const deleted = await ctx.client.deleteManifest(repo, reference, { signal: ctx.signal });
        expectStatus(deleted, [202], ctx.step(`DELETE of manifest ${reference} returns 202`));
        const after = await ctx.client.getManifest(repo, reference, { signal: ctx.signal });
        expectThat(after.status === 404, ctx.step(`GET of deleted manifest ${reference} returns 404`), 'status 404', describeResponse(after), after);
      }
    },
  };
}

/** DELETE of every blob answers 202, after which HEAD answers 404. */
export function deleteBlobCheck(tree: SetTree): CheckDefinition {
  return {
    ...tree.base('delete-blob', 'DELETE of every blob returns 202 and the blob then answers 404'),
    level: 'MUST',
    spec: ['end-10'],
    api: 'blob-delete',
    requires: [...tree.requires, 'blob-delete'],
    async run(ctx) {
      const { repo, set } = await ownCopy(ctx, tree.name, tree.algorithm, true);
      for (const blob of set.blobs) {
        const deleted = await ctx.client.deleteBlob(repo, blob.digest, { signal: ctx.signal });
        expectStatus(deleted, [202], ctx.step(`DELETE of blob ${blob.digest} returns 202`));
        const after = await ctx.client.headBlob(repo, blob.digest, { signal: ctx.signal });
        expectThat(after.status === 404, ctx.step(`HEAD of deleted blob ${blob.digest} returns 404`), 'status 404', describeResponse(after), after);
      }
    },
  };
}
