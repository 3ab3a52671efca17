import { UsageError } from '../errors/index.js';
import type { RunResult, TargetResult } from '../model/index.js';
import { applyAcceptances, type AcceptEntry } from './compare-expectations.js';
import { compareConformance } from './compare-conformance.js';
import { compareLoad, defaultMetricThresholds, MIN_TRIALS, type MetricThresholds } from './compare-load.js';
import type { ComparedRun, ComparedTarget, Comparison, ConformanceChange, FingerprintMismatch, MetricComparison, TargetSide } from './comparison.js';
import { diffFingerprints } from './fingerprint-diff.js';
import { selectTargetPair, type TargetPair } from './select-target-pair.js';

/** Options of {@link compareRuns}. */
export interface CompareRunsOptions {
  readonly baselinePath: string;
  readonly candidatePath: string;
  /** @default 'failed' */
  readonly failOn?: 'failed' | 'warned';
  /** Judge load figures even when their fingerprints differ (the differences are listed). @default false */
  readonly allowMismatch?: boolean;
  readonly thresholds?: MetricThresholds;
  readonly accept?: readonly AcceptEntry[];
  /** @default {@link MIN_TRIALS} */
  readonly minTrials?: number;
  /**
   * Compare one target of each run instead of matching targets by name (`--baseline-target`, `--candidate-target`);
   * two targets of one interleaved bench run are judged as paired trials.
   */
  readonly targets?: TargetPair;
}

/** What a report says about a run. */
function describeRun(run: RunResult, path: string): ComparedRun {
  return {
    path,
    runId: run.runId,
    kind: run.kind,
    startedAt: run.startedAt,
    regattaVersion: run.environment.regattaVersion,
    hostname: run.environment.hostname,
    labels: run.labels ?? {},
  };
}

/** One run's view of a target. */
function describeSide(target: TargetResult): TargetSide {
  const product = target.product === undefined ? undefined : `${target.product.name}${target.product.version === undefined ? '' : ` ${target.product.version}`}`;
  const trip = target.roundTrip;
  return {
    url: target.url,
    status: target.status,
    checks: target.suites.reduce((sum, suite) => sum + suite.checks.length, 0),
    ...(product === undefined ? {} : { product }),
    ...(trip === undefined || trip.error !== undefined
      ? {}
      : { roundTrip: { connectMs: trip.connectMs, firstByteMs: trip.firstByteMs, totalMs: trip.totalMs, ...(trip.tlsMs === undefined ? {} : { tlsMs: trip.tlsMs }) } }),
  };
}

/** Throws the exit-2 error when the runs cannot be compared at all: partial runs, different target sets, nothing to compare. */
function assertComparable(baseline: RunResult, candidate: RunResult, options: CompareRunsOptions): void {
  for (const [side, run, path] of [['baseline', baseline, options.baselinePath], ['candidate', candidate, options.candidatePath]] as const) {
    if (run.interrupted) {
      throw new UsageError(`the ${side} ${path} is an interrupted run: its results are partial and cannot gate`, { hint: 'run it again to the end' });
    }
  }
  const baseNames = baseline.targets.map((target) => target.name);
  const candidateNames = candidate.targets.map((target) => target.name);
  const missing = baseNames.filter((name) => !candidateNames.includes(name));
  const extra = candidateNames.filter((name) => !baseNames.includes(name));
  if (missing.length > 0 || extra.length > 0) {
    const parts = [
      ...(missing.length > 0 ? [`only in the baseline: ${missing.join(', ')}`] : []),
      ...(extra.length > 0 ? [`only in the candidate: ${extra.join(', ')}`] : []),
    ];
    throw new UsageError(`targets are matched by name and differ (${parts.join('; ')})`, {
      hint: 'name the target the same in both runs, e.g. --target registry=URL',
    });
  }
  for (const target of baseline.targets) {
    if (target.error !== undefined) {
      throw new UsageError(`the baseline could not run target ${target.name} (${target.error}): there is nothing to compare against`);
    }
  }
  const itemCount = (run: RunResult): number =>
    run.targets.reduce((sum, target) => sum + target.scenarios.length + target.suites.reduce((n, suite) => n + suite.checks.length, 0), 0);
  if (itemCount(baseline) === 0) {
    throw new UsageError(`the baseline ${options.baselinePath} ran no check and no scenario: there is nothing to compare against`);
  }
}

/**
 * Compares a candidate run with a baseline, target by target (matched by name): conformance changes, and load figures
 * of every scenario present in both, judged over trials with bootstrap intervals. Throws a UsageError (exit 2) when
 * the runs cannot be compared, including fingerprints that differ unless `allowMismatch`.
 */
