import { z } from 'zod';
import { apiIdSchema } from './api.js';
import { citedStatementSchema } from './spec-version.js';
import { levelSchema } from './status.js';
import { exchangeSchema } from './transcript.js';

/** One reason a check did not pass: what was expected, what came back, and where. */
export const checkErrorSchema = z.object({
  message: z.string().describe('One-line reason (text)'),
  expected: z.string().optional().describe('What the spec requires (text)'),
  actual: z.string().optional().describe('What came back (text)'),
  method: z.string().optional().describe('HTTP method of the request that showed it (text)'),
  url: z.string().optional().describe('Redacted URL of that request (text)'),
  code: z.string().optional().describe('Harness error code for errored checks, e.g. OCI_NETWORK (unitless name)'),
  spec: z.array(z.string()).optional().describe('Spec sections of the rule that was missed, e.g. end-2 (unitless names)'),
});

/** See {@link checkErrorSchema}. */
export type CheckError = z.infer<typeof checkErrorSchema>;

const checkBase = {
  id: z.string().describe('Full slash id, e.g. push/blob-chunked/out-of-order-416 (unitless name)'),
  title: z.string().describe('Behaviour sentence, e.g. HEAD on a missing blob returns 404 (text)'),
  level: levelSchema.describe("MUST (a miss fails), SHOULD (a miss warns), MAY (a capability), at the run's spec version and profile"),
  statement: citedStatementSchema.optional(),
  strict: z
    .string()
    .optional()
    .describe("Set when regatta's strict profile (--grading strict) graded the check MUST although the spec does not: why (text)"),
  spec: z.array(z.string()).describe('Spec sections enforced, e.g. end-2, code-1 (unitless names)'),
  api: apiIdSchema.describe('OCI API exercised, for the per-API matrix, e.g. blob-head (unitless name)'),
  durationMs: z.number().nonnegative().describe('Wall time of the check, in milliseconds'),
  transcript: z.array(exchangeSchema).describe('Redacted request/response transcript'),
  notes: z.array(z.string()).optional().describe('Informational notes, never a verdict, e.g. registry mounted: 201 (text)'),
};

const nonEmptyErrors = z.array(checkErrorSchema).min(1).describe('Why the check did not pass, at least one reason');
const reason = z.string().min(1).describe('Why the check did not run (text)');

/** Why a failed or warned check is reported as `known`: the profile entry that lists it. */
export const knownDeviationSchema = z
  .object({
    profile: z.string().describe('Name of the expectation profile (unitless name)'),
    entry: z.string().describe("The entry's check id or glob, as written in the profile (text)"),
    reason: z.string().describe('Why the registry deviates (text)'),
    source: z.string().describe('Public URL documenting the deviation (text)'),
    expires: z.string().describe('Last day the deviation is accepted, YYYY-MM-DD (date)'),
    was: z.enum(['failed', 'warned']).describe('What the check would have been without the profile'),
  })
  .describe('The profile entry that lists this check as a known deviation');

/** See {@link knownDeviationSchema}. */
export type KnownDeviation = z.infer<typeof knownDeviationSchema>;

/** Result of one check: a discriminated union on `status` with per-variant invariants. */
export const checkResultSchema = z.discriminatedUnion('status', [
  z.object({ ...checkBase, status: z.literal('passed').describe('The rule held') }),
  z.object({ ...checkBase, status: z.literal('warned').describe('A SHOULD was missed'), errors: nonEmptyErrors }),
  z.object({ ...checkBase, status: z.literal('failed').describe('A MUST was missed'), errors: nonEmptyErrors }),
  z.object({
    ...checkBase,
    status: z.literal('known').describe('Failed or warned, but a documented deviation of the target\'s expectation profile'),
    errors: nonEmptyErrors,
    known: knownDeviationSchema,
  }),
  z.object({ ...checkBase, status: z.literal('errored').describe('The harness or network broke'), errors: nonEmptyErrors }),
  z.object({ ...checkBase, status: z.literal('skipped').describe('Not run (capability absent, dependency failed)'), reason }),
  z.object({ ...checkBase, status: z.literal('disabled').describe('Turned off by config or not selected'), reason }),
]);

/** See {@link checkResultSchema}. */
export type CheckResult = z.infer<typeof checkResultSchema>;
