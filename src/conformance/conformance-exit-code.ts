import { ExitCode } from '../cli/exit-codes.js';
import type { RunResult } from '../model/index.js';

/**
 * Exit code of a conformance run (DESIGN.md): 130 interrupted; 2 a target could not be run (unreachable, not a
 * registry: a setting to fix); 3 a check errored (the harness); 1 a check failed; 0 otherwise (warnings allowed).
 */
export function conformanceExitCode(run: RunResult): number {
  if (run.interrupted) {
    return ExitCode.interrupted;
  }
  if (run.targets.some((target) => target.status === 'errored' && target.error !== undefined)) {
    return ExitCode.usage;
  }
  const statuses = run.targets.flatMap((target) => target.suites.flatMap((suite) => suite.checks.map((c) => c.status)));
  if (statuses.includes('errored')) {
    return ExitCode.harnessError;
  }
  if (statuses.includes('failed')) {
    return ExitCode.failed;
  }
  return ExitCode.ok;
}
