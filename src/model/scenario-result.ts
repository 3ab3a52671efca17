import { z } from 'zod';
import { statusSchema } from './status.js';

/** Latency distribution in milliseconds (from an HDR histogram). */
export const latencySummarySchema = z.object({
  min: z.number(),
  mean: z.number(),
  p50: z.number(),
  p90: z.number(),
  p99: z.number(),
  max: z.number(),
  stddev: z.number(),
});

/** See {@link latencySummarySchema}. */
export type LatencySummary = z.infer<typeof latencySummarySchema>;

/** Metrics of one operation kind (blob push, blob pull, manifest get, …) in one scenario run. */
export const operationMetricsSchema = z.object({
  /** Operation id: `blob-push`, `blob-pull`, `manifest-put`, `manifest-get`, `manifest-head`, `token-fetch`, `image-push`, `image-pull`. */
  operation: z.string(),
  count: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
  bytes: z.number().nonnegative(),
  opsPerSec: z.number().nonnegative(),
  mbps: z.number().nonnegative(),
  latencyMs: latencySummarySchema,
  /** Time to first byte of the response, ms. */
  ttfbMs: latencySummarySchema.optional(),
  /** Base64 compressed HDR histogram of latency in microseconds, mergeable across runs and machines. */
  latencyHistogram: z.string().optional(),
});

/** See {@link operationMetricsSchema}. */
export type OperationMetrics = z.infer<typeof operationMetricsSchema>;

/** One threshold evaluated at the end of a scenario, e.g. `latency.p99 < 250ms`. */
export const thresholdResultSchema = z.object({
  metric: z.string(),
  condition: z.string(),
  actual: z.number(),
  passed: z.boolean(),
});

/** See {@link thresholdResultSchema}. */
export type ThresholdResult = z.infer<typeof thresholdResultSchema>;

/** One point of the per-second time series. */
export const timeSeriesPointSchema = z.object({
  /** Seconds since the scenario started. */
  t: z.number(),
  ops: z.number().nonnegative(),
  bytes: z.number().nonnegative(),
  errors: z.number().nonnegative(),
});

/** Result of one throughput scenario on one target. Flat and JSON-able. */
export const scenarioResultSchema = z.object({
  id: z.string(),
  description: z.string(),
  status: statusSchema,
  /** The executor actually used, e.g. `{ type: 'constant-vus', vus: 8, durationMs: 10000 }`. */
  executor: z.record(z.string(), z.unknown()),
  /** Engine that produced the numbers: `undici` (regatta), `autocannon`, `k6`. */
  engine: z.string(),
  durationMs: z.number().nonnegative(),
  iterations: z.number().int().nonnegative(),
  droppedIterations: z.number().int().nonnegative(),
  verified: z.boolean(),
  latency: latencySummarySchema,
  requests: z.object({ total: z.number().int().nonnegative(), perSec: z.number().nonnegative() }),
  throughput: z.object({ bytes: z.number().nonnegative(), mbps: z.number().nonnegative() }),
  errors: z.number().int().nonnegative(),
  timeouts: z.number().int().nonnegative(),
  non2xx: z.number().int().nonnegative(),
  /** Count per HTTP status code. */
  statusCodes: z.record(z.string(), z.number()),
  /** Count per error class (`OCI_NETWORK`, `OCI_TIMEOUT`, `digest-mismatch`, `http-5xx`, …). */
  errorClasses: z.record(z.string(), z.number()),
  operations: z.array(operationMetricsSchema),
  timeSeries: z.array(timeSeriesPointSchema),
  thresholds: z.array(thresholdResultSchema),
  /** regatta's own resource use during the scenario. */
  resources: z.object({ cpuSeconds: z.number().nonnegative(), peakRssBytes: z.number().nonnegative() }).optional(),
  /** Why the scenario errored or was skipped. */
  reason: z.string().optional(),
});

/** See {@link scenarioResultSchema}. */
export type ScenarioResult = z.infer<typeof scenarioResultSchema>;