export function compareRuns(baselineRun: RunResult, candidateRun: RunResult, options: CompareRunsOptions): Comparison {
  const selected =
    options.targets === undefined ? undefined : selectTargetPair(baselineRun, candidateRun, options.targets, { baseline: options.baselinePath, candidate: options.candidatePath });
  const baseline = selected?.baseline ?? baselineRun;
  const candidate = selected?.candidate ?? candidateRun;
  const paired = selected?.paired ?? false;
  assertComparable(baseline, candidate, options);
  const failOn = options.failOn ?? 'failed';
  const thresholds = options.thresholds ?? defaultMetricThresholds;
  const minTrials = options.minTrials ?? MIN_TRIALS;
  const targets: ComparedTarget[] = [];
  let conformance: ConformanceChange[] = [];
  const load: MetricComparison[] = [];
  const mismatches: FingerprintMismatch[] = [];
  const notices: string[] = [];
  const regressions: string[] = [];
  for (const before of baseline.targets) {
    const after = candidate.targets.find((target) => target.name === before.name);
    if (after === undefined) {
      continue;
    }
    targets.push({ name: before.name, baseline: describeSide(before), candidate: describeSide(after) });
    if (after.error !== undefined) {
      regressions.push(`${after.name}: the candidate could not run the target (${after.error})`);
    }
    conformance.push(...compareConformance(before, after, { failOn }));
    for (const scenario of before.scenarios) {
      const counterpart = after.scenarios.find((entry) => entry.id === scenario.id);
      if (counterpart === undefined) {
        continue;
      }
      const differing = diffFingerprints(before.name, scenario.id, scenario.fingerprint, counterpart.fingerprint);
      mismatches.push(...differing);
      load.push(...compareLoad(scenario, counterpart, { target: before.name, thresholds, minTrials, paired }));
    }
  }
  if (mismatches.length > 0 && options.allowMismatch !== true) {
    const settings = [...new Set(mismatches.map((mismatch) => mismatch.setting))];
    const details = mismatches.map((m) => `${m.target}/${m.scenario} ${m.setting}: ${m.baseline} -> ${m.candidate}`).join('; ');
    throw new UsageError(`the runs are not like for like: ${settings.join(', ')} differ (${details})`, {
      hint: 'rerun with the same settings, or pass --allow-mismatch to compare anyway (the differences are listed in the report)',
    });
  }
  if (paired && options.targets !== undefined) {
    notices.push(
      `trials paired: ${options.targets.baseline} and ${options.targets.candidate} were benched in one run with their trials interleaved; ` +
        'each interval resamples the pairs, so drift common to a pair cancels',
    );
  }
  const accepted = applyAcceptances(conformance, options.accept ?? []);
  conformance = accepted.changes;
  for (const entry of accepted.unused) {
    notices.push(`--expect entry for ${entry.check}${entry.target === undefined ? '' : ` on ${entry.target}`} matched no regression (stale?)`);
  }
  for (const change of conformance.filter((entry) => entry.regression)) {
    regressions.push(`${change.target}: ${change.id} ${change.kind} (${change.baseline} -> ${change.candidate})${change.detail === undefined ? '' : `: ${change.detail}`}`);
  }
  for (const metric of load.filter((entry) => entry.verdict === 'regression')) {
    const where = `${metric.target}/${metric.scenario}${metric.operation === undefined ? '' : `/${metric.operation}`}`;
    regressions.push(`${where}: ${metric.metric.label} worse beyond ${metric.threshold}${metric.metric.contrast === 'ratio' ? '%' : ' points'} (${formatContrast(metric)})`);
  }
  const unjudged = load.filter((metric) => metric.verdict === 'not-judged' && metric.note !== undefined && metric.note.startsWith('needs'));
  if (unjudged.length > 0) {
    notices.push(`${unjudged.length} load figures not judged: ${unjudged[0]?.note ?? ''}`);
  }
  return {
    baseline: describeRun(baseline, options.baselinePath),
    candidate: describeRun(candidate, options.candidatePath),
    targets,
    conformance,
    load,
    mismatches,
    failOn,
    minTrials,
    regressions,
    notices,
  };
}

/** The estimate and interval of a metric comparison as text: `x0.80 [0.76, 0.84]` or `+2.1 pp [1.5, 2.8]`. */
export function formatContrast(metric: MetricComparison): string {
  const digits = (value: number): string => (Number.isFinite(value) ? value.toFixed(metric.metric.contrast === 'ratio' ? 3 : 2) : 'n/a');
  if (metric.metric.contrast === 'ratio') {
    return `x${digits(metric.estimate)} [${digits(metric.interval.low)}, ${digits(metric.interval.high)}]`;
  }
  const sign = metric.estimate >= 0 ? '+' : '';
  return `${sign}${digits(metric.estimate)} pp [${digits(metric.interval.low)}, ${digits(metric.interval.high)}]`;
}

/** True when some load figure could not be judged for lack of trials (the gate then cannot pass). */
export function hasUnjudgedLoad(comparison: Comparison): boolean {
  return comparison.load.some((metric) => metric.verdict === 'not-judged' && metric.note?.startsWith('needs') === true);
}
