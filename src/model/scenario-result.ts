import { z } from 'zod';
import { benchFingerprintSchema } from './bench-provenance.js';
import { statusSchema } from './status.js';

/** A duration in milliseconds with the given meaning. */
const ms = (what: string): z.ZodNumber => z.number().describe(`${what}, in milliseconds`);

/** Latency distribution in milliseconds (from an HDR histogram: 3 significant digits). */
export const latencySummarySchema = z
  .object({
    min: ms('Fastest'),
    mean: ms('Arithmetic mean'),
    p50: ms('Median (50th percentile)'),
    p90: ms('90th percentile'),
    p95: ms('95th percentile'),
    p99: ms('99th percentile'),
    max: ms('Slowest'),
    stddev: ms('Standard deviation'),
  })
  .describe('Latency distribution, in milliseconds');

/** See {@link latencySummarySchema}. */
export type LatencySummary = z.infer<typeof latencySummarySchema>;

/** Metrics of one operation kind (blob push, blob pull, manifest get, …) in one scenario run. */
export const operationMetricsSchema = z.object({
  operation: z
    .string()
    .describe('Operation id: blob-push, blob-pull, manifest-put, manifest-get, manifest-head, token-fetch, image-push, image-pull (unitless name)'),
  count: z.number().int().nonnegative().describe('Operations finished (successful and failed), a count'),
  errors: z.number().int().nonnegative().describe('Operations that failed, a count'),
  bytes: z.number().nonnegative().describe('Payload bytes moved by these operations, in bytes'),
  opsPerSec: z.number().nonnegative().describe('Operations per second (ops/s) over the measured duration; one operation may take several HTTP requests'),
  mbps: z.number().nonnegative().describe('Payload throughput in MB/s (10^6 bytes per second)'),
  latencyMs: latencySummarySchema.describe('Latency of successful operations, in milliseconds'),
  ttfbMs: latencySummarySchema.optional().describe('Time to the first byte of the response, in milliseconds'),
  latencyHistogram: z
    .string()
    .optional()
    .describe('Base64 compressed HDR histogram of latency in microseconds, mergeable across runs and machines'),
  ttfbHistogram: z
    .string()
    .optional()
    .describe('Base64 compressed HDR histogram of time to first byte in microseconds, mergeable across runs and machines'),
  throttled: z
    .number()
    .int()
    .nonnegative()
    .optional()
    .describe('429 (Too Many Requests) answers met by these operations, a count; absent when none'),
  throttleWaitMs: z
    .number()
    .nonnegative()
    .optional()
    .describe('Time these operations spent waiting out 429s (Retry-After, or 1 s without one), in milliseconds; included in their latency'),
  redirect: z
    .object({
      count: z.number().int().nonnegative().describe('Requests the registry redirected (blob GETs sent on to storage), a count'),
      registryHopMs: latencySummarySchema.describe('Time from sending to the registry until its redirect arrived, in milliseconds'),
      storageHopMs: latencySummarySchema.describe('Time from sending to the storage host until its last byte, in milliseconds'),
      registryHopHistogram: z.string().describe('Base64 compressed HDR histogram of the registry hop in microseconds, for exact merges'),
      storageHopHistogram: z.string().describe('Base64 compressed HDR histogram of the storage hop in microseconds, for exact merges'),
      storageBytes: z.number().nonnegative().describe('Bytes the storage host sent, in bytes'),
      storageMbps: z.number().nonnegative().describe('Storage-hop throughput over the measured duration, in MB/s (10^6 bytes per second)'),
      storageHosts: z.array(z.string()).describe('Storage hosts redirected to, host:port (text)'),
      httpVersions: z
        .array(z.string())
        .describe('HTTP versions negotiated with the storage hosts: the TLS ALPN protocol, http/1.1 on cleartext (text)'),
    })
    .optional()
    .describe('The registry hop and the storage hop of redirected requests, measured apart; absent when nothing was redirected'),
});

/** See {@link operationMetricsSchema}. */
export type OperationMetrics = z.infer<typeof operationMetricsSchema>;

