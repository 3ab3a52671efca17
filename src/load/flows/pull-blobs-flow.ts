import type { z } from 'zod';
import { seededBytes } from '../../../fixtures/seeded-bytes.js';
import type { pullBlobsFlowSchema } from '../define-scenario.js';
import { pullBlob } from '../ops/blob-pull.js';
import { pushBlob } from '../ops/blob-push.js';
import type { OpContext } from '../ops/op-context.js';
import type { FlowEnv, PreparedFlow } from './flow-types.js';

type PullBlobsFlow = z.infer<typeof pullBlobsFlowSchema>;

/** Blob `n` of the pull-blobs pool (a pure function, so a segment can rebuild the pool's digests). */
export function pullBlobsPoolBlob(flow: PullBlobsFlow, env: FlowEnv, n: number): { size: number; seed: string } {
  return { size: flow.size, seed: `${env.seedPrefix}/pool-${n}` };
}

/** pull-blobs setup: pushes a pool of `blobs` blobs (two at a time) and returns their digests. */
export async function setupPullBlobs(flow: PullBlobsFlow, env: FlowEnv, setup: OpContext): Promise<string[]> {
  const digests: string[] = [];
  for (let index = 0; index < flow.blobs; index += 2) {
    const batch = [index, index + 1].filter((n) => n < flow.blobs);
    digests.push(
      ...(await Promise.all(
        batch.map((n) => pushBlob(setup, env.repository, pullBlobsPoolBlob(flow, env, n), { strategy: 'stream' })),
      )),
    );
  }
  return digests;
}

/**
 * pull-blobs iterations: pull the pool's blobs round-robin. The pool is the run's own seeded content, so a verified
 * pull can compare with bytes made from the seed (see `VerifiedCopies.checkFor`).
 */
export function bindPullBlobs(flow: PullBlobsFlow, env: FlowEnv, digests: readonly string[]): PreparedFlow {
  return {
    async iterate(ctx, { iteration }) {
      const n = iteration % digests.length;
      const { size, seed } = pullBlobsPoolBlob(flow, env, n);
      await pullBlob(ctx, env.repository, digests[n] ?? '', size, () => seededBytes(size, seed));
    },
  };
}
