import type { z } from 'zod';
import type { manifestStormFlowSchema } from '../define-scenario.js';
import { pushBlob, pushContent } from '../ops/blob-push.js';
import { loadImageConfig } from '../ops/image-ops.js';
import { getManifest, headManifest, imageManifestBytes, putManifest } from '../ops/manifest-ops.js';
import type { OpContext } from '../ops/op-context.js';
import { MediaType } from '../../oci/media-types.js';
import type { FlowEnv, PreparedFlow } from './flow-types.js';

type ManifestStormFlow = z.infer<typeof manifestStormFlowSchema>;

/** A tag the storm reads and the digest its manifest must have. */
export interface StormTag {
  readonly tag: string;
  readonly digest: string;
}

/**
 * manifest-storm setup: pushes one small layer and its image config (valid image-spec JSON, which registries such as
 * zot check), then `manifests` tags whose manifests differ only by an annotation.
 */
export async function setupManifestStorm(flow: ManifestStormFlow, env: FlowEnv, setup: OpContext): Promise<StormTag[]> {
  const layerSize = 256;
  const layerDigest = await pushBlob(setup, env.repository, { size: layerSize, seed: `${env.seedPrefix}/layer` }, { strategy: 'stream' });
  const config = loadImageConfig(env.seedPrefix, [layerDigest]);
  await pushContent(setup, env.repository, config);
  const tags: StormTag[] = [];
  for (let index = 0; index < flow.manifests; index += 1) {
    const bytes = imageManifestBytes(
      { mediaType: MediaType.ociConfig, digest: config.digest, size: config.size },
      [{ mediaType: MediaType.ociLayerTar, digest: layerDigest, size: layerSize }],
      // Annotating by index keeps the manifests distinct without more blobs.
      { 'org.regatta.load.manifest': String(index) },
    );
    tags.push({ tag: `m-${index}`, digest: await putManifest(setup, env.repository, `m-${index}`, bytes) });
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