/** One threshold evaluated at the end of a scenario, e.g. `latency.p99 < 250ms`. */
export const thresholdResultSchema = z.object({
  metric: z.string().describe('Metric name, e.g. latency.p99 (unitless name)'),
  condition: z.string().describe('Condition as written, with its unit, e.g. <250ms or <1%'),
  actual: z
    .number()
    .describe("Measured value in the metric's base unit: milliseconds for latency.*, a fraction (0-1) for errors.rate, MB/s, req/s, or a count"),
  passed: z.boolean().describe('True when the condition held (boolean)'),
});

/** See {@link thresholdResultSchema}. */
export type ThresholdResult = z.infer<typeof thresholdResultSchema>;

/** One point of the per-second time series. */
export const timeSeriesPointSchema = z.object({
  t: z.number().describe('Start of this one-second bucket, in seconds since the scenario started'),
  ops: z.number().nonnegative().describe('Iterations finished in this bucket, a count'),
  bytes: z.number().nonnegative().describe('Payload bytes moved in this bucket, in bytes'),
  errors: z.number().nonnegative().describe('Iterations that failed in this bucket, a count'),
});

/** The figures of one independent trial of a scenario (`bench --trials N`), with its own mergeable histograms. */
export const trialResultSchema = z
  .object({
    trial: z.number().int().positive().describe('Trial number, from 1 (integer)'),
    status: statusSchema.describe('Status of this trial'),
    durationMs: z.number().nonnegative().describe('Measured duration of the trial, in milliseconds'),
    iterations: z.number().int().nonnegative().describe('Iterations finished, a count'),
    errors: z.number().int().nonnegative().describe('Iterations that failed, a count'),
    requests: z.number().int().nonnegative().describe('HTTP requests sent, a count'),
    throttled: z.number().int().nonnegative().describe('Responses with status 429 (throttled), a count'),
    bytes: z.number().nonnegative().describe('Payload bytes moved, in bytes'),
    opsPerSec: z.number().nonnegative().describe('HTTP requests per second (req/s) over the trial'),
    mbps: z.number().nonnegative().describe('Payload throughput in MB/s (10^6 bytes per second)'),
    latency: latencySummarySchema.describe('Latency of successful whole iterations, in milliseconds'),
    operations: z.array(operationMetricsSchema).describe('Per-operation breakdown of the trial, each with its HDR histogram'),
  })
  .describe('One independent trial of a scenario');

/** See {@link trialResultSchema}. */
export type TrialResult = z.infer<typeof trialResultSchema>;

