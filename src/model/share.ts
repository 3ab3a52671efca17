import { z } from 'zod';

/**
 * One share of a distributed run: execution segment I of N run by regatta (`bench --segment I/N`), or one k6 runner
 * whose summary was imported. A share's results.json carries it as `share`; a merged result lists every share.
 */
export const shareInfoSchema = z.object({
  /** Which share, from 1. */
  index: z.number().int().min(1),
  count: z.number().int().min(1),
  /** `regatta` (an execution segment) or `k6` (an imported runner summary). */
  engine: z.string(),
  hostname: z.string(),
  startedAt: z.iso.datetime(),
  endedAt: z.iso.datetime(),
  /**
   * This machine's clock minus the registry's (`Date` header, whole seconds, so ±500 ms), when measured. The merge
   * aligns time series by wall clock corrected by it.
   */
  clockSkewMs: z.number().optional(),
  /** Everything every share of the run must agree on (scenario after overrides, targets); compared by the merge. */
  settings: z.record(z.string(), z.unknown()),
});

/** See {@link shareInfoSchema}. */
export type ShareInfo = z.infer<typeof shareInfoSchema>;
