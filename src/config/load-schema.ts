/** The schema of the load settings (`load:`, the bench flags): durations and sizes as written, bounded. */
import { z } from 'zod';
import { loadLimits } from '../load/load-limits.js';
import { booleanLike, coerceNumber, kebabCasePattern } from './coerce.js';
import { describeBadDuration, parseDurationMs, parseSizeBytes } from './units.js';

/** A duration string (`30s`) kept as written, validated here (unit required, bounded); `durationMs` is derived later. */
const durationText = z
  .preprocess((value) => (typeof value === 'number' ? String(value) : value), z.string())
  .superRefine((text, ctx) => {
    const problem = describeBadDuration(text);
    const durationMs = parseDurationMs(text) ?? 0;
    if (problem !== undefined) {
      ctx.addIssue({ code: 'custom', message: problem });
    } else if (durationMs <= 0) {
      ctx.addIssue({ code: 'custom', message: 'must be greater than 0' });
    } else if (durationMs > loadLimits.maxDurationMs) {
      ctx.addIssue({ code: 'custom', message: `"${text}" is longer than the limit of 24h` });
    }
  });

/** A size string (`16MiB`) kept as written, bounded; `sizeBytes` is derived in the load transform. */
const sizeText = z
  .preprocess((value) => (typeof value === 'number' ? String(value) : value), z.string())
  .superRefine((text, ctx) => {
    const bytes = parseSizeBytes(text);
    if (bytes === undefined || bytes <= 0) {
      ctx.addIssue({ code: 'custom', message: `"${text}" is not a positive size; write e.g. 512 (bytes), 64KiB, 16MiB or 1GB` });
    } else if (bytes > loadLimits.maxSizeBytes) {
      ctx.addIssue({ code: 'custom', message: `"${text}" is larger than the limit of 64GiB per blob` });
    }
  });

/** A memory budget (`64MiB`, `0`) kept as written, bounded; `verifyCopyBytes` is derived in the load transform. */
const budgetText = z
  .preprocess((value) => (typeof value === 'number' ? String(value) : value), z.string())
  .superRefine((text, ctx) => {
    const bytes = parseSizeBytes(text);
    if (bytes === undefined || bytes < 0) {
      ctx.addIssue({ code: 'custom', message: `"${text}" is not a size; write e.g. 0, 64MiB or 1GiB` });
    } else if (bytes > loadLimits.maxVerifyCopyBytes) {
      ctx.addIssue({ code: 'custom', message: `"${text}" is larger than the limit of 4GiB per thread` });
    }
  });

/** A positive whole number up to `max` (`what` names the unit in messages). */
function boundedPositiveInteger(what: string, max: number): z.ZodType<number> {
  return z.preprocess(
    coerceNumber,
    z
      .number({ error: `must be a number (${what})` })
      .int('must be a whole number')
      .positive('must be greater than 0')
      .max(max, `must be at most ${max} (${what})`),
  );
}

/** Load test settings (used by `regatta load`; ignored by conformance). */
export const loadSchema = z
  .strictObject({
    scenario: z.string().regex(kebabCasePattern, 'must be a kebab-case scenario id').optional().describe('scenario id to run'),
    duration: durationText
      .optional()
      .describe("how long the scenario runs, with a unit: 30s, 5m, 1h (a bare number is an error); at most 24h (unset: the scenario's own)"),
    vus: boundedPositiveInteger('virtual users', loadLimits.maxVus)
      .optional()
      .describe("concurrent virtual users, the most in flight at once; at most 1000 (unset: the scenario's own)"),
    rate: z
      .preprocess(
        coerceNumber,
        z
          .number({ error: 'must be a number (iterations per second)' })
          .positive('must be greater than 0')
          .max(loadLimits.maxRatePerSecond, `must be at most ${loadLimits.maxRatePerSecond} (iterations per second)`),
      )
      .optional()
      .describe('iterations started per second (constant-arrival-rate), at most 100000; unset means as fast as vus allow'),
    size: sizeText.optional().describe("blob size: 512 (bytes), 64KiB, 16MiB, 1GiB; at most 64GiB (unset: the scenario's own)"),
    verify: booleanLike.default(true).describe('verify every uploaded and downloaded blob by digest'),
    verifyCopies: budgetText
      .optional()
      .describe("memory per thread for verified copies: later pulls of a blob compare with its hashed first pull; 0 hashes every pull (unset: the scenario's own, 64MiB)"),
    minIterations: boundedPositiveInteger('iterations', Number.MAX_SAFE_INTEGER)
      .optional()
      .describe("fewest iterations that must complete successfully for the scenario to pass (unset: the scenario's own, else one per VU)"),
    threads: boundedPositiveInteger('threads', loadLimits.maxThreads)
      .optional()
      .describe('threads the virtual users are spread over, at most 64 (unset: REGATTA_LOAD_THREADS, else by scenario; 1: one thread)'),
    trials: boundedPositiveInteger('trials', loadLimits.maxTrials)
      .default(1)
      .describe('independent trials of each scenario on each target, targets interleaved; regatta compare needs at least 3 (at most 100)'),
  })
  .transform((load) => ({
    ...load,
    ...(load.duration === undefined ? {} : { durationMs: parseDurationMs(load.duration) ?? 0 }),
    ...(load.size === undefined ? {} : { sizeBytes: parseSizeBytes(load.size) ?? 0 }),
    ...(load.verifyCopies === undefined ? {} : { verifyCopyBytes: parseSizeBytes(load.verifyCopies) ?? 0 }),
  }))
  .describe('load test settings');
