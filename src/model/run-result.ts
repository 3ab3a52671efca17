import { z } from 'zod';
import { capabilityResultSchema } from './capability.js';
import { scenarioResultSchema } from './scenario-result.js';
import { statusSchema } from './status.js';
import { suiteResultSchema } from './suite-result.js';

/** Version of the `results.json` format. Bump on incompatible changes. */
export const RESULT_SCHEMA_VERSION = 1;

/** What the target turned out to be, from headers and probes. */
export const productInfoSchema = z.object({
  name: z.string(),
  version: z.string().optional(),
});

/** Everything one run found on one target. */
export const targetResultSchema = z.object({
  name: z.string(),
  /** Base URL (no credentials). */
  url: z.string(),
  product: productInfoSchema.optional(),
  status: statusSchema,
  /** True when TLS verification was turned off for this target (`--insecure`). */
  insecure: z.boolean().optional(),
  /** Repository namespace this run wrote into, `<prefix>/regatta-<runid>`. */
  namespace: z.string().optional(),
  capabilities: z.array(capabilityResultSchema),
  suites: z.array(suiteResultSchema),
  scenarios: z.array(scenarioResultSchema),
  /** What cleanup did: references it deleted and those it could not. */
  cleanup: z
    .object({ deleted: z.number().int().nonnegative(), leftovers: z.array(z.string()), kept: z.boolean() })
    .optional(),
  /** Set when the whole target could not be run (unreachable, not a registry). */
  error: z.string().optional(),
});

/** See {@link targetResultSchema}. */
export type TargetResult = z.infer<typeof targetResultSchema>;

/** The machine and tool that produced a run. */
export const environmentSchema = z.object({
  regattaVersion: z.string(),
  node: z.string(),
  platform: z.string(),
  arch: z.string(),
  hostname: z.string(),
  cpus: z.number().int().nonnegative(),
  memoryBytes: z.number().nonnegative(),
});

/**
 * One invocation over one or more targets. Every report is rendered from this; `results.json` is its serialisation.
 * It holds only redacted configuration.
 */
export const runResultSchema = z.object({
  schemaVersion: z.literal(RESULT_SCHEMA_VERSION),
  runId: z.string(),
  /** Which command produced it: `conformance`, `bench`, `demo`, `report` (a merge). */
  kind: z.string(),
  startedAt: z.iso.datetime(),
  endedAt: z.iso.datetime(),
  durationMs: z.number().nonnegative(),
  status: statusSchema,
  /** True when the run was cut short (Ctrl-C, fatal error): the results are partial. */
  interrupted: z.boolean(),
  environment: environmentSchema,
  /** Redacted effective configuration. */
  config: z.record(z.string(), z.unknown()),
  targets: z.array(targetResultSchema),
});

/** See {@link runResultSchema}. */
export type RunResult = z.infer<typeof runResultSchema>;
