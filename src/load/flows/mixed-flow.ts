import type { z } from 'zod';
import type { mixedFlowSchema } from '../define-scenario.js';
import { pullImage, pushImage, type PushedImage } from '../ops/image-ops.js';
import type { OpContext } from '../ops/op-context.js';
import type { FlowEnv, PreparedFlow } from './flow-types.js';
import { layerSizeSampler, seededRandom } from './layer-size-distribution.js';

/**
 * mixed: setup pushes `images` images with sampled layer sizes; each iteration pulls one (probability `readRatio`)
 * or pushes a new one. The read/write choice and sizes are seeded by the iteration number, so reruns do equal work.
 */
export async function prepareMixed(flow: z.infer<typeof mixedFlowSchema>, env: FlowEnv, setup: OpContext): Promise<PreparedFlow> {
  const sampleSizes = (seed: number): number[] => {
    const sample = layerSizeSampler(flow.medianBytes, flow.p90Bytes, flow.scale, flow.maxLayerBytes, seededRandom(seed));
    return Array.from({ length: flow.layersPerImage }, sample);
  };
  const images: PushedImage[] = [];
  for (let index = 0; index < flow.images; index += 1) {
    images.push(
      await pushImage(setup, env.repository, `pool-${index}`, sampleSizes(index), `${env.seedPrefix}/pool-${index}`, {
        strategy: 'stream',
      }),
    );
  }
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
      await pushImage(ctx, env.repository, `it-${iteration}`, sampleSizes(flow.images + iteration), `${env.seedPrefix}/it-${iteration}`, {
        strategy: 'stream',
      });
    },
  };
}
