import type { z } from 'zod';
import type { pushBlobsFlowSchema } from '../define-scenario.js';
import { pushBlob } from '../ops/blob-push.js';
import type { FlowEnv, PreparedFlow } from './flow-types.js';

/** push-blobs / chunked-push: one blob per iteration, unique content unless `reuse`. */
export function preparePushBlobs(flow: z.infer<typeof pushBlobsFlowSchema>, env: FlowEnv): PreparedFlow {
  return {
    async iterate(ctx, { iteration }) {
      const seed = flow.reuse ? `${env.seedPrefix}/reused` : `${env.seedPrefix}/blob-${iteration}`;
      await pushBlob(ctx, env.repository, { size: flow.size, seed }, {
        strategy: flow.strategy,
        ...(flow.chunkBytes === undefined ? {} : { chunkBytes: flow.chunkBytes }),
      });
    },
  };
}
