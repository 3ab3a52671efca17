import { z } from 'zod';
import { roundTripSchema, runLabelsSchema } from './bench-provenance.js';
import { capabilityResultSchema } from './capability.js';
import { officialSuiteResultSchema } from './official-suite.js';
import { scenarioResultSchema } from './scenario-result.js';
import { shareInfoSchema } from './share.js';
import { gradingModeSchema, specVersionSchema } from './spec-version.js';
import { statusSchema } from './status.js';
import { suiteResultSchema } from './suite-result.js';
import { targetTrafficSchema } from './target-traffic.js';

/** Version of the `results.json` format. Bump on incompatible changes. */
export const RESULT_SCHEMA_VERSION = 1;

/** What the target turned out to be, from headers and probes. */
export const productInfoSchema = z.object({
  name: z.string().describe('Product name, e.g. zot, distribution (unitless name)'),
  version: z.string().optional().describe('Product version, when the registry tells (text)'),
});

/** The expectation profile a target was judged with (`--expect`, `expect:`), and what it found about the profile. */
export const appliedProfileSchema = z.object({
  name: z.string().describe('Profile name (unitless name)'),
  hash: z.string().describe("sha256:<hex> of the profile's canonical JSON: which exact expectations produced the verdicts (text)"),
  source: z.string().describe('shipped for a profile that comes with regatta, else the file it was read from (text)'),
  requires: z.array(z.string()).describe('Capability ids the profile requires (unitless names)'),
  nowPassing: z
    .array(z.object({ check: z.string().describe('Check ids that passed (text)'), entry: z.string().describe('The profile entry (text)') }))
    .describe('Known deviations whose checks all passed: remove them from the profile'),
  expired: z
    .array(
      z.object({
        check: z.string().describe('Check id (text)'),
        entry: z.string().describe('The profile entry (text)'),
        expires: z.string().describe('Its expiry, YYYY-MM-DD (date)'),
      }),
    )
    .describe('Known deviations past their expiry whose checks deviated: they count as failures again'),
});

/** See {@link appliedProfileSchema}. */
export type AppliedProfile = z.infer<typeof appliedProfileSchema>;

/** Everything one run found on one target. */
export const targetResultSchema = z.object({
  name: z.string().describe('Target name (unitless name)'),
  url: z.string().describe('Base URL, without credentials (text)'),
  product: productInfoSchema.optional().describe('What the target turned out to be, from headers and probes'),
  status: statusSchema.describe('The worst status of its checks and scenarios'),
  insecure: z.boolean().optional().describe('True when TLS verification was turned off for this target (--insecure) (boolean)'),
  namespace: z.string().optional().describe('Repository namespace this run wrote into, <prefix>/regatta-<runid>; absent in a fixed layout (text)'),
  layout: z
    .object({
      kind: z
        .enum(['per-check', 'fixed'])
        .describe('per-check: every check pushed to repositories of its own under the namespace; fixed: every check shared the two repositories (name)'),
      repositories: z.array(z.string()).optional().describe('Fixed layout: the two repositories every check pushed to (text)'),
      tagPrefix: z.string().optional().describe('Fixed layout: the prefix of every tag the run pushed, regatta-<runid> (text)'),
    })
    .optional()
    .describe('Where the checks pushed (--layout, --repositories)'),
  capabilities: z.array(capabilityResultSchema).describe('Optional capabilities found by the probe'),
  profile: appliedProfileSchema.optional().describe('The expectation profile this target was judged with, when one was given'),
  suites: z.array(suiteResultSchema).describe('Conformance suites in run order'),
  scenarios: z.array(scenarioResultSchema).describe('Load scenarios in run order'),
  cleanup: z
    .object({
      deleted: z.number().int().nonnegative().describe('References deleted, a count'),
      leftovers: z.array(z.string()).describe('References that could not be deleted (text)'),
      kept: z.boolean().describe('True when --keep left everything in place (boolean)'),
    })
    .optional()
    .describe('What cleanup did: references it deleted and those it could not'),
  error: z.string().optional().describe('Why the whole target could not be run (unreachable, not a registry) (text)'),
  traffic: targetTrafficSchema.optional(),
  roundTrip: roundTripSchema.optional(),
  officialSuite: officialSuiteResultSchema
    .optional()
    .describe("The official OCI conformance suite's results for the same registry (regatta import oci-conformance)"),
});

/** See {@link targetResultSchema}. */
export type TargetResult = z.infer<typeof targetResultSchema>;

/** The machine and tool that produced a run. */
export const environmentSchema = z.object({
  regattaVersion: z.string().describe('regatta version (semver text)'),
  node: z.string().describe('Node.js version (text)'),
  platform: z.string().describe('Operating system, as Node names it (text)'),
  arch: z.string().describe('CPU architecture, as Node names it (text)'),
  hostname: z.string().describe('Host name of the machine that ran regatta (text)'),
  cpus: z.number().int().nonnegative().describe('Logical CPU cores, a count'),
  memoryBytes: z.number().nonnegative().describe('Total memory of the machine, in bytes'),
});

/**
 * One invocation over one or more targets. Every report is rendered from this; `results.json` is its serialisation.
 * It holds only redacted configuration.
 */
export const runResultSchema = z.object({
  schemaVersion: z.literal(RESULT_SCHEMA_VERSION).describe('Version of the results.json format (integer)'),
  runId: z.string().describe('Run id, also in the namespace the run wrote into (text)'),
  kind: z.string().describe('Which command produced it: conformance, bench, demo, report (a merge) (unitless name)'),
  startedAt: z.iso.datetime().describe('Start of the run, ISO 8601 UTC time'),
  endedAt: z.iso.datetime().describe('End of the run, ISO 8601 UTC time'),
  durationMs: z.number().nonnegative().describe('Wall time of the run, in milliseconds'),
  status: statusSchema.describe('The worst status of its targets'),
  interrupted: z.boolean().describe('True when the run was cut short (Ctrl-C, fatal error): the results are partial (boolean)'),
  environment: environmentSchema.describe('The machine and tool that produced the run'),
  config: z.record(z.string(), z.unknown()).describe('Redacted effective configuration (durations in milliseconds, sizes in bytes)'),
  labels: runLabelsSchema.optional(),
  specVersion: specVersionSchema
    .optional()
    .describe('Distribution-spec version the checks were graded against (--spec-version): 1.0, 1.1 or main; absent when no check ran'),
  grading: gradingModeSchema
    .optional()
    .describe("spec: graded by the spec's keywords alone; strict: regatta's strict profile also graded MUST the rules the spec only implies (--grading); absent when no check ran"),
  targets: z.array(targetResultSchema).describe('One entry per target, in the order given'),
  share: shareInfoSchema.optional().describe('Set on the result of one share of a distributed run (bench --segment I/N, one imported k6 runner)'),
  shares: z
    .array(shareInfoSchema)
    .optional()
    .describe('Set on a result merged from shares (report --merge-shares, import k6): every share, in order'),
});

/** See {@link runResultSchema}. */
export type RunResult = z.infer<typeof runResultSchema>;
