import type { z } from 'zod';
import type { pullBlobsFlowSchema } from '../define-scenario.js';
import { pullBlob } from '../ops/blob-pull.js';
import { pushBlob } from '../ops/blob-push.js';
import type { OpContext } from '../ops/op-context.js';
import type { FlowEnv, PreparedFlow } from './flow-types.js';

/** pull-blobs: setup pushes a pool of blobs (two at a time), iterations pull them round-robin. */
export async function preparePullBlobs(
  flow: z.infer<typeof pullBlobsFlowSchema>,
  env: FlowEnv,
  setup: OpContext,
): Promise<PreparedFlow> {
  const digests: string[] = [];
  for (let index = 0; index < flow.blobs; index += 2) {
    const batch = [index, index + 1].filter((n) => n < flow.blobs);
    digests.push(
      ...(await Promise.all(
        batch.map((n) => pushBlob(setup, env.repository, { size: flow.size, seed: `${env.seedPrefix}/pool-${n}` }, { strategy: 'stream' })),
      )),
    );
  }
  return {
    async iterate(ctx, { iteration }) {
      const digest = digests[iteration % digests.length] ?? '';
      await pullBlob(ctx, env.repository, digest, flow.size);
    },
  };
}
