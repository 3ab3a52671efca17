import { jsonContent, type Content } from '../../../fixtures/content.js';
import { buildImageConfigDocument } from '../../../fixtures/oci-image.js';
import { MediaType } from '../../oci/media-types.js';
import { LoadFailure } from '../http/load-failure.js';
import { pullBlob } from './blob-pull.js';
import { pushBlob, pushContent, type PushOptions } from './blob-push.js';
import { getManifest, imageManifestBytes, putManifest, type Descriptor } from './manifest-ops.js';
import type { OpContext } from './op-context.js';

/** A pushed image: what a pull needs to know. */
export interface PushedImage {
  readonly repository: string;
  readonly reference: string;
  readonly manifestDigest: string;
  readonly layers: readonly Descriptor[];
}

/**
 * The image config of an image whose layers are `layerDigests`: valid image-spec JSON from the fixtures' builder, so
 * registries that read configs (zot) take it. The load engine's layers are uncompressed (`…layer.v1.tar`), so each
 * diff ID is the layer's digest and the config is true to its layers.
 */
export function loadImageConfig(seed: string, layerDigests: readonly string[]): Content {
  const document = buildImageConfigDocument(seed, layerDigests.map((diffId) => ({ diffId })), { architecture: 'amd64', os: 'linux' });
  return jsonContent(document, MediaType.ociConfig);
}

/**
 * Pushes an image the way `docker push` does: the layers in parallel, then the config (it lists the layers' diff IDs,
 * so it can only be written once they are known), then the manifest. Content comes from `seed` (each layer gets its
 * own sub-seed). Records `image-push` around the whole thing.
 */
export async function pushImage(
  ctx: OpContext,
  repository: string,
  reference: string,
  layerSizes: readonly number[],
  seed: string,
  options: PushOptions,
): Promise<PushedImage> {
  const recorder = ctx.http.metrics.operation('image-push');
  const started = ctx.http.clock.now();
  try {
    const layerDigests = await Promise.all(
      layerSizes.map((size, index) => pushBlob(ctx, repository, { size, seed: `${seed}/layer-${index}` }, options)),
    );
    const configContent = loadImageConfig(seed, layerDigests);
    await pushContent(ctx, repository, configContent);
    const layers = layerSizes.map((size, index) => ({
      mediaType: MediaType.ociLayerTar,
      digest: layerDigests[index] ?? '',
      size,
    }));
    const config = { mediaType: MediaType.ociConfig, digest: configContent.digest, size: configContent.size };
    const manifest = imageManifestBytes(config, layers);
    const manifestDigest = await putManifest(ctx, repository, reference, manifest);
    const bytes = configContent.size + layerSizes.reduce((sum, size) => sum + size, 0) + manifest.byteLength;
    recorder.recordSuccess(ctx.http.clock.now() - started, bytes);
    return { repository, reference, manifestDigest, layers };
  } catch (error) {
    // A request cut off by the stop (Ctrl-C, end of the graceful stop) is not an operation failure.
    if (!ctx.signal.aborted) {
      recorder.recordError();
    }
    throw error;
  }
}

/**
 * Pulls an image as a container runtime does: manifest by tag, then config and every layer in parallel, each digest
 * verified. Records `image-pull` around the whole thing.
 */
export async function pullImage(ctx: OpContext, repository: string, reference: string, expectedDigest?: string): Promise<number> {
  const recorder = ctx.http.metrics.operation('image-pull');
  const started = ctx.http.clock.now();
  try {
    const manifestBytes = await getManifest(ctx, repository, reference, expectedDigest);
    const manifest = JSON.parse(manifestBytes.toString('utf8')) as { config?: Descriptor; layers?: Descriptor[] };
    if (manifest.config === undefined || !Array.isArray(manifest.layers)) {
      throw new LoadFailure('protocol', 'manifest without config or layers');
    }
    const blobs = [manifest.config, ...manifest.layers];
    const sizes = await Promise.all(blobs.map((blob) => pullBlob(ctx, repository, blob.digest, blob.size)));
    const bytes = manifestBytes.byteLength + sizes.reduce((sum, size) => sum + size, 0);
    recorder.recordSuccess(ctx.http.clock.now() - started, bytes);
    return bytes;
  } catch (error) {
    // A request cut off by the stop (Ctrl-C, end of the graceful stop) is not an operation failure.
    if (!ctx.signal.aborted) {
      recorder.recordError();
    }
    throw error;
  }
}
