import type { ScenarioResult } from '../../src/model/index.js';
import { formatBytes } from '../../src/model/format-number.js';

/**
 * `40 completed (min 8), 2 failed, 3 interrupted (12 MiB not counted)`: what became of a scenario's iterations. An
 * interrupted one was still running at the end; its bytes are named here because they are not in the throughput.
 */
export function iterationCountsText(scenario: ScenarioResult): string {
  const completed = scenario.iterations - scenario.errors;
  const parts = [`${completed} completed${scenario.minIterations === undefined ? '' : ` (min ${scenario.minIterations})`}`];
  if (scenario.errors > 0) {
    parts.push(`${scenario.errors} failed`);
  }
  const interrupted = scenario.interrupted;
  if (interrupted !== undefined && interrupted.iterations > 0) {
    parts.push(`${interrupted.iterations} interrupted (${formatBytes(interrupted.bytes)} not counted)`);
  }
  return parts.join(', ');
}
