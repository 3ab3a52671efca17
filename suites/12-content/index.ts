/**
 * Content sets: every shape of OCI content in `fixtures/content-sets.ts` (zero-byte blob, empty config, no layers,
 * nested and empty indexes, custom fields, the descriptor `data` field, non-distributable layers, artifacts, subjects,
 * a ~3.9 MB manifest, uncompressed and zstd layers, cosign, in-toto, SPDX, notation and BuildKit shapes), each pushed
 * and read back through every API it touches: push (end-4a, end-6, end-7), tag list (end-8a), HEAD and GET by tag and
 * by digest (end-3) and of every blob (end-2), referrers of its subjects (end-12a) and deletes (end-9, end-10). Blob
 * trees in sha256 and, where the probe found sha512 support, sha512 (end-4c). The checks are generated from the sets:
 * one per set, algorithm and operation. Read checks share one push of their tree; once they have ended, its delete
 * checks take turns on one copy (tags, then manifests, then blobs: `runsAfter`): that same push, or for a set whose
 * manifests refer to one another a second copy pushed the way clients push; a check that finds an item it needs
 * missing from that copy starts over on a copy of its own, so no verdict follows another's.
 */
import { algorithmsOf, contentSetNames } from '../../fixtures/content-sets.js';
import { defineSuite, type CheckDefinition } from '../../src/conformance/define-suite.js';
import { getBlobCheck, getManifestCheck, headBlobCheck, headManifestCheck, referrersCheck, tagListCheck } from './read-checks.js';
import { sharedContentSet } from './push-content-set.js';
import { setTree } from './set-tree.js';
import { deleteBlobCheck, deleteManifestCheck, deleteTagCheck, pushBlobsCheck, pushManifestsCheck } from './write-checks.js';
import { zeroByteChecks } from './zero-byte-checks.js';

/** The checks of every set tree, in set order then algorithm order. */
function contentChecks(): CheckDefinition[] {
  const checks: CheckDefinition[] = [];
  for (const name of contentSetNames) {
    // The shape (blobs, tags, referrers, acceptance) is the same in every algorithm and seed.
    const shape = sharedContentSet(name, 'sha256');
    for (const algorithm of algorithmsOf(name)) {
      const tree = setTree(name, algorithm, shape.dockerTypes);
      const hasTags = shape.manifests.some((manifest) => manifest.tags.length > 0);
      const hasBlobs = shape.blobs.length > 0;
      // The checks that push or read the tree's read copy; its delete checks run after them.
      const readers: CheckDefinition[] = [];
      if (hasBlobs) {
        readers.push(pushBlobsCheck(tree));
      }
      readers.push(pushManifestsCheck(tree, shape, 'digest'));
      if (hasTags) {
        readers.push(pushManifestsCheck(tree, shape, 'tag'), tagListCheck(tree), headManifestCheck(tree, 'tag'), getManifestCheck(tree, 'tag'));
      }
      readers.push(headManifestCheck(tree, 'digest'), getManifestCheck(tree, 'digest'));
      if (hasBlobs) {
        readers.push(headBlobCheck(tree), getBlobCheck(tree));
      }
      if (shape.referrers.length > 0) {
        readers.push(referrersCheck(tree));
      }
      const readerIds = readers.map((check) => check.id);
      // The first of them pushes the read copy and the others await that push: they start after it has ended, so
      // waiting for the push never holds a place another tree's check could run in.
      const [pusher, ...others] = readers;
      if (pusher !== undefined) {
        checks.push(pusher, ...others.map((check) => ({ ...check, runsAfter: [...(check.runsAfter ?? []), pusher.id] })));
      }
      if (hasTags) {
        checks.push(deleteTagCheck(tree, readerIds));
      }
      checks.push(deleteManifestCheck(tree, hasTags, readerIds));
      if (hasBlobs) {
        checks.push(deleteBlobCheck(tree));
      }
    }
  }
  return [...checks, ...zeroByteChecks];
}

export default defineSuite({
  id: 'content',
  title: 'Content sets',
  description:
    'Every content set (image shapes, indexes, artifacts, subjects, a ~3.9 MB manifest, zstd and uncompressed layers, supply-chain shapes) pushed and read back: push, tag list, HEAD, GET, referrers, delete; sha256 and sha512 blob trees.',
  checks: contentChecks(),
});
