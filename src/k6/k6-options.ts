/**
 * A regatta scenario's executor and thresholds in k6's `options` syntax. The executors map one to one (constant-vus,
 * or shared-iterations for a fixed count; constant-arrival-rate; ramping-vus); thresholds move to the k6 metric that
 * measures the same thing (one table, typed by regatta's threshold metrics, so a new metric needs a k6 decision).
 */
import type { ExecutorConfig } from '../load/executors/executor-config.js';
import { completedMetric } from '../load/thresholds/completion.js';
import { parseThresholds } from '../load/thresholds/evaluate-thresholds.js';
import type { thresholdMetrics } from '../load/thresholds/parse-threshold.js';

/** A metric a regatta threshold may name. */
type ThresholdMetric = (typeof thresholdMetrics)[number];

/** A duration in k6's syntax (`1500ms`, `30s`): whole seconds when exact, else milliseconds. */
export function k6Duration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** The k6 scenario of a regatta executor. */
export function k6Scenario(executor: ExecutorConfig): Record<string, unknown> {
  const gracefulStop = k6Duration(executor.gracefulStopMs);
  switch (executor.type) {
    case 'constant-vus':
      return executor.iterations === undefined
        ? { executor: 'constant-vus', vus: executor.vus, duration: k6Duration(executor.durationMs ?? executor.maxDurationMs), gracefulStop }
        : {
            executor: 'shared-iterations',
            vus: executor.vus,
            iterations: executor.iterations,
            maxDuration: k6Duration(executor.durationMs ?? executor.maxDurationMs),
            gracefulStop,
          };
    case 'constant-arrival-rate': {
      // k6 takes a whole rate per time unit: per 1000 s keeps three decimals of a fractional rate per second.
      const whole = Number.isInteger(executor.rate);
      return {
        executor: 'constant-arrival-rate',
        rate: whole ? executor.rate : Math.round(executor.rate * 1000),
        timeUnit: whole ? '1s' : '1000s',
        duration: k6Duration(executor.durationMs),
        preAllocatedVUs: executor.maxVUs,
        maxVUs: executor.maxVUs,
        gracefulStop,
      };
    }
    case 'ramping-vus':
      return {
        executor: 'ramping-vus',
        startVUs: executor.startVUs,
        stages: executor.stages.map((stage) => ({ duration: k6Duration(stage.durationMs), target: stage.target })),
        gracefulRampDown: gracefulStop,
        gracefulStop,
      };
  }
}

/** How each regatta threshold metric reads in k6: the k6 metric and the expression's aggregate, or why there is none. */
const k6ThresholdOf: Readonly<Record<ThresholdMetric, { readonly metric: string; readonly aggregate: string; readonly scale?: number } | { readonly none: string }>> = {
  'latency.p50': { metric: 'iteration_duration', aggregate: 'p(50)' },
  'latency.p90': { metric: 'iteration_duration', aggregate: 'p(90)' },
  'latency.p95': { metric: 'iteration_duration', aggregate: 'p(95)' },
  'latency.p99': { metric: 'iteration_duration', aggregate: 'p(99)' },
  'latency.max': { metric: 'iteration_duration', aggregate: 'max' },
  'latency.mean': { metric: 'iteration_duration', aggregate: 'avg' },
  'errors.rate': { metric: 'regatta_errors', aggregate: 'rate' },
  'errors.count': { metric: 'regatta_failed_iterations', aggregate: 'count' },
  // The script counts payload bytes; the regatta threshold is in MB/s.
  'throughput.mbps': { metric: 'regatta_bytes', aggregate: 'rate', scale: 1e6 },
  'requests.rate': { metric: 'http_reqs', aggregate: 'rate' },
  'iterations.dropped': { metric: 'dropped_iterations', aggregate: 'count' },
  'iterations.completed': { metric: 'regatta_completed_iterations', aggregate: 'count' },
  'iterations.interrupted': { none: 'k6 reports no count of iterations cut off at the end of a scenario' },
};

/** k6 thresholds, and the regatta thresholds k6 cannot express (with the reason, for a comment in the script). */
export interface K6Thresholds {
  readonly thresholds: Record<string, string[]>;
  readonly unexpressed: readonly string[];
}

/**
 * The k6 thresholds of a scenario's thresholds (`latency.p99: <250ms` → `iteration_duration: ['p(99)<250']`) and of
 * its completion rule (at least `minIterations` successful iterations, as regatta judges every run).
 */
export function k6Thresholds(thresholds: Readonly<Record<string, string>>, minIterations: number): K6Thresholds {
  const out: Record<string, string[]> = {};
  const unexpressed: string[] = [];
  const add = (metric: string, expression: string): void => {
    out[metric] = [...(out[metric] ?? []), expression];
  };
  for (const threshold of parseThresholds(thresholds)) {
    const mapping = k6ThresholdOf[threshold.metric as ThresholdMetric];
    if ('none' in mapping) {
      unexpressed.push(`${threshold.metric} ${threshold.condition}: ${mapping.none}`);
    } else {
      add(mapping.metric, `${mapping.aggregate}${threshold.operator}${threshold.value * (mapping.scale ?? 1)}`);
    }
  }
  if (!(completedMetric in thresholds)) {
    add('regatta_completed_iterations', `count>=${minIterations}`);
  }
  return { thresholds: out, unexpressed };
}
