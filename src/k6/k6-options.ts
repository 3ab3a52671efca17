/**
 * A regatta scenario's executor and thresholds in k6's `options` syntax. The executors map one to one (constant-vus,
 * or shared-iterations for a fixed count; constant-arrival-rate; ramping-vus); thresholds move to the k6 metric that
 * measures the same thing: iteration latency → `iteration_duration`, errors → the script's `regatta_errors` Rate and
 * `regatta_failed_iterations` Counter, throughput → its `regatta_bytes` Counter, requests → `http_reqs`, drops →
 * `dropped_iterations`.
 */
import type { ExecutorConfig } from '../load/executors/executor-config.js';
import { parseThresholds } from '../load/thresholds/evaluate-thresholds.js';

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

/** The k6 thresholds of regatta thresholds (`latency.p99: <250ms` → `iteration_duration: ['p(99)<250']`). */
export function k6Thresholds(thresholds: Readonly<Record<string, string>>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const add = (metric: string, expression: string): void => {
    out[metric] = [...(out[metric] ?? []), expression];
  };
  for (const threshold of parseThresholds(thresholds)) {
    const { operator, value } = threshold;
    switch (threshold.metric) {
      case 'latency.p50':
      case 'latency.p90':
      case 'latency.p95':
      case 'latency.p99':
        add('iteration_duration', `p(${threshold.metric.slice('latency.p'.length)})${operator}${value}`);
        break;
      case 'latency.max':
        add('iteration_duration', `max${operator}${value}`);
        break;
      case 'latency.mean':
        add('iteration_duration', `avg${operator}${value}`);
        break;
      case 'errors.rate':
        add('regatta_errors', `rate${operator}${value}`);
        break;
      case 'errors.count':
        add('regatta_failed_iterations', `count${operator}${value}`);
        break;
      case 'throughput.mbps':
        add('regatta_bytes', `rate${operator}${value * 1e6}`);
        break;
      case 'requests.rate':
        add('http_reqs', `rate${operator}${value}`);
        break;
      case 'iterations.dropped':
        add('dropped_iterations', `count${operator}${value}`);
        break;
    }
  }
  return out;
}