/** Result of one throughput scenario on one target. Flat and JSON-able. */
export const scenarioResultSchema = z.object({
  id: z.string().describe('Scenario id, e.g. push-blobs (unitless name)'),
  description: z.string().describe('What the scenario did, written from the settings actually used (VUs, sizes, duration, rate)'),
  status: statusSchema.describe('passed, failed (a threshold crossed), errored (could not measure), skipped'),
  executor: z
    .record(z.string(), z.unknown())
    .describe('The executor actually used, e.g. { type: constant-vus, vus: 8, durationMs: 10000 }; every *Ms field in milliseconds, rate in iterations per second'),
  engine: z.string().describe('Engine that produced the numbers: undici (regatta), autocannon, k6 (unitless name)'),
  threads: z.number().int().positive().optional().describe('Worker threads the virtual users were spread over, a count'),
  sizeBytes: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('Bytes one iteration moves: the blob size, or the sum of an image’s layers; absent when sizes vary, in bytes'),
  durationMs: z.number().nonnegative().describe('Measured duration (setup excluded), in milliseconds'),
  iterations: z.number().int().nonnegative().describe('Iterations finished (successful and failed), a count'),
  droppedIterations: z.number().int().nonnegative().describe('Iterations the open model could not start in time, a count'),
  minIterations: z
    .number()
    .int()
    .nonnegative()
    .optional()
    .describe('Fewest successful iterations for the scenario to pass (scenario minIterations, --min-iterations, default one per VU), a count'),
  interrupted: z
    .object({
      iterations: z.number().int().nonnegative().describe('Iterations still running when the scenario stopped and cut off, a count'),
      bytes: z.number().nonnegative().describe('Payload bytes those iterations moved, kept out of throughput, in bytes'),
    })
    .optional()
    .describe('Iterations still running at the end (graceful stop ran out, or Ctrl-C): not counted as iterations or throughput'),
  verified: z.boolean().describe('True when every transferred body was checked against its digest: hashed, or compared byte for byte with a copy whose digest was verified (boolean)'),
  cleanup: z
    .object({
      manifests: z.number().int().nonnegative().describe('Manifests the cleanup deleted, a count'),
      blobs: z.number().int().nonnegative().describe('Blobs the cleanup deleted, a count'),
      leftovers: z.array(z.string()).describe('Objects left in the registry, each with why (a refused DELETE, an unrecorded push), text'),
    })
    .optional()
    .describe('What the bench deleted after the run (absent with --keep, and for a share of a distributed run, whose teardown phase cleans)'),
  startedAt: z.iso
    .datetime()
    .optional()
    .describe('Wall-clock time the measured phase began; aligns the time series of shares run on several machines (ISO 8601)'),
  latency: latencySummarySchema.describe('Latency of successful whole iterations, in milliseconds'),
  latencyHistogram: z
    .string()
    .optional()
    .describe('Base64 compressed HDR histogram of whole-iteration latency in microseconds (what latency summarises), for exact merges'),
  requests: z
    .object({
      total: z.number().int().nonnegative().describe('HTTP requests sent, a count'),
      perSec: z.number().nonnegative().describe('HTTP requests per second (req/s) over the measured duration'),
    })
    .describe('HTTP requests (req/s)'),
  throughput: z
    .object({
      bytes: z.number().nonnegative().describe('Payload bytes moved in either direction, in bytes'),
      mbps: z.number().nonnegative().describe('Payload throughput in MB/s (10^6 bytes per second)'),
    })
    .describe('Payload throughput (MB/s)'),
  errors: z.number().int().nonnegative().describe('Iterations that failed, a count'),
  timeouts: z.number().int().nonnegative().describe('Requests that timed out, a count'),
  non2xx: z.number().int().nonnegative().describe('Responses with a status outside 200-299, a count'),
  statusCodes: z.record(z.string(), z.number()).describe('Responses per HTTP status code, each a count'),
  errorClasses: z
    .record(z.string(), z.number())
    .describe('Errors per class (OCI_NETWORK, OCI_TIMEOUT, digest-mismatch, http-5xx, http-4xx MANIFEST_INVALID with the registry error code, …), each a count'),
  operations: z.array(operationMetricsSchema).describe('Per-operation breakdown (blob-push, manifest-head, …)'),
  throttle: z
    .object({
      throttled: z.number().int().nonnegative().describe('429 answers met by any request of the scenario, a count'),
      retries: z.number().int().nonnegative().describe('Requests sent again after waiting out a 429, a count'),
      waitMs: z.number().nonnegative().describe('Time spent waiting them out, summed over requests, in milliseconds'),
    })
    .optional()
    .describe('429s over the whole scenario, set-up requests and those of no operation included; absent when none'),
  warnings: z
    .array(z.object({ text: z.string().describe('Warning text (text)'), count: z.number().int().positive().describe('Responses that carried it, a count') }))
    .optional()
    .describe('Distinct Warning header texts the registry sent during the scenario; absent when none'),
  timeSeries: z.array(timeSeriesPointSchema).describe('One point per second of the measured duration'),
  thresholds: z.array(thresholdResultSchema).describe('Thresholds evaluated at the end; a crossed one fails the scenario'),
  resources: z
    .object({
      cpuSeconds: z.number().nonnegative().describe("CPU time used by regatta's process and threads, in seconds"),
      peakRssBytes: z.number().nonnegative().describe('Peak resident memory of regatta, in bytes'),
    })
    .optional()
    .describe("regatta's own resource use during the scenario"),
  reason: z.string().optional().describe('Why the scenario errored, was skipped or was cut short (text)'),
  fingerprint: benchFingerprintSchema.optional(),
  trials: z
    .array(trialResultSchema)
    .optional()
    .describe('Each independent trial (bench --trials N); the figures above then cover all trials together'),
});

/** See {@link scenarioResultSchema}. */
export type ScenarioResult = z.infer<typeof scenarioResultSchema>;
