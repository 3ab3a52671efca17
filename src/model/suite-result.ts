import { z } from 'zod';
import { checkResultSchema } from './check-result.js';
import { statusSchema } from './status.js';

/** Result of one suite on one target: its checks in run order; status is the worst child status. */
export const suiteResultSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: statusSchema,
  durationMs: z.number().nonnegative(),
  checks: z.array(checkResultSchema),
});

/** See {@link suiteResultSchema}. */
export type SuiteResult = z.infer<typeof suiteResultSchema>;
