import { UsageError } from '../../errors/index.js';

/** A parsed threshold: `metric op value` with the value in the metric's base unit (ms, fraction, MB/s, req/s). */
export interface Threshold {
  readonly metric: string;
  readonly condition: string;
  readonly operator: '<' | '<=' | '>' | '>=';
  readonly value: number;
}

/** Metrics a threshold may name. */
export const thresholdMetrics = [
  'latency.p50',
  'latency.p90',
  'latency.p95',
  'latency.p99',
  'latency.max',
  'latency.mean',
  'errors.rate',
  'errors.count',
  'throughput.mbps',
  'requests.rate',
  'iterations.dropped',
  'iterations.completed',
  'iterations.interrupted',
] as const;

const conditionPattern = /^\s*(<=|>=|<|>)\s*([0-9]+(?:\.[0-9]+)?)\s*(ms|s|us|%)?\s*$/;

/** Multiplier from the written unit to the base unit of the metric. */
function unitFactor(metric: string, unit: string | undefined, condition: string): number {
  if (metric.startsWith('latency.')) {
    switch (unit) {
      case undefined:
      case 'ms':
        return 1;
      case 's':
        return 1000;
      case 'us':
        return 0.001;
      default:
        throw new UsageError(`threshold ${metric}: "${condition}" needs a time unit (ms, s, us)`);
    }
  }
  if (metric === 'errors.rate') {
    return unit === '%' ? 0.01 : 1;
  }
  if (unit !== undefined) {
    throw new UsageError(`threshold ${metric}: "${condition}" takes no unit`);
  }
  return 1;
}

/** Parses `'latency.p99': '<250ms'`. Throws UsageError naming the threshold when it cannot. */
export function parseThreshold(metric: string, condition: string): Threshold {
  if (!(thresholdMetrics as readonly string[]).includes(metric)) {
    throw new UsageError(`unknown threshold metric "${metric}"; known: ${thresholdMetrics.join(', ')}`);
  }
  const match = conditionPattern.exec(condition);
  if (match === null) {
    throw new UsageError(`threshold ${metric}: cannot parse "${condition}"; expected e.g. <250ms, <1%, >50`);
  }
  const operator = match[1] as Threshold['operator'];
  const value = Number(match[2]) * unitFactor(metric, match[3], condition);
  return { metric, condition: condition.trim(), operator, value };
}
