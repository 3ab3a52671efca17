import { z } from 'zod';
import { executorConfigSchema } from './executors/executor-config.js';
import { defaultVerifyCopyBytes } from './ops/verified-copies.js';

/** Push blobs of `size` bytes; unique content per iteration unless `reuse` (registries deduplicate). */
export const pushBlobsFlowSchema = z.object({
  kind: z.literal('push-blobs'),
  size: z.number().int().positive(),
  strategy: z.enum(['stream', 'monolithic', 'chunked']).default('stream'),
  chunkBytes: z.number().int().positive().optional(),
  reuse: z.boolean().default(false),
});

/** Pull from a pool of `blobs` blobs of `size` bytes pushed during setup (not measured). */
export const pullBlobsFlowSchema = z.object({
  kind: z.literal('pull-blobs'),
  size: z.number().int().positive(),
  blobs: z.number().int().positive().default(8),
});

/** Push whole images: config and `layers` in parallel, then the manifest. */
export const pushImageFlowSchema = z.object({
  kind: z.literal('push-image'),
  layers: z.array(z.number().int().positive()).min(1),
});

/** Pull whole images (manifest, then config and layers in parallel) from `images` pushed during setup. */
export const pullImageFlowSchema = z.object({
  kind: z.literal('pull-image'),
  layers: z.array(z.number().int().positive()).min(1),
  images: z.number().int().positive().default(4),
});

/**
 * Read-heavy mix: `readRatio` of iterations pull an existing image, the rest push a new one. Layer sizes are drawn
 * from a log-normal distribution fitted to `medianBytes` and `p90Bytes`, times `scale`, capped at `maxLayerBytes`.
 */
export const mixedFlowSchema = z.object({
  kind: z.literal('mixed'),
  readRatio: z.number().min(0).max(1).default(0.9),
  medianBytes: z.number().positive(),
  p90Bytes: z.number().positive(),
  scale: z.number().positive().default(1),
  maxLayerBytes: z.number().int().positive(),
  layersPerImage: z.number().int().positive().default(4),
  images: z.number().int().positive().default(8),
});

/** HEAD and/or GET of small manifests at a high rate. */
export const manifestStormFlowSchema = z.object({
  kind: z.literal('manifest-storm'),
  method: z.enum(['HEAD', 'GET', 'both']).default('HEAD'),
  manifests: z.number().int().positive().default(16),
});

/** What one iteration does. */
export const flowSchema = z.discriminatedUnion('kind', [
  pushBlobsFlowSchema,
  pullBlobsFlowSchema,
  pushImageFlowSchema,
  pullImageFlowSchema,
  mixedFlowSchema,
  manifestStormFlowSchema,
]);

/** A scenario as data: what to do, how hard, and what counts as passing. */
export const scenarioSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  description: z.string().min(1),
  executor: executorConfigSchema,
  flow: flowSchema,
  /** `metric → condition`, e.g. `'latency.p99': '<250ms'`, `'errors.rate': '<1%'`, `'throughput.mbps': '>50'`. */
  thresholds: z.record(z.string(), z.string()).default({}),
  /**
   * Fewest iterations that must complete successfully for the scenario to pass (a stalled registry completes none).
   * Unset: one per VU at the executor's peak (see thresholds/completion.ts).
   */
  minIterations: z.number().int().positive().optional(),
  /** Hash every transferred body (on unless turned off for a separate measurement). */
  verify: z.boolean().default(true),
  /**
   * Bytes per load thread kept as verified copies of pulled blobs: the first pull of a digest is hashed, later pulls of
   * it are compared byte for byte with the copy (see ops/verified-copies.ts). 0 hashes every pull.
   */
  verifyCopyBytes: z.number().int().nonnegative().default(defaultVerifyCopyBytes),
});

/** See {@link scenarioSchema} (defaults applied). */
export type Scenario = z.infer<typeof scenarioSchema>;
/** The authoring form (defaults optional). */
export type ScenarioInput = z.input<typeof scenarioSchema>;
/** See {@link flowSchema}. */
export type Flow = z.infer<typeof flowSchema>;

/** Validates a scenario declaration; a bad one fails at import time with zod's message. */
export function defineScenario(input: ScenarioInput): Scenario {
  return scenarioSchema.parse(input);
}

export const MiB = 1024 * 1024;
export const GiB = 1024 * 1024 * 1024;
