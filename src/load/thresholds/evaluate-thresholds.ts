import type { ScenarioResult, ThresholdResult } from '../../model/index.js';
import { completedIterations } from './completion.js';
import { parseThreshold, type Threshold } from './parse-threshold.js';

/** The metric's value in a result (ms, fraction, MB/s, req/s, count). */
export function metricValue(result: ScenarioResult, metric: string): number {
  switch (metric) {
    case 'latency.p50':
      return result.latency.p50;
    case 'latency.p90':
      return result.latency.p90;
    case 'latency.p95':
      return result.latency.p95;
    case 'latency.p99':
      return result.latency.p99;
    case 'latency.max':
      return result.latency.max;
    case 'latency.mean':
      return result.latency.mean;
    case 'errors.rate':
      return result.iterations === 0 ? (result.errors > 0 ? 1 : 0) : result.errors / result.iterations;
    case 'errors.count':
      return result.errors;
    case 'throughput.mbps':
      return result.throughput.mbps;
    case 'requests.rate':
      return result.requests.perSec;
    case 'iterations.dropped':
      return result.droppedIterations;
    case 'iterations.completed':
      return completedIterations(result);
    case 'iterations.interrupted':
      return result.interrupted?.iterations ?? 0;
    default:
      return Number.NaN;
  }
}

/** True when `actual` satisfies the threshold. NaN never does. */
function holds(threshold: Threshold, actual: number): boolean {
  switch (threshold.operator) {
    case '<':
      return actual < threshold.value;
    case '<=':
      return actual <= threshold.value;
    case '>':
      return actual > threshold.value;
    case '>=':
      return actual >= threshold.value;
  }
}

/** Parses the scenario's thresholds up front (so a typo fails before any load is sent). */
export function parseThresholds(thresholds: Readonly<Record<string, string>>): Threshold[] {
  return Object.entries(thresholds).map(([metric, condition]) => parseThreshold(metric, condition));
}

/** Evaluates every threshold against a result. */
export function evaluateThresholds(result: ScenarioResult, thresholds: readonly Threshold[]): ThresholdResult[] {
  return thresholds.map((threshold) => {
    const actual = metricValue(result, threshold.metric);
    return { metric: threshold.metric, condition: threshold.condition, actual, passed: holds(threshold, actual) };
  });
}
