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

/** One image of a setup pool: where it is tagged, what seeds it and its layer sizes. */
export interface PoolImage {
  readonly reference: string;
  readonly seed: string;
  readonly layerSizes: readonly number[];
}

/** The pool a pull-image setup pushes (a pure function of the flow and env, so a segment can rebuild it). */
export function pullImagePool(flow: z.infer<typeof pullImageFlowSchema>, env: FlowEnv): PoolImage[] {
  return Array.from({ length: flow.images }, (_, index) => ({ reference: `pool-${index}`, seed: `${env.seedPrefix}/pool-${index}`, layerSizes: flow.layers }));
}

/** Pushes a pool of images one after another. */
export async function pushPool(pool: readonly PoolImage[], env: FlowEnv, setup: OpContext): Promise<PushedImage[]> {
  const images: PushedImage[] = [];
  for (const image of pool) {
    images.push(await pushImage(setup, env.repository, image.reference, image.layerSizes, image.seed, { strategy: 'stream' }));
  }
  return images;
}

/** pull-image setup: pushes `images` images. */
export async function setupPullImage(flow: z.infer<typeof pullImageFlowSchema>, env: FlowEnv, setup: OpContext): Promise<PushedImage[]> {
  return pushPool(pullImagePool(flow, env), env, setup);
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
