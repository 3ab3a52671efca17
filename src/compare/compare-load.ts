import type { ScenarioResult, TrialResult } from '../model/index.js';
import { bootstrapInterval, contrastOf, mean } from './bootstrap-interval.js';
import type { LoadMetricName, MetricComparison, MetricDefinition, MetricVerdict } from './comparison.js';
import { loadMetrics, operationFigure, scenarioFigure, trialsOf } from './trial-figures.js';

/** Worse-than thresholds per metric: percent for figures, percentage points for error and throttle rates. */
export type MetricThresholds = Readonly<Record<LoadMetricName, number>>;

/** 10 % worse for figures, 1 percentage point more for error and throttle rates. */
export const defaultMetricThresholds: MetricThresholds = {
  mbps: 10,
  opsPerSec: 10,
  p50: 10,
  p95: 10,
  p99: 10,
  errorRate: 1,
  throttleRate: 1,
};

/** Fewest trials per side for a load verdict: with fewer, the spread between trials cannot be estimated. */
export const MIN_TRIALS = 3;

/** Options of {@link compareLoad}. */
export interface CompareLoadOptions {
  readonly target: string;
  readonly thresholds: MetricThresholds;
  /** @default {@link MIN_TRIALS} */
  readonly minTrials?: number;
  /**
   * Both scenarios come from one run whose trials interleaved the two targets: trial i of each side is a pair, and the
   * intervals resample pairs (see {@link bootstrapInterval}). @default false
   */
  readonly paired?: boolean;
}

/**
 * The verdict on an interval: a regression only when the whole interval lies beyond the threshold on the worse side,
 * an improvement only when it lies beyond it on the better side, otherwise no significant change.
 */
export function judgeInterval(metric: MetricDefinition, low: number, high: number, threshold: number): MetricVerdict {
  if (!Number.isFinite(low) || !Number.isFinite(high)) {
    return 'not-judged';
  }
  // Ratios are judged against 1 ± threshold %, rate differences against ± threshold percentage points.
  const worseBound = metric.contrast === 'ratio' ? (metric.better === 'higher' ? 1 - threshold / 100 : 1 + threshold / 100) : threshold;
  const betterBound = metric.contrast === 'ratio' ? (metric.better === 'higher' ? 1 + threshold / 100 : 1 - threshold / 100) : -threshold;
  const higherIsWorse = metric.better === 'lower';
  if (higherIsWorse ? low > worseBound : high < worseBound) {
    return 'regression';
  }
  if (higherIsWorse ? high < betterBound : low > betterBound) {
    return 'improvement';
  }
  return 'no-significant-change';
}

/** Values that are defined. */
function defined(values: readonly (number | undefined)[]): number[] {
  return values.filter((value): value is number => value !== undefined && Number.isFinite(value));
}

/** Compares one metric over the trials of both sides; undefined when neither side measures it. */
function compareMetric(
  key: { readonly target: string; readonly scenario: string; readonly operation?: string },
  metric: MetricDefinition,
  baselineTrials: readonly number[],
  candidateTrials: readonly number[],
  threshold: number,
  minTrials: number,
  paired: boolean,
): MetricComparison | undefined {
  if (baselineTrials.length === 0 && candidateTrials.length === 0) {
    return undefined;
  }
  const baselineMean = mean(baselineTrials);
  const candidateMean = mean(candidateTrials);
  if (metric.contrast === 'ratio' && baselineMean === 0 && candidateMean === 0) {
    // A flow that moves no bytes (manifest HEADs) has no MB/s to compare.
    return undefined;
  }
  const seed = `${key.target}/${key.scenario}/${key.operation ?? ''}/${metric.name}`;
  const base = { ...key, metric, baselineTrials, candidateTrials, baselineMean, candidateMean, threshold };
  const estimate = contrastOf(metric.contrast, baselineMean, candidateMean);
  const fewest = Math.min(baselineTrials.length, candidateTrials.length);
  if (fewest < minTrials) {
    const note = `needs at least ${minTrials} trials per side (baseline ${baselineTrials.length}, candidate ${candidateTrials.length}): run bench --trials 5`;
    return { ...base, estimate, interval: { low: Number.NaN, high: Number.NaN }, verdict: 'not-judged', note };
  }
  if (metric.contrast === 'ratio' && baselineMean === 0) {
    return { ...base, estimate, interval: { low: Number.NaN, high: Number.NaN }, verdict: 'not-judged', note: 'the baseline measured 0' };
  }
  const interval = bootstrapInterval(baselineTrials, candidateTrials, { contrast: metric.contrast, seed, paired });
  return { ...base, estimate, interval, verdict: judgeInterval(metric, interval.low, interval.high, threshold) };
}

/**
 * One metric's figures on both sides: each side's defined values, or (paired) only the trials where both sides measured
 * it, matched by trial number and in the same order, so entry i of each list is one interleaved pair.
 */
function sideFigures(
  baseTrials: readonly TrialResult[],
  candidateTrials: readonly TrialResult[],
  figure: (trial: TrialResult) => number | undefined,
  paired: boolean,
): [number[], number[]] {
  if (!paired) {
    return [defined(baseTrials.map(figure)), defined(candidateTrials.map(figure))];
  }
  const base: number[] = [];
  const candidate: number[] = [];
  for (const trial of baseTrials) {
    const counterpart = candidateTrials.find((entry) => entry.trial === trial.trial);
    const [before, after] = [figure(trial), counterpart === undefined ? undefined : figure(counterpart)];
    if (before !== undefined && after !== undefined && Number.isFinite(before) && Number.isFinite(after)) {
      base.push(before);
      candidate.push(after);
    }
  }
  return [base, candidate];
}

/** Operation ids in first-seen order over both sides. */
function operationIds(trials: readonly TrialResult[]): string[] {
  return [...new Set(trials.flatMap((trial) => trial.operations.map((operation) => operation.operation)))];
}

/**
 * Every load metric of one scenario present in both runs, for the scenario as a whole and per operation: MB/s, ops/s,
 * p50/p95/p99, error rate and (per scenario) throttle rate, each with a seeded bootstrap interval over trials and a
 * verdict against its threshold.
 */
export function compareLoad(baseline: ScenarioResult, candidate: ScenarioResult, options: CompareLoadOptions): MetricComparison[] {
  const minTrials = options.minTrials ?? MIN_TRIALS;
  const paired = options.paired ?? false;
  const baseTrials = trialsOf(baseline);
  const candidateTrials = trialsOf(candidate);
  const results: MetricComparison[] = [];
  const key = { target: options.target, scenario: candidate.id };
  for (const metric of loadMetrics) {
    const [before, after] = sideFigures(baseTrials, candidateTrials, (trial) => scenarioFigure(trial, metric.name), paired);
    const compared = compareMetric(key, metric, before, after, options.thresholds[metric.name], minTrials, paired);
    if (compared !== undefined) {
      results.push(compared);
    }
  }
  const candidateOperations = new Set(operationIds(candidateTrials));
  for (const operation of operationIds(baseTrials).filter((id) => candidateOperations.has(id))) {
    const figure = (metric: LoadMetricName) => (trial: TrialResult): number | undefined => {
      const found = trial.operations.find((entry) => entry.operation === operation);
      return found === undefined ? undefined : operationFigure(found, metric);
    };
    for (const metric of loadMetrics) {
      const [before, after] = sideFigures(baseTrials, candidateTrials, figure(metric.name), paired);
      const compared = compareMetric({ ...key, operation }, metric, before, after, options.thresholds[metric.name], minTrials, paired);
      if (compared !== undefined) {
        results.push(compared);
      }
    }
  }
  return results;
}
