/**
 * The one home of how the load engine lays out an image: which seeded blobs its layers are, and the config and
 * manifest bytes that follow from their digests. `pushImage` pushes exactly these; a segment of a distributed run
 * computes the same documents from locally hashed digests to know what the set-up phase pushed (plan-flow-state.ts),
 * so the two can never drift apart.
 */
import { jsonContent, type Content } from '../../../fixtures/content.js';
import { buildImageConfigDocument } from '../../../fixtures/oci-image.js';
import { MediaType } from '../../oci/media-types.js';
import type { SeededBlob } from './blob-push.js';
import type { Descriptor } from '../../oci/manifest.js';
import { imageManifestBytes } from './manifest-ops.js';

/**
 * The image config of an image whose layers are `layerDigests`: valid image-spec JSON from the fixtures' builder, so
 * registries that read configs (zot) take it. The load engine's layers are uncompressed (`…layer.v1.tar`), so each
 * diff ID is the layer's digest and the config is true to its layers.
 */
function loadImageConfig(seed: string, layerDigests: readonly string[]): Content {
  const document = buildImageConfigDocument(seed, layerDigests.map((diffId) => ({ diffId })), { architecture: 'amd64', os: 'linux' });
  return jsonContent(document, MediaType.ociConfig);
}

/** Layer `index` of the image seeded `seed`: each layer has its own sub-seed. */
export function imageLayerBlobs(seed: string, layerSizes: readonly number[]): SeededBlob[] {
  return layerSizes.map((size, index) => ({ size, seed: `${seed}/layer-${index}` }));
}

/** An image's config and manifest, once its layers' digests are known. */
export interface ImageDocuments {
  readonly config: Content;
  readonly layers: readonly Descriptor[];
  readonly manifest: Buffer;
}

/**
 * The config (seeded by `configSeed`, listing the layers' diff IDs) and the OCI manifest of an image made of `layers`
 * (uncompressed tar layers, in order), with optional manifest annotations.
 */
export function imageDocuments(
  configSeed: string,
  layers: readonly { readonly size: number; readonly digest: string }[],
  annotations?: Readonly<Record<string, string>>,
): ImageDocuments {
  const config = loadImageConfig(configSeed, layers.map((layer) => layer.digest));
  const descriptors = layers.map((layer) => ({ mediaType: MediaType.ociLayerTar, digest: layer.digest, size: layer.size }));
  const manifest = imageManifestBytes({ mediaType: MediaType.ociConfig, digest: config.digest, size: config.size }, descriptors, annotations);
  return { config, layers: descriptors, manifest };
}
