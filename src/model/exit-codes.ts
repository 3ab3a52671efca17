import type { RunResult } from './run-result.js';

/** Named exit codes (DESIGN.md). Documented in the README. */
export const ExitCode = {
  /** Every check passed (warnings allowed), every threshold held. */
  ok: 0,
  /** A check failed, a threshold was crossed, or a regression was found. */
  failed: 1,
  /** Invalid configuration or usage: the message names the setting to fix. */
  usage: 2,
  /** The harness itself errored (our bug, or the network): never blamed on the registry. */
  harnessError: 3,
  /** Interrupted by Ctrl-C or SIGTERM; partial results were written. */
  interrupted: 130,
} as const;

/** One of the exit codes above. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** How a command turns a run into an exit code where commands differ. */
export interface ExitPolicy {
  /**
   * Exit code when a target could not be run at all (unreachable, not a registry, credentials missing or refused):
   * a setting to fix (2) for a user's target; a harness error (3) for a target the harness started itself (the demo).
   */
  readonly targetNotRun: ExitCodeValue;
  /** Whether a failed check or a crossed threshold fails the command (the demo reports them as findings). */
  readonly failuresFail: boolean;
}

/** The policies of the commands that run the pipeline. */
export const exitPolicies = {
  conformance: { targetNotRun: ExitCode.usage, failuresFail: true },
  bench: { targetNotRun: ExitCode.usage, failuresFail: true },
  demo: { targetNotRun: ExitCode.harnessError, failuresFail: false },
  demoStrict: { targetNotRun: ExitCode.harnessError, failuresFail: true },
} as const satisfies Record<string, ExitPolicy>;

/** What the user asked of the gate, beyond the command's policy. */
export interface ExitOptions {
  /** Lowest check status that fails the run (`--fail-on`); a `known` deviation never does. @default 'failed' */
  readonly failOn?: 'failed' | 'warned';
}

/** True when at least one check or scenario of the run was actually run (not skipped, not disabled). */
export function anythingRan(run: RunResult): boolean {
  return leafStatuses(run).some((status) => status !== 'skipped' && status !== 'disabled');
}

/** Statuses of every check and every scenario of a run. */
function leafStatuses(run: RunResult): string[] {
  return run.targets.flatMap((target) => [
    ...target.suites.flatMap((suite) => suite.checks.map((check) => check.status)),
    ...target.scenarios.map((scenario) => scenario.status),
  ]);
}

/** One row of the exit-code table: the first row whose condition holds decides. */
interface ExitRule {
  readonly name: string;
  readonly code: (policy: ExitPolicy) => ExitCodeValue;
  readonly applies: (run: RunResult, policy: ExitPolicy, options: ExitOptions) => boolean;
}

/**
 * The exit-code table, worst first (like k6's errext codes): interrupted; a target not run; a check or scenario the
 * harness could not judge; a failed check or crossed threshold; else 0 (warnings allowed).
 */
const exitRules: readonly ExitRule[] = [
  { name: 'interrupted', code: () => ExitCode.interrupted, applies: (run) => run.interrupted },
  {
    name: 'target-not-run',
    code: (policy) => policy.targetNotRun,
    applies: (run) => run.targets.some((target) => target.status === 'errored' && target.error !== undefined),
  },
  // A gate must not pass by accident: a run in which every check was skipped or left out checked nothing.
  { name: 'nothing-ran', code: () => ExitCode.usage, applies: (run) => !anythingRan(run) },
  { name: 'errored', code: () => ExitCode.harnessError, applies: (run) => leafStatuses(run).includes('errored') },
  {
    name: 'failed',
    code: () => ExitCode.failed,
    applies: (run, policy, options) =>
      policy.failuresFail && (leafStatuses(run).includes('failed') || (options.failOn === 'warned' && leafStatuses(run).includes('warned'))),
  },
];

/** The exit code of a run under a command's policy and the user's `--fail-on` (see the table above). */
export function runExitCode(run: RunResult, policy: ExitPolicy, options: ExitOptions = {}): ExitCodeValue {
  const rule = exitRules.find((candidate) => candidate.applies(run, policy, options));
  return rule === undefined ? ExitCode.ok : rule.code(policy);
}
