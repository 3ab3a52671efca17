/**
 * The candidate's load figures for the tools teams already chart benchmarks with: github-action-benchmark's
 * `customBiggerIsBetter` / `customSmallerIsBetter` JSON and Bencher's BMF JSON. One entry per scenario (and operation)
 * and metric, the value being the mean over the candidate's trials.
 */
import type { Comparison, MetricComparison } from '../../src/compare/comparison.js';
import { formatNumber } from '../../src/model/format-number.js';

/** One entry of github-action-benchmark's custom tools. */
export interface BenchmarkActionEntry {
  readonly name: string;
  readonly unit: string;
  readonly value: number;
  readonly range?: string;
  readonly extra?: string;
}

/** Bencher Metric Format: benchmark name → measure slug → value with optional bounds. */
export type BencherMetricFormat = Record<string, Record<string, { value: number; lower_value?: number; upper_value?: number }>>;

/** The benchmark a metric belongs to: `target/scenario[/operation]`. */
function benchmarkName(metric: MetricComparison): string {
  return `${metric.target}/${metric.scenario}${metric.operation === undefined ? '' : `/${metric.operation}`}`;
}

/** Sample standard deviation (0 for fewer than two values). */
function stddev(values: readonly number[]): number {
  if (values.length < 2) {
    return 0;
  }
  const average = values.reduce((sum, value) => sum + value, 0) / values.length;
  return Math.sqrt(values.reduce((sum, value) => sum + (value - average) ** 2, 0) / (values.length - 1));
}

/** Entries for `customBiggerIsBetter` (MB/s, ops/s) and `customSmallerIsBetter` (latencies, error and throttle rates). */
export function renderBenchmarkActionExports(comparison: Comparison): { readonly bigger: BenchmarkActionEntry[]; readonly smaller: BenchmarkActionEntry[] } {
  const bigger: BenchmarkActionEntry[] = [];
  const smaller: BenchmarkActionEntry[] = [];
  for (const metric of comparison.load) {
    const entry: BenchmarkActionEntry = {
      name: `${benchmarkName(metric)} ${metric.metric.label}`,
      unit: metric.metric.unit,
      value: metric.candidateMean,
      range: `± ${formatNumber(stddev(metric.candidateTrials), 3)}`,
      extra: `${metric.candidateTrials.length} trials; baseline ${formatNumber(metric.baselineMean, 3)}; run ${comparison.candidate.runId}`,
    };
    (metric.metric.better === 'higher' ? bigger : smaller).push(entry);
  }
  return { bigger, smaller };
}

/** Bencher measure slugs for each metric. */
const measureSlugs: Readonly<Record<string, string>> = {
  mbps: 'throughput-mb-per-second',
  opsPerSec: 'operations-per-second',
  p50: 'latency-p50-ms',
  p95: 'latency-p95-ms',
  p99: 'latency-p99-ms',
  errorRate: 'error-rate-percent',
  throttleRate: 'throttle-rate-percent',
};

/** Bencher BMF JSON of the candidate: the mean with the lowest and highest trial as bounds. */
export function renderBencherBmf(comparison: Comparison): BencherMetricFormat {
  const bmf: BencherMetricFormat = {};
  for (const metric of comparison.load) {
    const trials = metric.candidateTrials;
    const measures = (bmf[benchmarkName(metric)] ??= {});
    measures[measureSlugs[metric.metric.name] ?? metric.metric.name] = {
      value: metric.candidateMean,
      ...(trials.length === 0 ? {} : { lower_value: Math.min(...trials), upper_value: Math.max(...trials) }),
    };
  }
  return bmf;
}
