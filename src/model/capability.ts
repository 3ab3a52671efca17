import { z } from 'zod';

/** One optional capability found by the probe (deletes, single-POST upload, mount, Range, catalog, …). */
export const capabilityResultSchema = z.object({
  /** Stable id, e.g. `delete-manifest`, `blob-range`, `catalog`. */
  id: z.string(),
  title: z.string(),
  /** `unknown` when the probe itself could not decide (network error, prerequisite failed). */
  support: z.enum(['supported', 'unsupported', 'unknown']),
  /** What the probe saw, e.g. `DELETE → 405 UNSUPPORTED`. */
  detail: z.string().optional(),
});

/** See {@link capabilityResultSchema}. */
export type CapabilityResult = z.infer<typeof capabilityResultSchema>;
