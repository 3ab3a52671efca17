import type { z } from 'zod';
import type { pullImageFlowSchema, pushImageFlowSchema } from '../define-scenario.js';
import { pullImage, pushImage, type PushedImage } from '../ops/image-ops.js';
import type { OpContext } from '../ops/op-context.js';
import type { FlowEnv, PreparedFlow } from './flow-types.js';

/** push-image: a new image (unique layers) per iteration, tagged `it-<n>`. */
export function preparePushImage(flow: z.infer<typeof pushImageFlowSchema>, env: FlowEnv): PreparedFlow {
  return {
    async iterate(ctx, { iteration }) {
      await pushImage(ctx, env.repository, `it-${iteration}`, flow.layers, `${env.seedPrefix}/image-${iteration}`, {
        strategy: 'stream',
      });
    },
  };
}

/** pull-image setup: pushes `images` images. */
export async function setupPullImage(flow: z.infer<typeof pullImageFlowSchema>, env: FlowEnv, setup: OpContext): Promise<PushedImage[]> {
  const images: PushedImage[] = [];
  for (let index = 0; index < flow.images; index += 1) {
    images.push(
      await pushImage(setup, env.repository, `pool-${index}`, flow.layers, `${env.seedPrefix}/pool-${index}`, {
        strategy: 'stream',
      }),
    );
  }
  return images;
}

/** pull-image iterations: pull the pool's images by tag round-robin, digest-checked. */
export function bindPullImage(env: FlowEnv, images: readonly PushedImage[]): PreparedFlow {
  return {
    async iterate(ctx, { iteration }) {
      const image = images[iteration % images.length];
      if (image !== undefined) {
        await pullImage(ctx, env.repository, image.reference, image.manifestDigest);
      }
    },
  };
}
