/**
 * The completion rule of a scenario: it passes only when enough iterations finished successfully. A registry that
 * stops answering, or a body that never ends, leaves every iteration running until the stop, and latency and error
 * thresholds computed over zero finished iterations would hold: this rule is what makes such a run fail, and its
 * reason says why.
 */
import type { ScenarioResult } from '../../model/index.js';
import type { ExecutorConfig } from '../executors/executor-config.js';
import { peakConcurrency, plannedDurationMs } from '../executors/run-executor.js';

/** The threshold metric of finished, successful iterations (a count). */
export const completedMetric = 'iterations.completed';

/**
 * Default minimum of completed iterations: one per VU at the executor's peak, but never more than the executor can
 * start (an iteration budget, or rate × duration of an open model).
 */
export function defaultMinIterations(executor: ExecutorConfig): number {
  const peak = peakConcurrency(executor);
  switch (executor.type) {
    case 'constant-vus':
      return Math.min(peak, executor.iterations ?? peak);
    case 'constant-arrival-rate':
      return Math.min(peak, Math.max(1, Math.floor((executor.rate * plannedDurationMs(executor)) / 1000)));
    case 'ramping-vus':
      return peak;
  }
}

/** Finished iterations that succeeded. */
export function completedIterations(result: Pick<ScenarioResult, 'iterations' | 'errors'>): number {
  return result.iterations - result.errors;
}

/**
 * Why a scenario that missed its minimum failed, in one line: how many completed of how many required, how many
 * failed, and how many were still running at the end with the bytes they moved (not counted as throughput).
 */
export function completionShortfall(result: ScenarioResult, minIterations: number): string | undefined {
  const completed = completedIterations(result);
  if (completed >= minIterations) {
    return undefined;
  }
  const seconds = (result.durationMs / 1000).toFixed(1);
  const parts = [`${completed === 0 ? 'no' : completed} iteration${completed === 1 ? '' : 's'} completed in ${seconds} s (at least ${minIterations} required)`];
  if (result.errors > 0) {
    parts.push(`${result.errors} failed`);
  }
  const interrupted = result.interrupted;
  if (interrupted !== undefined && interrupted.iterations > 0) {
    parts.push(
      `${interrupted.iterations} still running at the end ${interrupted.iterations === 1 ? 'was' : 'were'} interrupted ` +
        `(the ${(interrupted.bytes / 1e6).toFixed(1)} MB they moved is not counted as throughput)`,
    );
  }
  if (completed === 0 && result.errors === 0) {
    parts.push('the registry stalled or never finished a response');
  }
  return parts.join('; ');
}
