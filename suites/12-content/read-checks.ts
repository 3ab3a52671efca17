/**
 * The read-back checks of one content set tree: tag list (end-8a), HEAD and GET of every manifest by tag and by
 * digest (end-3) and of every blob (end-2), byte for byte and verified by digest, and the referrers of every subject
 * (end-12a). The set is pushed once per run for all of them (see `sharedPush`), so reads cost no pushes of their own.
 */
import type { ContentSet } from '../../fixtures/content-set.js';
import type { CheckContext, CheckDefinition } from '../../src/conformance/define-suite.js';
import { excerpt, expectStatus, expectThat, fail } from '../../src/conformance/expect.js';
import { digestOf } from '../../src/oci/digest.js';
import { isAtLeast } from '../../src/model/spec-version.js';
import { expectStringList } from '../common/listing-helpers.js';
import { mediaTypeOf, sameBytes } from '../common/manifest-helpers.js';
import type { SetTree } from './set-tree.js';
import { requireAccepted, sharedPush } from './push-content-set.js';
import { statements } from '../common/statements.js';

/** The tree's set, pushed (once for every read check of the run), and where; every push answer 201. */
async function pushed(ctx: CheckContext, tree: SetTree): Promise<{ repo: string; set: ContentSet }> {
  const shared = await sharedPush(ctx, tree.name, tree.algorithm);
  requireAccepted(shared);
  return shared;
}

/** Content-Length and Docker-Content-Digest on HEAD (and the digest on GET) are SHOULD in 1.1 and MUST on main. */
function headerLevel(ctx: CheckContext): { readonly level?: 'SHOULD' } {
  return isAtLeast(ctx.specVersion, 'main') ? {} : { level: 'SHOULD' };
}

/** True when `header` names the content `bytes` by a digest of either algorithm (a registry may answer its own). */
function namesContent(header: string | undefined, bytes: Uint8Array): boolean {
  if (header === undefined) {
    return false;
  }
  const algorithm = header.slice(0, header.indexOf(':'));
  return (algorithm === 'sha256' || algorithm === 'sha512') && digestOf(bytes, algorithm) === header;
}

/** The tag list names every tag of the set. */
export function tagListCheck(tree: SetTree): CheckDefinition {
  return {
    ...tree.base('tag-list', 'the tag list names every tag of the set'),
    level: 'MUST',
    statement: statements.tagsList,
    spec: ['end-8a'],
    api: 'tags-list',
    async run(ctx) {
      const { repo, set } = await pushed(ctx, tree);
      const response = await ctx.client.listTags(repo, {}, { signal: ctx.signal });
      expectStatus(response, [200], ctx.rule);
      const tags = expectStringList(response, 'tags', ctx.rule);
      const missing = set.manifests.flatMap((manifest) => manifest.tags).filter((tag) => !tags.includes(tag));
      expectThat(missing.length === 0, ctx.rule, `tags ${set.manifests.flatMap((m) => m.tags).join(', ')}`, `missing ${missing.join(', ')} in ${excerpt(response)}`, response);
    },
  };
}

/** HEAD of every manifest, by tag or by digest: 200; Content-Length and Docker-Content-Digest SHOULD match. */
export function headManifestCheck(tree: SetTree, by: 'tag' | 'digest'): CheckDefinition {
  return {
    ...tree.base(`head-by-${by}`, `HEAD of every manifest by ${by} returns 200`),
    level: 'MUST',
    statement: statements.headExisting,
    spec: ['end-3'],
    api: 'manifest-head',
    async run(ctx) {
      const { repo, set } = await pushed(ctx, tree);
      for (const { content, reference } of tree.references(set, by)) {
        const response = await ctx.client.headManifest(repo, reference, { signal: ctx.signal });
        expectStatus(response, [200], ctx.step(`HEAD of manifest ${reference} returns 200`));
        const length = response.headers['content-length'];
        expectThat(length === String(content.size), ctx.step(`HEAD of manifest ${reference} sends Content-Length ${content.size}`, headerLevel(ctx)), String(content.size), length ?? 'none', response);
        const digest = response.headers['docker-content-digest'];
        expectThat(digest === content.digest, ctx.step(`HEAD of manifest ${reference} sends Docker-Content-Digest`, headerLevel(ctx)), content.digest, digest ?? 'none', response);
      }
    },
  };
}

