import type { CapabilityResult, CheckResult, SuiteResult } from '../model/index.js';
import { worst } from '../model/index.js';
import { disabledReason, isSelected, type CheckFilter } from './check-filter.js';
import type { CheckDefinition, SuiteDefinition } from './define-suite.js';
import { notRunResult, runCheck, type RunCheckInput } from './run-check.js';

/** Inputs shared by every check of a suite. */
export type RunSuiteInput = Omit<RunCheckInput, 'suite' | 'check'> & {
  readonly suite: SuiteDefinition;
  readonly filter: CheckFilter;
  /** Capability results, for skip reasons that say what the probe saw. */
  readonly capabilityResults: readonly CapabilityResult[];
  /** Called after each check, in order. */
  readonly onCheckEnd?: (check: CheckResult) => void;
};

/** Why a check must not run, or undefined when it may. Steps carry no skip logic: the runner decides (STYLE 9). */
function skipReason(input: RunSuiteInput, check: CheckDefinition, done: ReadonlyMap<string, CheckResult>): string | undefined {
  for (const capability of check.requires ?? []) {
    if (input.capabilities[capability] === 'unsupported') {
      const seen = input.capabilityResults.find((result) => result.id === capability)?.detail;
      return `requires capability ${capability}, which the registry does not support${seen === undefined ? '' : ` (${seen})`}`;
    }
  }
  for (const dependency of check.dependsOn ?? []) {
    const result = done.get(dependency);
    if (result === undefined || (result.status !== 'passed' && result.status !== 'warned')) {
      return `depends on ${input.suite.id}/${dependency}, which ${result === undefined ? 'did not run' : result.status}`;
    }
  }
  return undefined;
}

/**
 * Runs a suite's checks in order. Filtered-out checks are listed as *disabled*; after an interrupt the rest are
 * *skipped*; one bad check never stops the others. The suite status is the worst check status.
 */
export async function runSuite(input: RunSuiteInput): Promise<SuiteResult> {
  const started = performance.now();
  const done = new Map<string, CheckResult>();
  const checks: CheckResult[] = [];
  for (const check of input.suite.checks) {
    let result: CheckResult;
    if (!isSelected(input.filter, input.suite.id, check.id)) {
      result = notRunResult(input.suite, check, 'disabled', disabledReason(input.filter));
    } else if (input.runSignal.aborted) {
      result = notRunResult(input.suite, check, 'skipped', 'interrupted before this check ran');
    } else {
      const reason = skipReason(input, check, done);
      result =
        reason === undefined
          ? await runCheck({ ...input, suite: input.suite, check })
          : notRunResult(input.suite, check, 'skipped', reason);
    }
    done.set(check.id, result);
    checks.push(result);
    input.onCheckEnd?.(result);
  }
  return {
    id: input.suite.id,
    title: input.suite.title,
    status: worst(checks.map((check) => check.status)),
    durationMs: Math.max(0, performance.now() - started),
    checks,
  };
}
