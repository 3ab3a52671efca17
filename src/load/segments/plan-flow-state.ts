/**
 * What a flow's setup made, rebuilt without the registry: the setup is a pure function of the flow and its env (seeds
 * and tags come from the run id), so a segment of the run phase computes the same digests the set-up phase pushed,
 * then checks with a few HEADs that the set-up really ran. Set-up therefore happens once, in its own phase.
 */
import { UsageError } from '../../errors/index.js';
import type { Flow } from '../define-scenario.js';
import type { FlowEnv, FlowState } from '../flows/flow-types.js';
import { pullImagePool, type PoolImage } from '../flows/image-flows.js';
import { mixedPool } from '../flows/mixed-flow.js';
import { pullBlobsPoolBlob } from '../flows/pull-blobs-flow.js';
import { classifyError } from '../http/load-failure.js';
import { cachedSeededDigest } from '../ops/digest-cache.js';
import { imageDocuments, imageLayerBlobs } from '../ops/image-documents.js';
import type { PushedImage } from '../ops/image-ops.js';
import { headManifest } from '../ops/manifest-ops.js';
import { stormDocuments, stormLayerBlob } from '../flows/manifest-storm-flow.js';
import { expectStatus, repoScope, type OpContext } from '../ops/op-context.js';
import { digestOf } from '../../oci/digest.js';

/** Digests of a pool of images, as {@link pushPool} would have returned them (the same {@link imageDocuments}). */
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

/** The {@link FlowState} that `setupFlow(flow, env)` returns, computed locally (hashing the seeded pool content). */
export async function planFlowState(flow: Flow, env: FlowEnv): Promise<FlowState> {
  switch (flow.kind) {
    case 'push-blobs':
    case 'push-image':
      return { kind: 'none' };
    case 'pull-blobs': {
      const blobs = Array.from({ length: flow.blobs }, (_, n) => pullBlobsPoolBlob(flow, env, n));
      return { kind: 'blobs', digests: await Promise.all(blobs.map((blob) => cachedSeededDigest(blob.size, blob.seed))) };
    }
    case 'pull-image':
      return { kind: 'images', images: await planImages(pullImagePool(flow, env), env) };
    case 'mixed':
      return { kind: 'images', images: await planImages(mixedPool(flow, env), env) };
    case 'manifest-storm': {
      const layer = stormLayerBlob(env);
      const { manifests } = stormDocuments(flow, env, await cachedSeededDigest(layer.size, layer.seed));
      const tags = manifests.map(({ tag, bytes }) => ({ tag, digest: digestOf(bytes) }));
      return { kind: 'tags', tags };
    }
  }
}

/**
 * Checks that the registry holds what the set-up phase pushes (every pool blob, every pool tag at its digest). A
 * missing object means the set-up phase of this run id has not run (or ran with other settings): a UsageError that
 * says which phase to run, never a run phase that would count every pull as a registry failure.
 */
export async function verifyFlowState(state: FlowState, env: FlowEnv, ctx: OpContext, runId: string): Promise<void> {
  const missing = (what: string, error: unknown): UsageError =>
    new UsageError(
      `--phase run: ${what} of run ${runId} is not in ${env.repository} (${classifyError(error)}); run \`regatta bench --phase setup --run-id ${runId}\` with the same scenario settings first`,
    );
  const tags = state.kind === 'images' ? state.images.map((image) => ({ tag: image.reference, digest: image.manifestDigest })) : state.kind === 'tags' ? state.tags : [];
  for (const { tag, digest } of tags) {
    await headManifest({ ...ctx, verify: true }, env.repository, tag, digest).catch((error: unknown) => {
      throw missing(`set-up manifest ${tag}`, error);
    });
  }
  for (const digest of state.kind === 'blobs' ? state.digests : []) {
    const response = await ctx.http.send({ method: 'HEAD', path: `/v2/${env.repository}/blobs/${digest}`, scope: repoScope(env.repository, false), signal: ctx.signal });
    await expectStatus(response, [200], 'head blob').catch((error: unknown) => {
      throw missing(`set-up blob ${digest}`, error);
    });
    await response.body.dump();
  }
}