/** GET of every manifest, by tag or by digest: 200 with the exact bytes pushed (and, by digest, bytes of that digest). */
export function getManifestCheck(tree: SetTree, by: 'tag' | 'digest'): CheckDefinition {
  return {
    ...tree.base(`get-by-${by}`, `GET of every manifest by ${by} returns the bytes pushed, byte for byte`),
    level: 'MUST',
    statement: statements.manifestExactBytes,
    spec: ['end-3', 'end-7'],
    api: 'manifest-get',
    async run(ctx) {
      const { repo, set } = await pushed(ctx, tree);
      for (const { content, reference } of tree.references(set, by)) {
        const response = await ctx.client.getManifest(repo, reference, { signal: ctx.signal });
        expectStatus(response, [200], ctx.step(`GET of manifest ${reference} returns 200`));
        const received = digestOf(response.body);
        expectThat(
          !response.bodyTruncated && sameBytes(response.body, content.bytes),
          ctx.step(`GET of manifest ${reference} returns the exact bytes pushed (the registry MUST store them unchanged)`),
          `${content.size} bytes with digest ${content.digest}`,
          `${response.body.length} bytes with digest ${received}`,
          response,
        );
        const type = mediaTypeOf(response);
        expectThat(type === content.mediaType, ctx.step(`GET of manifest ${reference} has Content-Type ${content.mediaType}`, { level: 'SHOULD' }), content.mediaType, type ?? 'none', response);
      }
    },
  };
}

/** HEAD of every blob: 200; Content-Length SHOULD be the size, Docker-Content-Digest SHOULD name the content. */
export function headBlobCheck(tree: SetTree): CheckDefinition {
  return {
    ...tree.base('head-blob', 'HEAD of every blob returns 200'),
    level: 'MUST',
    statement: statements.headExisting,
    spec: ['end-2'],
    api: 'blob-head',
    async run(ctx) {
      const { repo, set } = await pushed(ctx, tree);
      for (const blob of set.blobs) {
        const response = await ctx.client.headBlob(repo, blob.digest, { signal: ctx.signal });
        expectStatus(response, [200], ctx.step(`HEAD of blob ${blob.digest} returns 200`));
        const length = response.headers['content-length'];
        expectThat(length === String(blob.size), ctx.step(`HEAD of blob ${blob.digest} sends Content-Length ${blob.size}`, headerLevel(ctx)), String(blob.size), length ?? 'none', response);
        const digest = response.headers['docker-content-digest'];
        expectThat(namesContent(digest, blob.bytes), ctx.step(`HEAD of blob ${blob.digest} sends a Docker-Content-Digest of its content`, headerLevel(ctx)), blob.digest, digest ?? 'none', response);
      }
    },
  };
}

/** GET of every blob: 200 with the exact bytes, verified by the blob's digest. */
export function getBlobCheck(tree: SetTree): CheckDefinition {
  return {
    ...tree.base('get-blob', 'GET of every blob returns its exact bytes, verified by digest'),
    level: 'MUST',
    statement: statements.blobGet,
    spec: ['end-2'],
    api: 'blob-get',
    async run(ctx) {
      const { repo, set } = await pushed(ctx, tree);
      for (const blob of set.blobs) {
        const response = await ctx.client.getBlob(repo, blob.digest, { signal: ctx.signal });
        expectStatus(response, [200], ctx.step(`GET of blob ${blob.digest} returns 200`));
        const received = digestOf(response.body, tree.algorithm);
        expectThat(
          !response.bodyTruncated && received === blob.digest && response.body.length === blob.size,
          ctx.step(`GET of blob ${blob.digest} returns its exact bytes`),
          `${blob.size} bytes with digest ${blob.digest}`,
          `${response.body.length} bytes with digest ${received}`,
          response,
        );
      }
    },
  };
}

/** The referrers of every subject list each referrer with its digest, mediaType, size and artifactType. */
export function referrersCheck(tree: SetTree): CheckDefinition {
  return {
    ...tree.base('referrers', 'the referrers of every subject list each referrer with its mediaType, size and artifactType'),
    level: 'MUST',
    statement: statements.referrersArtifactType,
    since: '1.1',
    spec: ['end-12a'],
    api: 'referrers',
    requires: [...tree.requires, 'referrers'],
    async run(ctx) {
      const { repo, set } = await pushed(ctx, tree);
      for (const expected of set.referrers) {
        const response = await ctx.client.referrers(repo, expected.subject, {}, { signal: ctx.signal });
        expectStatus(response, [200], ctx.step(`GET referrers of ${expected.subject} returns 200`));
        const body = response.json() as { manifests?: unknown } | undefined;
        const manifests = (Array.isArray(body?.manifests) ? body.manifests : []) as Record<string, unknown>[];
        const found = manifests.find((entry) => entry['digest'] === expected.referrer.digest);
        if (found === undefined) {
          fail(ctx.step(`the referrers of ${expected.subject} list ${expected.referrer.digest}`), `a descriptor of ${expected.referrer.digest}`, excerpt(response), response);
        }
        const actual = `${String(found['mediaType'])}, ${String(found['size'])} bytes, artifactType ${String(found['artifactType'])}`;
        expectThat(
          found['mediaType'] === expected.referrer.mediaType && found['size'] === expected.referrer.size && found['artifactType'] === expected.artifactType,
          ctx.step(`the referrer ${expected.referrer.digest} is listed with its mediaType, size and artifactType`),
          `${expected.referrer.mediaType}, ${expected.referrer.size} bytes, artifactType ${expected.artifactType}`,
          actual,
          response,
        );
      }
    },
  };
}
