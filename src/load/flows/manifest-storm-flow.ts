import type { z } from 'zod';
import type { manifestStormFlowSchema } from '../define-scenario.js';
import { pushBlob } from '../ops/blob-push.js';
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

/** manifest-storm setup: pushes one small blob and `manifests` tags. */
export async function setupManifestStorm(flow: ManifestStormFlow, env: FlowEnv, setup: OpContext): Promise<StormTag[]> {
  const configSize = 256;
  const configDigest = await pushBlob(setup, env.repository, { size: configSize, seed: `${env.seedPrefix}/config` }, { strategy: 'stream' });
  const tags: StormTag[] = [];
  for (let index = 0; index < flow.manifests; index += 1) {
    const bytes = imageManifestBytes({ mediaType: MediaType.ociConfig, digest: configDigest, size: configSize }, [
      { mediaType: MediaType.ociLayerTarGzip, digest: configDigest, size: configSize },
    ]);
    // Annotating by index keeps the manifests distinct without more blobs.
    const distinct = Buffer.from(bytes.toString('utf8').replace(/}$/, `,"annotations":{"n":"${index}"}}`));
    tags.push({ tag: `m-${index}`, digest: await putManifest(setup, env.repository, `m-${index}`, distinct) });
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
