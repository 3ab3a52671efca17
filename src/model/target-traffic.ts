import { z } from 'zod';

/**
 * What a target's traffic showed beyond each answer: the 429s the client met and how long it waited them out, and the
 * `Warning` headers the registry sent (the spec says clients report them and act on none).
 */
export const targetTrafficSchema = z
  .object({
    throttled: z.number().int().nonnegative().describe('Responses with status 429 (Too Many Requests), a count'),
    throttleRetries: z.number().int().nonnegative().describe('Requests sent again after waiting out a 429, a count'),
    throttleWaitMs: z.number().nonnegative().describe('Time spent waiting out 429s (Retry-After, or 1 s without one), in milliseconds'),
    throttledWithoutRetryAfter: z.number().int().nonnegative().describe('429 responses without a Retry-After header, a count'),
    throttledNonJson: z
      .number()
      .int()
      .nonnegative()
      .describe('429 responses whose body was not a JSON error body (plain text, HTML), a count'),
    warnings: z
      .array(
        z.object({
          text: z.string().describe('The Warning text, as sent after 299 - (text)'),
          count: z.number().int().positive().describe('Responses that carried it, a count'),
        }),
      )
      .describe('Distinct Warning header texts the registry sent (at most 50), with how often'),
  })
  .describe('429s met and Warning headers received, over every request to the target (checks, probe, cleanup, load)');

/** See {@link targetTrafficSchema}. */
export type TargetTraffic = z.infer<typeof targetTrafficSchema>;
