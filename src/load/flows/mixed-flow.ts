import type { z } from 'zod';
import type { mixedFlowSchema } from '../define-scenario.js';
import { pullImage, pushImage, type PushedImage } from '../ops/image-ops.js';
import type { OpContext } from '../ops/op-context.js';
import type { FlowEnv, PreparedFlow } from './flow-types.js';
import { layerSizeSampler, seededRandom } from './layer-size-distribution.js';

type MixedFlow = z.infer<typeof mixedFlowSchema>;

/** Layer sizes of image `seed`, sampled from the flow's distribution. */
function sampleSizes(flow: MixedFlow, seed: number): number[] {
  const sample = layerSizeSampler(flow.medianBytes, flow.p90Bytes, flow.scale, flow.maxLayerBytes, seededRandom(seed));
  return Array.from({ length: flow.layersPerImage }, sample);
}

/** mixed setup: pushes `images` images with sampled layer sizes. */
export async function setupMixed(flow: MixedFlow, env: FlowEnv, setup: OpContext): Promise<PushedImage[]> {
  const images: PushedImage[] = [];
  for (let index = 0; index < flow.images; index += 1) {
    images.push(
      await pushImage(setup, env.repository, `pool-${index}`, sampleSizes(flow, index), `${env.seedPrefix}/pool-${index}`, {
        strategy: 'stream',
      }),
    );
  }
  return images;
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
