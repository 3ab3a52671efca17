/**
 * `regatta compare --expect FILE`: changes the team has reviewed and accepts (they are listed, never counted as
 * regressions) and per-metric thresholds. YAML or JSON:
 *
 * ```yaml
 * accept:
 *   - check: push/blob-chunked       # check id or id prefix (load/<scenario> for a scenario verdict)
 *     target: registry               # optional: only on this target
 *     reason: v3 answers 416 here; tracked in INFRA-123
 * thresholds:                        # worse-than thresholds: percent, or percentage points for the rates
 *   p99: 20
 *   errorRate: 0.5
 * ```
 */
import { z } from 'zod';
import { readConfigFile } from '../config/read-config-file.js';
import { ConfigError } from '../errors/index.js';
import { toConfigIssues } from '../config/format-issues.js';
import type { ConformanceChange, LoadMetricName } from './comparison.js';
import { defaultMetricThresholds, type MetricThresholds } from './compare-load.js';
import { loadMetrics } from './trial-figures.js';

/** A threshold: a non-negative number, `%` allowed (`20%` and `20` are the same). */
export const thresholdValueSchema = z.preprocess(
  (value) => (typeof value === 'string' ? Number(value.trim().replace(/%$/, '')) : value),
  z.number({ error: 'must be a number like 10 or 10%' }).nonnegative('must not be negative').finite('must be a number like 10 or 10%'),
);

const thresholdsShape = Object.fromEntries(
  loadMetrics.map((metric) => [
    metric.name,
    thresholdValueSchema.optional().describe(metric.contrast === 'ratio' ? `${metric.label}: percent worse` : `${metric.label}: percentage points more`),
  ]),
) as Record<LoadMetricName, z.ZodOptional<typeof thresholdValueSchema>>;

/** The `--expect` file. */
export const compareExpectationsSchema = z.strictObject({
  accept: z
    .array(
      z.strictObject({
        check: z.string().min(1).describe('check id or id prefix; load/<scenario> for a scenario verdict; a capability id'),
        target: z.string().min(1).optional().describe('only on this target'),
        reason: z.string().min(1, 'say why the change is accepted').describe('why the change is accepted'),
      }),
    )
    .default([]),
  thresholds: z.strictObject(thresholdsShape).default({}),
});

/** See {@link compareExpectationsSchema}. */
export type CompareExpectations = z.output<typeof compareExpectationsSchema>;

/** One accepted change. */
export type AcceptEntry = CompareExpectations['accept'][number];

/** Reads and validates an `--expect` file; every issue is named (exit 2). */
export async function readCompareExpectations(file: string, cwd: string): Promise<CompareExpectations> {
  const document = await readConfigFile(file, cwd);
  const parsed = compareExpectationsSchema.safeParse(document);
  if (!parsed.success) {
    throw new ConfigError(`--expect file ${file} is invalid`, toConfigIssues(parsed.error.issues, []));
  }
  return parsed.data;
}

/** Parses `--threshold NAME=VALUE` flags over the defaults and the file's thresholds (flags win). */
export function resolveThresholds(
  fromFile: Partial<Record<LoadMetricName, number | undefined>>,
  flags: readonly string[],
): MetricThresholds {
  const thresholds: Record<LoadMetricName, number> = { ...defaultMetricThresholds };
  for (const [name, value] of Object.entries(fromFile)) {
    if (value !== undefined) {
      thresholds[name as LoadMetricName] = value;
    }
  }
  const names = loadMetrics.map((metric) => metric.name);
  for (const flag of flags) {
    const [name, raw] = flag.split('=', 2);
    const metric = loadMetrics.find((entry) => entry.name === name);
    if (metric === undefined || raw === undefined) {
      throw new ConfigError(`--threshold ${flag}: expected NAME=VALUE with NAME one of ${names.join(', ')}`);
    }
    const parsed = thresholdValueSchema.safeParse(raw);
    if (!parsed.success) {
      throw new ConfigError(`--threshold ${flag}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    }
    thresholds[metric.name] = parsed.data;
  }
  return thresholds;
}

/**
 * Marks the changes an entry accepts (they stay listed, with the reason, and stop being regressions) and returns the
 * entries that matched nothing, so the user learns that an acceptance is stale.
 */
export function applyAcceptances(
  changes: readonly ConformanceChange[],
  accept: readonly AcceptEntry[],
): { readonly changes: ConformanceChange[]; readonly unused: AcceptEntry[] } {
  const used = new Set<AcceptEntry>();
  const result = changes.map((change) => {
    const entry = accept.find((candidate) => (candidate.target === undefined || candidate.target === change.target) && change.id.startsWith(candidate.check));
    if (entry === undefined || !change.regression) {
      return change;
    }
    used.add(entry);
    return { ...change, regression: false, accepted: entry.reason };
  });
  return { changes: result, unused: accept.filter((entry) => !used.has(entry)) };
}
