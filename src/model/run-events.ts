import type { CheckResult } from './check-result.js';
import type { RunResult, TargetResult } from './run-result.js';
import type { ScenarioResult } from './scenario-result.js';

/** Live progress of a scenario, emitted about once a second. */
export interface ScenarioTick {
  readonly target: string;
  readonly scenario: string;
  readonly elapsedMs: number;
  readonly totalMs: number;
  readonly ops: number;
  readonly bytes: number;
  readonly errors: number;
  /** Rates over the last interval: iterations per second, HTTP requests per second (req/s) and MB/s. */
  readonly opsPerSec: number;
  readonly requestsPerSec: number;
  readonly mbps: number;
}

/**
 * Hooks a reporter may implement; all optional (STYLE 16). Runners call them as things happen; a reporter that throws
 * never breaks the run.
 */
export interface RunEvents {
  onRunStart?(info: { readonly runId: string; readonly kind: string; readonly targets: readonly string[] }): void;
  onTargetStart?(target: { readonly name: string; readonly url: string }): void;
  onCheckEnd?(target: string, suiteId: string, check: CheckResult): void;
  onScenarioTick?(tick: ScenarioTick): void;
  onScenarioEnd?(target: string, scenario: ScenarioResult): void;
  onTargetEnd?(target: TargetResult): void;
  onRunEnd?(run: RunResult): void;
}
