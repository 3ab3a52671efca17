import { z } from 'zod';
import { statusSchema } from './status.js';

/** One API or content-set verdict of the official suite (its results.yaml `apis:` and `data:` maps). */
export const officialAreaSchema = z.object({
  kind: z.enum(['api', 'data']).describe('api: an endpoint family (Blob chunked, Referrers…); data: a content set (Index, Blobs sha512…) (name)'),
  name: z.string().describe('The name the official suite gives it (text)'),
  status: statusSchema.describe('Its verdict in regatta words: Pass passed, FAIL failed, Skip skipped, Disabled disabled, Error errored'),
});

/** See {@link officialAreaSchema}. */
export type OfficialArea = z.infer<typeof officialAreaSchema>;

/** A test the official suite failed (or errored), with its own message. */
export const officialFailureSchema = z.object({
  test: z.string().describe('Test path, e.g. sha512 blobs/mount/blob-mount (text)'),
  status: z.enum(['failed', 'errored']).describe('failed: a conformance failure; errored: the suite itself broke (name)'),
  message: z.string().describe("The suite's message, secrets redacted (text)"),
});

/** See {@link officialFailureSchema}. */
export type OfficialFailure = z.infer<typeof officialFailureSchema>;

/**
 * The official OCI distribution-spec conformance suite's results for one target, imported from its results
 * directory (`regatta import oci-conformance`), shown next to regatta's own verdicts for the same registry.
 */
export const officialSuiteResultSchema = z.object({
  source: z.string().describe('The results directory it was read from (text)'),
  registry: z.string().describe('host:port the official suite ran against (text)'),
  specVersion: z.string().describe('OCI_VERSION it ran with: 1.0, 1.1 or 1.1+dev (text)'),
  commit: z.string().optional().describe("The suite's commit as it reports it; unknown for a module build (text)"),
  status: statusSchema.describe('Its overall verdict'),
  settings: z.record(z.string(), z.boolean()).describe('Its API and content-set toggles as it ran (apis.referrer, data.sha512…) (boolean)'),
  areas: z.array(officialAreaSchema).describe('Verdict per API and per content set'),
  tests: z
    .object({
      passed: z.number().int().nonnegative().describe('Tests passed, a count'),
      failed: z.number().int().nonnegative().describe('Tests failed, a count'),
      errored: z.number().int().nonnegative().describe('Tests the suite could not run (its own errors), a count'),
      skipped: z.number().int().nonnegative().describe('Tests skipped or disabled, a count'),
      durationMs: z.number().nonnegative().describe('Its own wall time, in milliseconds'),
    })
    .optional()
    .describe('Per-test counts from its junit.xml, when the directory had one'),
  failures: z.array(officialFailureSchema).describe('Every failed or errored test from its junit.xml, in its order'),
});

/** See {@link officialSuiteResultSchema}. */
export type OfficialSuiteResult = z.infer<typeof officialSuiteResultSchema>;
