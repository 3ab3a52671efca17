/**
 * One record per load flow kind: what an iteration does in words, how many bytes it moves, how many requests it has
 * in flight, whether the client works per byte, its set-up (measured nothing), the set-up rebuilt without the registry
 * (a segment's run phase), and the per-iteration step. The engine, the report text, the thread policy and the
 * segments read these records; a new flow kind is one record here and its schema in define-scenario.ts.
 */
import { formatBytes, formatNumber } from '../../model/format-number.js';
import { digestOf } from '../../oci/digest.js';
import type { Flow } from '../define-scenario.js';
import { cachedSeededDigest } from '../ops/digest-cache.js';
import { imageDocuments, imageLayerBlobs } from '../ops/image-documents.js';
import type { PushedImage } from '../ops/image-ops.js';
import type { OpContext } from '../ops/op-context.js';
import type { FlowEnv, FlowState, PreparedFlow } from './flow-types.js';
import { bindPullImage, preparePushImage, pullImagePool, setupPullImage, type PoolImage } from './image-flows.js';
import { bindManifestStorm, setupManifestStorm, stormDocuments, stormLayerBlob } from './manifest-storm-flow.js';
import { bindMixed, mixedPool, setupMixed } from './mixed-flow.js';
import { bindPullBlobs, pullBlobsPoolBlob, setupPullBlobs } from './pull-blobs-flow.js';
import { preparePushBlobs } from './push-blobs-flow.js';

/** What the engine needs to know about one kind of flow `F`. */
export interface FlowKind<F extends Flow> {
  /** What one iteration does, from the flow's settings; `checked` says whether digests are verified. */
  describe(flow: F, checked: string): string;
  /** Bytes one iteration moves, or undefined when sizes vary or the payloads are tiny manifests. */
  iterationBytes(flow: F): number | undefined;
  /** Requests one iteration may have in flight at once (image flows fetch layers in parallel). */
  fanOut(flow: F): number;
  /**
   * True when the client does real work per byte (hashing pulled bodies, generating and hashing pushed ones), which
   * a second core can take over; false when the registry is the bottleneck (a manifest storm, an unverified pull).
   */
  perByteWork(flow: F, verify: boolean): boolean;
  /** The set-up (pushes the pools iterations read; not measured), returned as plain data for the worker threads. */
  setup(flow: F, env: FlowEnv, setup: OpContext): Promise<FlowState>;
  /** What {@link FlowKind.setup} returns, computed locally from the seeds (a segment's run phase, a teardown). */
  plan(flow: F, env: FlowEnv): Promise<FlowState>;
  /** The per-iteration step over what the set-up made (in this thread or another). */
  bind(flow: F, env: FlowEnv, state: FlowState): PreparedFlow;
}

/** Digests of a pool of images, as `pushPool` would have returned them (the same `imageDocuments`). */
async function planImages(pool: readonly PoolImage[], env: FlowEnv): Promise<PushedImage[]> {
  const images: PushedImage[] = [];
  for (const image of pool) {
    const layerBlobs = imageLayerBlobs(image.seed, image.layerSizes);
    const layers = await Promise.all(layerBlobs.map(async (blob) => ({ size: blob.size, digest: await cachedSeededDigest(blob.size, blob.seed) })));
    const documents = imageDocuments(image.seed, layers);
    images.push({ repository: env.repository, reference: image.reference, manifestDigest: digestOf(documents.manifest), layers: documents.layers });
  }
  return images;
}

const noState: FlowState = { kind: 'none' };
const imagesOf = (state: FlowState): readonly PushedImage[] => (state.kind === 'images' ? state.images : []);
const layerBytes = (layers: readonly number[]): number => layers.reduce((sum, size) => sum + size, 0);

type KindOf<K extends Flow['kind']> = FlowKind<Extract<Flow, { kind: K }>>;

