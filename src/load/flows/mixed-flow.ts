import type { z } from 'zod';
import type { mixedFlowSchema } from '../define-scenario.js';
import { pullImage, pushImage, type PushedImage } from '../ops/image-ops.js';
import { pushPool, type PoolImage } from './image-flows.js';
import type { OpContext } from '../ops/op-context.js';
import type { FlowEnv, PreparedFlow } from './flow-types.js';
import { layerSizeSampler, seededRandom } from './layer-size-distribution.js';

type MixedFlow = z.infer<typeof mixedFlowSchema>;

/** Layer sizes of image `seed`, sampled from the flow's distribution. */
function sampleSizes(flow: MixedFlow, seed: number): number[] {
  const sample = layerSizeSampler(flow.medianBytes, flow.p90Bytes, flow.scale, flow.maxLayerBytes, seededRandom(seed));
  return Array.from({ length: flow.layersPerImage }, sample);
}

/** The pool a mixed setup pushes: `images` images with sampled layer sizes. */
export function mixedPool(flow: MixedFlow, env: FlowEnv): PoolImage[] {
  return Array.from({ length: flow.images }, (_, index) => ({
    reference: `pool-${index}`,
    seed: `${env.seedPrefix}/pool-${index}`,
    layerSizes: sampleSizes(flow, index),
  }));
}

/** mixed setup: pushes its pool. */
export async function setupMixed(flow: MixedFlow, env: FlowEnv, setup: OpContext): Promise<PushedImage[]> {
  return pushPool(mixedPool(flow, env), env, setup);
}

/**
 * mixed iterations: each pulls one pool image (probability `readRatio`) or pushes a new one. The read/write choice and
 * sizes are seeded by the iteration number, so reruns do equal work.
 */
export function bindMixed(flow: MixedFlow, env: FlowEnv, images: readonly PushedImage[]): PreparedFlow {
  return {
    async iterate(ctx, { iteration }) {
      const random = seededRandom(1_000_003 * (iteration + 1));
      if (random() < flow.readRatio) {
        const image = images[Math.floor(random() * images.length)] ?? images[0];
        if (image !== undefined) {
          await pullImage(ctx, env.repository, image.reference, image.manifestDigest);
        }
        return;
      }
      await pushImage(ctx, env.repository, `it-${iteration}`, sampleSizes(flow, flow.images + iteration), `${env.seedPrefix}/it-${iteration}`, {
        strategy: 'stream',
      });
    },
  };
}
