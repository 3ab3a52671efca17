import { z } from 'zod';
import { loadLimits } from '../load-limits.js';

/** A duration in ms within the engine's bound (timers overflow past about 24.8 days; see loadLimits). */
const boundedMs = z.number().int().positive().max(loadLimits.maxDurationMs, 'must be at most 24h');
/** A VU count within the engine's bound. */
const boundedVus = z.number().int().positive().max(loadLimits.maxVus, `must be at most ${loadLimits.maxVus} VUs`);

/** k6-style stage of a ramping executor: move linearly to `target` VUs over `durationMs`. */
export const stageSchema = z.object({
  durationMs: boundedMs,
  target: z.number().int().nonnegative().max(loadLimits.maxVus, `must be at most ${loadLimits.maxVus} VUs`),
});

/** Shared bound: how long iterations still running at the end may take before they are aborted. */
const gracefulStopMs = z.number().int().nonnegative().default(10_000);

/**
 * N workers, each looping: start the next iteration as soon as its previous one ends (closed model). Stops at
 * `durationMs` or after `iterations` in total, whichever comes first; one of them is required, and a count-only run
 * is still capped by `maxDurationMs` so no loop is unbounded.
 */
export const constantVusSchema = z
  .object({
    type: z.literal('constant-vus'),
    vus: boundedVus,
    durationMs: boundedMs.optional(),
    iterations: z.number().int().positive().optional(),
    maxDurationMs: boundedMs.default(600_000),
    gracefulStopMs,
  })
  .refine((value) => value.durationMs !== undefined || value.iterations !== undefined, {
    message: 'constant-vus needs durationMs or iterations',
  });

/**
 * Open model: start `rate` iterations per second whatever the registry's latency, with at most `maxVUs` in flight.
 * An iteration that cannot start on time because all VUs are busy is dropped and counted, not queued.
 */
export const constantArrivalRateSchema = z.object({
  type: z.literal('constant-arrival-rate'),
  rate: z.number().positive().max(loadLimits.maxRatePerSecond, `must be at most ${loadLimits.maxRatePerSecond} per second`),
  durationMs: boundedMs,
  maxVUs: boundedVus,
  gracefulStopMs,
});

/** VUs follow the stages, starting from `startVUs`; surplus VUs finish their iteration and leave. */
export const rampingVusSchema = z.object({
  type: z.literal('ramping-vus'),
  startVUs: z.number().int().nonnegative().max(loadLimits.maxVus).default(0),
  stages: z.array(stageSchema).min(1),
  gracefulStopMs,
});

/** Any executor. */
export const executorConfigSchema = z.union([constantVusSchema, constantArrivalRateSchema, rampingVusSchema]);

/** See {@link executorConfigSchema} (defaults applied). */
export type ExecutorConfig = z.infer<typeof executorConfigSchema>;export type ConstantVusConfig = z.infer<typeof constantVusSchema>;
export type ConstantArrivalRateConfig = z.infer<typeof constantArrivalRateSchema>;
export type RampingVusConfig = z.infer<typeof rampingVusSchema>;
