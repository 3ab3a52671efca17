import { z } from 'zod';

/** A request as recorded in a transcript. Headers are already redacted. */
export const recordedRequestSchema = z.object({
  method: z.string().describe('HTTP method (text)'),
  url: z.string().describe('Redacted URL: upload _state and signed query parameters replaced by REDACTED (text)'),
  headers: z.record(z.string(), z.string()).describe('Request headers, redacted (text)'),
  bodyBytes: z.number().int().nonnegative().optional().describe('Body size sent, when known, in bytes'),
  bodyExcerpt: z.string().optional().describe('A bounded, printable excerpt of the body sent (manifests), when it is text'),
});

/** A response as recorded in a transcript. Headers are already redacted. */
export const recordedResponseSchema = z.object({
  status: z.number().int().describe('HTTP status code (unitless code)'),
  headers: z.record(z.string(), z.string()).describe('Response headers, redacted (text)'),
  bodyBytes: z.number().int().nonnegative().optional().describe('Body size received, when known, in bytes'),
  bodyExcerpt: z.string().optional().describe('A bounded excerpt of the body (at most a few KiB, text only)'),
});

/** One request/response exchange (one hop: each redirect hop is its own exchange). */
export const exchangeSchema = z.object({
  request: recordedRequestSchema.describe('The request as sent, redacted'),
  response: recordedResponseSchema.optional().describe('The response, absent when none came'),
  error: z.string().optional().describe('Why the exchange ended without a response (network error, timeout) (text)'),
  startedAt: z.iso.datetime().describe('When the request started, ISO 8601 UTC time'),
  durationMs: z.number().nonnegative().describe('Time until the response ended, in milliseconds'),
});

/** See {@link exchangeSchema}. */
export type Exchange = z.infer<typeof exchangeSchema>;/** See {@link recordedResponseSchema}. */