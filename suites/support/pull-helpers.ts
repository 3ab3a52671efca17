/**
 * Data for the pull suite: small seeded images (OCI or Docker schema2) and indexes built inline from src/oci, pushed
 * blob-first then manifest, every pushed item registered for cleanup. The pull checks compare what comes back with
 * these exact bytes.
 */
import type { CheckContext } from '../../src/conformance/define-suite.js';
import { expectStatus, type Rule } from '../../src/conformance/expect.js';
import { digestOf } from '../../src/oci/digest.js';
import { MediaType } from '../../src/oci/media-types.js';
import { seedBlob, testBlob, type TestBlob } from './upload-helpers.js';

/** A manifest as pushed: exact bytes, digest and media type. */
export interface PushedManifest {
  readonly bytes: Uint8Array;
  readonly digest: string;
  readonly mediaType: string;
}

/** An image: its manifest and the blobs it references (config first). */
export interface TestImage {
  readonly manifest: PushedManifest;
  readonly blobs: readonly TestBlob[];
}

/** Manifest bytes of a JSON document, in insertion order, no whitespace: repeatable digests. */
function manifestOf(document: unknown, mediaType: string): PushedManifest {
  const bytes = new TextEncoder().encode(JSON.stringify(document));
  return { bytes, digest: digestOf(bytes), mediaType };
}

/** Descriptor of a blob with a media type. */
function descriptor(mediaType: string, blob: TestBlob): { mediaType: string; digest: string; size: number } {
  return { mediaType, digest: blob.digest, size: blob.content.length };
}

/** A one-layer image of the given flavour, seeded per check and `salt`. */
export function buildImage(ctx: CheckContext, salt = 'image', flavour: 'oci' | 'docker' = 'oci'): TestImage {
  const docker = flavour === 'docker';
  const layer = testBlob(ctx, 1536, `${salt}/layer`);
  const configDocument = {
    architecture: 'amd64',
    os: 'linux',
    created: '2020-01-01T00:00:00Z',
    rootfs: { type: 'layers', diff_ids: [layer.digest] },
    config: { Labels: { 'regatta.seed': `${ctx.seed}/${salt}` } },
  };
  const configBytes = new TextEncoder().encode(JSON.stringify(configDocument));
  const config: TestBlob = { content: configBytes, digest: digestOf(configBytes) };
  const mediaType = docker ? MediaType.dockerManifest : MediaType.ociManifest;
  const manifest = manifestOf(
    {
      schemaVersion: 2,
      mediaType,
      config: descriptor(docker ? MediaType.dockerConfig : MediaType.ociConfig, config),
      layers: [descriptor(docker ? MediaType.dockerLayerTarGzip : MediaType.ociLayerTarGzip, layer)],
    },
    mediaType,
  );
  return { manifest, blobs: [config, layer] };
}

/** An OCI index listing `children` (already pushed) for linux/amd64. */
export function buildIndex(children: readonly PushedManifest[]): PushedManifest {
  return manifestOf(
    {
      schemaVersion: 2,
      mediaType: MediaType.ociIndex,
      manifests: children.map((child) => ({
        mediaType: child.mediaType,
        digest: child.digest,
        size: child.bytes.length,
        platform: { architecture: 'amd64', os: 'linux' },
      })),
    },
    MediaType.ociIndex,
  );
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
    ctx.cleanup.tag(repo, reference);
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
