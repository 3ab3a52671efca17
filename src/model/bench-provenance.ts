import { z } from 'zod';

/**
 * What makes two bench results comparable, recorded with every scenario result: `regatta compare` refuses to judge
 * figures whose fingerprints differ (exit 2 naming each differing setting) unless told `--allow-mismatch`.
 */
export const benchFingerprintSchema = z
  .object({
    scenario: z.string().describe('Scenario id (unitless name)'),
    executor: z.string().describe('Executor type actually used: constant-vus, constant-arrival-rate, ramping-vus (unitless name)'),
    vus: z.number().int().nonnegative().describe('Concurrent virtual users (VUs, max VUs or the highest stage), a count'),
    rate: z.number().nonnegative().optional().describe('Arrival rate of an arrival-rate executor, in iterations per second (ops/s); absent for closed executors'),
    durationMs: z.number().nonnegative().describe('Planned duration of one trial, in milliseconds'),
    sizesBytes: z.array(z.number().nonnegative()).describe('Blob and layer sizes in flow order, in bytes'),
    flow: z.string().describe('The flow settings beyond sizes (strategy, pool sizes, read ratio, reuse) as key=value text'),
    threads: z.number().int().positive().describe('Worker threads the virtual users were spread over, a count'),
    engine: z.string().describe('Engine that produced the numbers (unitless name)'),
    verify: z.boolean().describe('True when transferred bodies were verified by digest (boolean)'),
    verifyCopyBytes: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .describe('Bytes per thread of verified copies that repeated pulls were compared with instead of hashed, in bytes; 0 or absent: every pull hashed'),
    dataSeed: z
      .string()
      .describe('How content is generated: unique-per-run (new seeded bytes every run, so nothing deduplicates across runs) or reused (text)'),
    regattaVersion: z.string().describe('regatta version that ran the bench (text)'),
    clientCpus: z.number().int().nonnegative().describe('Logical CPUs of the client host, a count'),
    clientCpuModel: z.string().optional().describe('CPU model of the client host, as the OS names it (text)'),
    node: z.string().optional().describe('Node.js version that ran the bench (text)'),
  })
  .describe('Settings that make two bench results comparable');

/** See {@link benchFingerprintSchema}. */
export type BenchFingerprint = z.infer<typeof benchFingerprintSchema>;

/**
 * The round trip to `/v2/` measured on fresh connections just before a bench (median of a few samples), so that
 * figures from different networks are read with their distance in mind.
 */
export const roundTripSchema = z
  .object({
    samples: z.number().int().nonnegative().describe('Fresh connections measured, a count'),
    connectMs: z.number().nonnegative().describe('TCP connect, median, in milliseconds'),
    tlsMs: z.number().nonnegative().optional().describe('TLS handshake after connect, median, in milliseconds; absent for http'),
    firstByteMs: z.number().nonnegative().describe('From the request written to the first response byte, median, in milliseconds'),
    totalMs: z.number().nonnegative().describe('Connect to first byte, median, in milliseconds'),
    error: z.string().optional().describe('Why it could not be measured; the bench still ran (text)'),
  })
  .describe('Round trip to /v2/ measured on fresh connections before the bench');

/** See {@link roundTripSchema}. */
export type RoundTrip = z.infer<typeof roundTripSchema>;

/** `--label key=value` pairs (region, instance type, registry SKU) recorded with a run and shown in every report. */
export const runLabelsSchema = z
  .record(z.string(), z.string())
  .describe('--label key=value pairs (region, instance type, registry SKU), shown in every report and in comparisons (text)');
