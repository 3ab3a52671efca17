import { z } from 'zod';

/** A request as recorded in a transcript. Headers are already redacted. */
export const recordedRequestSchema = z.object({
  method: z.string(),
  /** Redacted URL (upload `_state` and signed query parameters replaced by `REDACTED`). */
  url: z.string(),
  headers: z.record(z.string(), z.string()),
  /** Number of body bytes sent, when known. */
  bodyBytes: z.number().int().nonnegative().optional(),
  /** A bounded, printable excerpt of the body sent (manifests), when it is text. */
  bodyExcerpt: z.string().optional(),
});

/** A response as recorded in a transcript. Headers are already redacted. */
export const recordedResponseSchema = z.object({
  status: z.number().int(),
  headers: z.record(z.string(), z.string()),
  bodyBytes: z.number().int().nonnegative().optional(),
  /** A bounded excerpt of the body (at most a few KiB, text only). */
  bodyExcerpt: z.string().optional(),
});

/** One request/response exchange (one hop: each redirect hop is its own exchange). */
export const exchangeSchema = z.object({
  request: recordedRequestSchema,
  response: recordedResponseSchema.optional(),
  /** Set when the exchange ended without a response (network error, timeout). */
  error: z.string().optional(),
  startedAt: z.iso.datetime(),
  durationMs: z.number().nonnegative(),
});

/** See {@link exchangeSchema}. */
export type Exchange = z.infer<typeof exchangeSchema>;
/** See {@link recordedRequestSchema}. */
export type RecordedRequest = z.infer<typeof recordedRequestSchema>;
/** See {@link recordedResponseSchema}. */
export type RecordedResponse = z.infer<typeof recordedResponseSchema>;
