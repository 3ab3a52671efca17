/**
 * Data for the pull suite: small seeded images (OCI or Docker schema2) and indexes from the fixtures builders, pushed
 * blob-first then manifest, every pushed item registered for cleanup. The pull checks compare what comes back with
 * these exact bytes.
 */
import type { CheckContext } from '../../src/conformance/define-suite.js';
import { expectStatus, type Rule } from '../../src/conformance/expect.js';
import type { Content } from '../../fixtures/content.js';
import { buildDockerImage } from '../../fixtures/docker-image.js';
import { buildOciImage, type ImageFixture } from '../../fixtures/oci-image.js';
import { buildOciIndex } from '../../fixtures/oci-index.js';
import type { DigestAlgorithm } from '../../src/oci/digest.js';
import { sharedPerRun } from './shared-per-run.js';
import { seedBlob, testBlob, type TestBlob } from './upload-helpers.js';

/** A manifest as pushed: exact bytes, digest and media type (the fixtures' `Content`). */
export type PushedManifest = Pick<Content, 'bytes' | 'digest' | 'mediaType'>;

/** An image: its manifest and the blobs it references (config first). */
export interface TestImage {
  readonly manifest: Content;
  readonly blobs: readonly TestBlob[];
}

/** A fixture image as pushable test data. */
function fromFixture(fixture: ImageFixture): TestImage {
  return { manifest: fixture.manifest, blobs: fixture.blobs.map((blob) => ({ content: blob.bytes, digest: blob.digest })) };
}

/** A one-layer seeded image (gzip tar layer, config, manifest) of the given flavour, per check and `salt`. */
export function buildImage(ctx: CheckContext, salt = 'image', flavour: 'oci' | 'docker' = 'oci'): TestImage {
  const seed = `${ctx.seed}/${salt}`;
  return fromFixture(flavour === 'docker' ? buildDockerImage({ seed }) : buildOciImage({ seed }));
}

/** An OCI index listing `children` (already pushed) for linux/amd64. */
export function buildIndex(children: readonly Content[]): PushedManifest {
  return buildOciIndex(children.map((manifest) => ({ manifest, platform: { architecture: 'amd64', os: 'linux' } })));
}

/** PUT a manifest by `reference` (tag or digest) → 201, registered for cleanup. */
export async function pushManifest(
  ctx: CheckContext,
  repo: string,
  manifest: PushedManifest,
  reference: string,
  rule: Rule,
): Promise<void> {
  const put = await ctx.client.putManifest(repo, reference, manifest.bytes, manifest.mediaType, { signal: ctx.signal });
  expectStatus(put, [201], { ...rule, rule: `${rule.rule} (pushing manifest ${reference})` });
  ctx.cleanup.manifest(repo, manifest.digest);
  if (reference !== manifest.digest) {
    ctx.cleanup.tag(repo, reference, put.headers['docker-content-digest']);
  }
}

/** Pushes an image's blobs, then its manifest by `reference`. */
export async function pushImage(ctx: CheckContext, repo: string, image: TestImage, reference: string, rule: Rule): Promise<void> {
  for (const blob of image.blobs) {
    await seedBlob(ctx, repo, blob, { ...rule, rule: `${rule.rule} (pushing blob ${blob.digest})` });
  }
  await pushManifest(ctx, repo, image.manifest, reference, rule);
}

/** The tag every pull check pushes under. */
export const pullTag = 'regatta-pull';

/** Size of the blob most pull checks read: not a power of two, several TCP segments. */
export const pullBlobBytes = 5000;

/**
 * A blob of `size` bytes addressed by `algorithm` that pull checks only read, pushed once per run into
 * `<namespace>/pull-shared-<algorithm>-blob-<size>`.
 */
export function sharedBlob(ctx: CheckContext, size = pullBlobBytes, algorithm: DigestAlgorithm = 'sha256'): Promise<{ repo: string; blob: TestBlob }> {
  return sharedPerRun(ctx, 'pull', `${algorithm}-blob-${size}`, async (pusher) => {
    const repo = pusher.repo();
    const blob = testBlob(pusher, size, '', algorithm);
    const spec = algorithm === 'sha256' ? ['end-4a', 'end-6'] : ['end-4a', 'end-4c', 'end-6'];
    await seedBlob(pusher, repo, blob, { rule: `prerequisite: the ${size}-byte ${algorithm} blob the pull checks read pushes with 201`, spec });
    return { repo, blob };
  });
}
