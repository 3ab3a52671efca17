import { LoadFailure } from '../http/load-failure.js';
import { pullBlob } from './blob-pull.js';
import { pushBlob, pushContent, type PushOptions } from './blob-push.js';
import { imageDocuments, imageLayerBlobs } from './image-documents.js';
import type { Descriptor } from '../../oci/manifest.js';
import { getManifest, putManifest } from './manifest-ops.js';
import type { OpContext } from './op-context.js';

/** A pushed image: what a pull needs to know. */
export interface PushedImage {
  readonly repository: string;
  readonly reference: string;
  readonly manifestDigest: string;
  readonly layers: readonly Descriptor[];
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
    const layerBlobs = imageLayerBlobs(seed, layerSizes);
    const layerDigests = await Promise.all(layerBlobs.map((blob) => pushBlob(ctx, repository, blob, options)));
    // The config lists the layers' diff IDs, so it is built once their digests are known.
    const { config, layers, manifest } = imageDocuments(seed, layerBlobs.map((blob, index) => ({ size: blob.size, digest: layerDigests[index] ?? '' })));
    await pushContent(ctx, repository, config);
    const manifestDigest = await putManifest(ctx, repository, reference, manifest);
    const bytes = config.size + layerSizes.reduce((sum, size) => sum + size, 0) + manifest.byteLength;
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
