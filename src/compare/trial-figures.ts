import type { OperationMetrics, ScenarioResult, TrialResult } from '../model/index.js';
import type { LoadMetricName, MetricDefinition } from './comparison.js';

/** The metrics compared for every scenario and operation, with the direction in which each is better. */
export const loadMetrics: readonly MetricDefinition[] = [
  { name: 'mbps', label: 'MB/s', unit: 'MB/s', better: 'higher', contrast: 'ratio' },
  { name: 'opsPerSec', label: 'ops/s', unit: '/s', better: 'higher', contrast: 'ratio' },
  { name: 'p50', label: 'p50', unit: 'ms', better: 'lower', contrast: 'ratio' },
  { name: 'p95', label: 'p95', unit: 'ms', better: 'lower', contrast: 'ratio' },
  { name: 'p99', label: 'p99', unit: 'ms', better: 'lower', contrast: 'ratio' },
  { name: 'errorRate', label: 'error rate', unit: '%', better: 'lower', contrast: 'difference' },
  { name: 'throttleRate', label: 'throttle rate', unit: '%', better: 'lower', contrast: 'difference' },
];

/**
 * The trials of a scenario: those `bench --trials` recorded, or the scenario itself as one trial (a result written
 * without trials still compares, but one trial is too few to judge).
 */
export function trialsOf(scenario: ScenarioResult): readonly TrialResult[] {
  if (scenario.trials !== undefined && scenario.trials.length > 0) {
    return scenario.trials;
  }
  return [
    {
      trial: 1,
      status: scenario.status,
      durationMs: scenario.durationMs,
      iterations: scenario.iterations,
      errors: scenario.errors,
      requests: scenario.requests.total,
      throttled: scenario.statusCodes['429'] ?? 0,
      bytes: scenario.throughput.bytes,
      opsPerSec: scenario.requests.perSec,
      mbps: scenario.throughput.mbps,
      latency: scenario.latency,
      operations: scenario.operations,
    },
  ];
}

/** Share in percent, 0 when nothing was counted. */
function percent(part: number, whole: number): number {
  return whole > 0 ? (100 * part) / whole : 0;
}

/** A metric of a whole trial; undefined when the trial does not measure it (no p95 recorded, nothing moved). */
export function scenarioFigure(trial: TrialResult, metric: LoadMetricName): number | undefined {
  switch (metric) {
    case 'mbps':
      return trial.mbps;
    case 'opsPerSec':
      return trial.opsPerSec;
    case 'p50':
    case 'p95':
    case 'p99':
      return trial.iterations > 0 ? trial.latency[metric] : undefined;
    case 'errorRate':
      return percent(trial.errors, trial.iterations);
    case 'throttleRate':
      return percent(trial.throttled, trial.requests);
  }
}

/** A metric of one operation in a trial; undefined when not measured. Throttling is counted per scenario only. */
export function operationFigure(operation: OperationMetrics, metric: LoadMetricName): number | undefined {
  switch (metric) {
    case 'mbps':
      return operation.mbps;
    case 'opsPerSec':
      return operation.opsPerSec;
    case 'p50':
    case 'p95':
    case 'p99':
      return operation.count > operation.errors ? operation.latencyMs[metric] : undefined;
    case 'errorRate':
      return percent(operation.errors, operation.count);
    case 'throttleRate':
      return undefined;
  }
}
