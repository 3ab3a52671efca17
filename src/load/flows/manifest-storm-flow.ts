import type { z } from 'zod';
import type { manifestStormFlowSchema } from '../define-scenario.js';
import { pushBlob } from '../ops/blob-push.js';
import { getManifest, headManifest, imageManifestBytes, putManifest } from '../ops/manifest-ops.js';
import type { OpContext } from '../ops/op-context.js';
import { MediaType } from '../../oci/media-types.js';
import type { FlowEnv, PreparedFlow } from './flow-types.js';

/** manifest-storm: setup pushes one small blob and `manifests` tags; iterations HEAD and/or GET them. */
export async function prepareManifestStorm(
  flow: z.infer<typeof manifestStormFlowSchema>,
  env: FlowEnv,
  setup: OpContext,
): Promise<PreparedFlow> {
  const configSize = 256;
  const configDigest = await pushBlob(setup, env.repository, { size: configSize, seed: `${env.seedPrefix}/config` }, { strategy: 'stream' });
  const tags: { tag: string; digest: string }[] = [];
  for (let index = 0; index < flow.manifests; index += 1) {
    const bytes = imageManifestBytes({ mediaType: MediaType.ociConfig, digest: configDigest, size: configSize }, [
      { mediaType: MediaType.ociLayerTarGzip, digest: configDigest, size: configSize },
    ]);
    // Annotating by index keeps the manifests distinct without more blobs.
    const distinct = Buffer.from(bytes.toString('utf8').replace(/}$/, `,"annotations":{"n":"${index}"}}`));
    tags.push({ tag: `m-${index}`, digest: await putManifest(setup, env.repository, `m-${index}`, distinct) });
  }
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
