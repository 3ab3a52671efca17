import { formatNumber } from '../model/format-number.js';
import type { Flow, Scenario } from './define-scenario.js';
import type { ExecutorConfig } from './executors/executor-config.js';
import { flowKindOf } from './flows/flow-kinds.js';

/** `30 s`, `1.5 s`, `250 ms`. */
function duration(ms: number): string {
  return ms >= 1000 ? `${formatNumber(ms / 1000, 1)} s` : `${ms} ms`;
}

/** `1 VU`, `8 VUs`. */
function vus(count: number): string {
  return `${count} VU${count === 1 ? '' : 's'}`;
}

/** How bodies are checked: `digest checked`, with `every body hashed` when no verified copies are kept. */
function describeChecking(scenario: Pick<Scenario, 'verify' | 'verifyCopyBytes'>): string {
  if (!scenario.verify) {
    return 'not verified';
  }
  return scenario.verifyCopyBytes === 0 ? 'digest checked, every body hashed' : 'digest checked';
}

/** What one iteration does, from the flow's settings (its kind's record says it). */
function describeFlow(flow: Flow, checking: string): string {
  return flowKindOf(flow).describe(flow, checking);
}

/** How hard and how long, from the executor's settings. */
function describeExecutor(executor: ExecutorConfig): string {
  switch (executor.type) {
    case 'constant-vus': {
      const bound = [
        ...(executor.durationMs === undefined ? [] : [`for ${duration(executor.durationMs)}`]),
        ...(executor.iterations === undefined ? [] : [`${executor.iterations} iterations`]),
      ];
      return `${vus(executor.vus)} ${bound.join(' or ')}`;
    }
    case 'constant-arrival-rate':
      return `${formatNumber(executor.rate)} iterations/s for ${duration(executor.durationMs)} (open model, up to ${vus(executor.maxVUs)})`;
    case 'ramping-vus': {
      const total = executor.stages.reduce((sum, stage) => sum + stage.durationMs, 0);
      const peak = Math.max(executor.startVUs, ...executor.stages.map((stage) => stage.target));
      return `${executor.startVUs} → ${executor.stages.map((stage) => stage.target).join(' → ')} VUs over ${duration(total)} (peak ${vus(peak)})`;
    }
  }
}

/**
 * One-line description of a scenario written from the settings it actually runs with (after `--vus`, `--size`,
 * `--duration`, `--rate`, `--no-verify`, `--verify-copies 0`), so a report never repeats a default the run did not use.
 * @example "Push unique 16 MiB blobs (streamed PATCH, digest checked), 4 VUs for 30 s"
 */
export function describeScenario(scenario: Scenario): string {
  return `${describeFlow(scenario.flow, describeChecking(scenario))}, ${describeExecutor(scenario.executor)}`;
}
