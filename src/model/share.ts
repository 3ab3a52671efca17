import { z } from 'zod';

/**
 * One share of a distributed run: execution segment I of N run by regatta (`bench --segment I/N`), or one k6 runner
 * whose summary was imported. A share's results.json carries it as `share`; a merged result lists every share.
 */
export const shareInfoSchema = z.object({
  /** Which share, from 1. */
  index: z.number().int().min(1).describe('Which share of the run, an integer from 1 (the I of --segment I/N)'),
  count: z.number().int().min(1).describe('How many shares the run was cut into, a count (the N of --segment I/N)'),
  /** `regatta` (an execution segment) or `k6` (an imported runner summary). */
  engine: z.string().describe('What ran the share: regatta (an execution segment) or k6 (an imported runner summary)'),
  hostname: z.string().describe('Host name of the machine that ran the share'),
  startedAt: z.iso.datetime().describe('When the share started, by its own clock (ISO 8601)'),
  endedAt: z.iso.datetime().describe('When the share ended, by its own clock (ISO 8601)'),
  /**
   * This machine's clock minus the registry's (`Date` header, whole seconds, so ±500 ms), when measured. The merge
   * aligns time series by wall clock corrected by it.
   */
  clockSkewMs: z
    .number()
    .optional()
    .describe("This machine's clock minus the registry's Date header, in milliseconds (±500 ms); absent when not measured"),
  /** The agreed start (`bench --start-at`), when the shares were synchronised. */
  startAt: z.iso
    .datetime()
    .optional()
    .describe('The instant every share was told to start measuring at (bench --start-at, ISO 8601); absent when not synchronised'),
  /** Everything every share of the run must agree on (scenario after overrides, targets); compared by the merge. */
  settings: z
    .record(z.string(), z.unknown())
    .describe('Settings every share of the run must agree on (scenario after overrides, targets); compared by the merge'),
});

/** See {@link shareInfoSchema}. */
export type ShareInfo = z.infer<typeof shareInfoSchema>;
