import type { z } from 'zod';
import type { manifestStormFlowSchema } from '../define-scenario.js';
import type { Content } from '../../../fixtures/content.js';
import { pushBlob, pushContent, type SeededBlob } from '../ops/blob-push.js';
import { imageDocuments } from '../ops/image-documents.js';
import { getManifest, headManifest, putManifest } from '../ops/manifest-ops.js';
import type { OpContext } from '../ops/op-context.js';
import type { FlowEnv, PreparedFlow } from './flow-types.js';

type ManifestStormFlow = z.infer<typeof manifestStormFlowSchema>;

/** A tag the storm reads and the digest its manifest must have. */
export interface StormTag {
  readonly tag: string;
  readonly digest: string;
}

/** The one small layer every storm manifest shares. */
export function stormLayerBlob(env: FlowEnv): SeededBlob {
  return { size: 256, seed: `${env.seedPrefix}/layer` };
}

/** What a manifest-storm set-up pushes besides its layer: one config and `manifests` tagged manifests. */
export interface StormDocuments {
  readonly config: Content;
  readonly manifests: readonly { readonly tag: string; readonly bytes: Buffer }[];
}

/**
 * The storm's config and manifests once its layer's digest is known: manifests that differ only by an annotation,
 * which keeps them distinct without more blobs.
 */
export function stormDocuments(flow: ManifestStormFlow, env: FlowEnv, layerDigest: string): StormDocuments {
  const layer = { size: stormLayerBlob(env).size, digest: layerDigest };
  const manifests = Array.from({ length: flow.manifests }, (_, index) => ({
    tag: `m-${index}`,
    bytes: imageDocuments(env.seedPrefix, [layer], { 'org.regatta.load.manifest': String(index) }).manifest,
  }));
  return { config: imageDocuments(env.seedPrefix, [layer]).config, manifests };
}

/**
 * manifest-storm setup: pushes one small layer and its image config (valid image-spec JSON, which registries such as
 * zot check), then the {@link stormDocuments} manifests.
 */
export async function setupManifestStorm(flow: ManifestStormFlow, env: FlowEnv, setup: OpContext): Promise<StormTag[]> {
  const layerDigest = await pushBlob(setup, env.repository, stormLayerBlob(env), { strategy: 'stream' });
  const { config, manifests } = stormDocuments(flow, env, layerDigest);
  await pushContent(setup, env.repository, config);
  const tags: StormTag[] = [];
  for (const { tag, bytes } of manifests) {
    tags.push({ tag, digest: await putManifest(setup, env.repository, tag, bytes) });
  }
  return tags;
}

/** manifest-storm iterations: HEAD and/or GET the tags round-robin. */
export function bindManifestStorm(flow: ManifestStormFlow, env: FlowEnv, tags: readonly StormTag[]): PreparedFlow {
  return {
    async iterate(ctx, { iteration }) {
      const entry = tags[iteration % tags.length];
      if (entry === undefined) {
        return;
      }
      const useGet = flow.method === 'GET' || (flow.method === 'both' && iteration % 2 === 1);
      if (useGet) {
        await getManifest(ctx, env.repository, entry.tag, entry.digest);
      } else {
        await headManifest(ctx, env.repository, entry.tag, entry.digest);
      }
    },
  };
}
