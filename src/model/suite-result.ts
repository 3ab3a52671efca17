import { z } from 'zod';
import { checkResultSchema } from './check-result.js';
import { statusSchema } from './status.js';

/** Result of one suite on one target: its checks in run order; status is the worst child status. */
export const suiteResultSchema = z.object({
  id: z.string().describe('Suite id, e.g. push (unitless name)'),
  title: z.string().describe('What the suite covers (text)'),
  status: statusSchema.describe('The worst status of its checks'),
  durationMs: z.number().nonnegative().describe('Wall time of the suite, in milliseconds'),
  checks: z.array(checkResultSchema).describe('Its checks in run order'),
});

/** See {@link suiteResultSchema}. */
export type SuiteResult = z.infer<typeof suiteResultSchema>;
