import { z } from 'zod';

/** One optional capability found by the probe (deletes, single-POST upload, mount, Range, catalog, …). */
export const capabilityResultSchema = z.object({
  id: z.string().describe('Stable capability id, e.g. delete-manifest, blob-range, catalog (unitless name)'),
  title: z.string().describe('What the capability is, one line (text)'),
  support: z
    .enum(['supported', 'unsupported', 'unknown'])
    .describe('unknown when the probe itself could not decide (network error, prerequisite failed)'),
  detail: z.string().optional().describe('What the probe saw, e.g. DELETE → 405 UNSUPPORTED (text)'),
});

/** See {@link capabilityResultSchema}. */
export type CapabilityResult = z.infer<typeof capabilityResultSchema>;