/** Every flow kind's record. */
export const flowKinds: { readonly [K in Flow['kind']]: KindOf<K> } = {
  'push-blobs': {
    describe: (flow, checked) => {
      const what = `${flow.reuse ? 'the same' : 'unique'} ${formatBytes(flow.size)} blobs`;
      if (flow.strategy === 'chunked') {
        return `Push ${what} in ${formatBytes(flow.chunkBytes ?? flow.size)} Content-Range chunks (${checked})`;
      }
      return `Push ${what} (${flow.strategy === 'stream' ? 'streamed PATCH' : 'monolithic PUT'}, ${checked})`;
    },
    iterationBytes: (flow) => flow.size,
    fanOut: () => 1,
    perByteWork: () => true,
    setup: () => Promise.resolve(noState),
    plan: () => Promise.resolve(noState),
    bind: (flow, env) => preparePushBlobs(flow, env),
  },
  'pull-blobs': {
    describe: (flow, checked) => `Pull ${formatBytes(flow.size)} blobs from a pool of ${flow.blobs} (${checked})`,
    iterationBytes: (flow) => flow.size,
    fanOut: () => 1,
    perByteWork: (_flow, verify) => verify,
    setup: async (flow, env, setup) => ({ kind: 'blobs', digests: await setupPullBlobs(flow, env, setup) }),
    plan: async (flow, env) => {
      const blobs = Array.from({ length: flow.blobs }, (_, n) => pullBlobsPoolBlob(flow, env, n));
      return { kind: 'blobs', digests: await Promise.all(blobs.map((blob) => cachedSeededDigest(blob.size, blob.seed))) };
    },
    bind: (flow, env, state) => bindPullBlobs(flow, env, state.kind === 'blobs' ? state.digests : []),
  },
  'push-image': {
    describe: (flow, checked) =>
      `Push images (config + ${flow.layers.length} layers of ${flow.layers.map(formatBytes).join(', ')} in parallel, then the manifest; ${checked})`,
    iterationBytes: (flow) => layerBytes(flow.layers),
    fanOut: (flow) => flow.layers.length + 1,
    perByteWork: () => true,
    setup: () => Promise.resolve(noState),
    plan: () => Promise.resolve(noState),
    bind: (flow, env) => preparePushImage(flow, env),
  },
  'pull-image': {
    describe: (flow, checked) =>
      `Pull images from a pool of ${flow.images} (manifest, then config + ${flow.layers.length} layers of ${flow.layers.map(formatBytes).join(', ')} in parallel; ${checked})`,
    iterationBytes: (flow) => layerBytes(flow.layers),
    fanOut: (flow) => flow.layers.length + 1,
    perByteWork: (_flow, verify) => verify,
    setup: async (flow, env, setup) => ({ kind: 'images', images: await setupPullImage(flow, env, setup) }),
    plan: async (flow, env) => ({ kind: 'images', images: await planImages(pullImagePool(flow, env), env) }),
    bind: (_flow, env, state) => bindPullImage(env, imagesOf(state)),
  },
  mixed: {
    describe: (flow, checked) =>
      `Mix of ${formatNumber(flow.readRatio * 100, 1)}% image pulls and ${formatNumber((1 - flow.readRatio) * 100, 1)}% pushes, ` +
      `${flow.layersPerImage} layers per image sized log-normally (median ${formatBytes(flow.medianBytes * flow.scale)}, ` +
      `p90 ${formatBytes(flow.p90Bytes * flow.scale)}, at most ${formatBytes(flow.maxLayerBytes)}; ${checked})`,
    iterationBytes: () => undefined,
    fanOut: (flow) => flow.layersPerImage + 1,
    perByteWork: () => true,
    setup: async (flow, env, setup) => ({ kind: 'images', images: await setupMixed(flow, env, setup) }),
    plan: async (flow, env) => ({ kind: 'images', images: await planImages(mixedPool(flow, env), env) }),
    bind: (flow, env, state) => bindMixed(flow, env, imagesOf(state)),
  },
  'manifest-storm': {
    describe: (flow) => `${flow.method === 'both' ? 'HEAD and GET' : flow.method} ${flow.manifests} small manifests`,
    iterationBytes: () => undefined,
    fanOut: () => 1,
    perByteWork: () => false,
    setup: async (flow, env, setup) => ({ kind: 'tags', tags: await setupManifestStorm(flow, env, setup) }),
    plan: async (flow, env) => {
      const layer = stormLayerBlob(env);
      const { manifests } = stormDocuments(flow, env, await cachedSeededDigest(layer.size, layer.seed));
      return { kind: 'tags', tags: manifests.map(({ tag, bytes }) => ({ tag, digest: digestOf(bytes) })) };
    },
    bind: (flow, env, state) => bindManifestStorm(flow, env, state.kind === 'tags' ? state.tags : []),
  },
};

/** The record of `flow`'s kind. */
export function flowKindOf<F extends Flow>(flow: F): FlowKind<F> {
  return flowKinds[flow.kind] as unknown as FlowKind<F>;
}
