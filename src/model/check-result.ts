import { z } from 'zod';
import { levelSchema } from './status.js';
import { exchangeSchema } from './transcript.js';

/** One reason a check did not pass: what was expected, what came back, and where. */
export const checkErrorSchema = z.object({
  message: z.string(),
  expected: z.string().optional(),
  actual: z.string().optional(),
  method: z.string().optional(),
  url: z.string().optional(),
  /** Harness error code for errored checks (e.g. `OCI_NETWORK`). */
  code: z.string().optional(),
  /** Spec sections of the rule that was missed. */
  spec: z.array(z.string()).optional(),
});

/** See {@link checkErrorSchema}. */
export type CheckError = z.infer<typeof checkErrorSchema>;

const checkBase = {
  /** Full slash id, e.g. `push/blob-chunked/out-of-order-416`. */
  id: z.string(),
  /** Behaviour sentence: "HEAD on a missing blob returns 404". */
  title: z.string(),
  level: levelSchema,
  /** Spec sections enforced, e.g. `['end-2', 'code-1']`. */
  spec: z.array(z.string()),
  /** OCI API exercised, for the per-API matrix (e.g. `blob-head`). */
  api: z.string(),
  durationMs: z.number().nonnegative(),
  /** Redacted request/response transcript. */
  transcript: z.array(exchangeSchema),
  /** Informational notes (e.g. "registry mounted: 201"), never a verdict. */
  notes: z.array(z.string()).optional(),
};

const nonEmptyErrors = z.array(checkErrorSchema).min(1);

/** Result of one check: a discriminated union on `status` with per-variant invariants. */
export const checkResultSchema = z.discriminatedUnion('status', [
  z.object({ ...checkBase, status: z.literal('passed') }),
  z.object({ ...checkBase, status: z.literal('warned'), errors: nonEmptyErrors }),
  z.object({ ...checkBase, status: z.literal('failed'), errors: nonEmptyErrors }),
  z.object({ ...checkBase, status: z.literal('errored'), errors: nonEmptyErrors }),
  z.object({ ...checkBase, status: z.literal('skipped'), reason: z.string().min(1) }),
  z.object({ ...checkBase, status: z.literal('disabled'), reason: z.string().min(1) }),
]);

/** See {@link checkResultSchema}. */
export type CheckResult = z.infer<typeof checkResultSchema>;
