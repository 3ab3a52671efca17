import { setMaxListeners } from 'node:events';
import type { CapabilityResult, CheckResult, SuiteResult } from '../model/index.js';
import { worst } from '../model/index.js';
import { disabledReason, isSelected, type CheckFilter } from './check-filter.js';
import { capabilityUnknownError } from './capability-unknown.js';
import { checkSkipReason, type RequiredCapabilities } from './check-skip-reason.js';
import { harnessErrorOf } from './classify-outcome.js';
import type { CheckDefinition, SuiteDefinition } from './define-suite.js';
import type { Grading } from './grade-check.js';
import { checkBase, erroredBeforeRun, notRunResult, runCheck, type RunCheckInput } from './run-check.js';


/** Inputs shared by every check of a target's suites. */
export type RunSuitesInput = Omit<RunCheckInput, 'suite' | 'check'> & {
  /** Suites in declared order: the order checks start in, and the order of the results. */
  readonly suites: readonly SuiteDefinition[];
  readonly filter: CheckFilter;
  /** Capability results, for skip reasons that say what the probe saw. */
  readonly capabilityResults: readonly CapabilityResult[];
  /** Most checks in flight at once, a positive whole number; 1 runs them one after another. */
  readonly concurrency: number;
  /** Capabilities the target's expectation profile requires, for skip reasons that say the run fails for them. */
  readonly required?: RequiredCapabilities;
  /**
   * Called once per check in declared order, never in finishing order: as soon as the check and every check declared
   * before it have ended. Must not throw.
   */
  readonly onCheckEnd?: (suite: SuiteDefinition, check: CheckResult) => void;
};

/** One check of the run and where it stands. */
interface Entry {
  readonly suiteIndex: number;
  readonly suite: SuiteDefinition;
  readonly check: CheckDefinition;
  /** The checks of its own suite it depends on or runs after (declared before it): they end before it is decided. */
  readonly dependencies: readonly Entry[];
  state: 'pending' | 'running' | 'done';
  result?: CheckResult;
  startedMs: number;
  endedMs: number;
}

/** Lays the checks of every suite out in declared order, each knowing the entries it depends on. */
function entriesOf(suites: readonly SuiteDefinition[]): Entry[] {
  const entries: Entry[] = [];
  suites.forEach((suite, suiteIndex) => {
    const byId = new Map<string, Entry>();
    for (const check of suite.checks) {
      // An id that names no earlier check is not waited for: the skip reason then says it "did not run". A check waits
      // for its `runsAfter` the same way; only `dependsOn` makes a skip reason (checkSkipReason).
      const dependencies = [...(check.dependsOn ?? []), ...(check.runsAfter ?? [])].flatMap((id) => {
        const entry = byId.get(id);
        return entry === undefined ? [] : [entry];
      });
      const entry: Entry = { suiteIndex, suite, check, dependencies, state: 'pending', startedMs: 0, endedMs: 0 };
      byId.set(check.id, entry);
      entries.push(entry);
    }
  });
  return entries;
}

/** The result of a check whose run threw past runCheck, which should never happen: errored, not a lost check. */
function crashedResult(entry: Entry, thrown: unknown, grading: Grading | undefined): CheckResult {
  return { ...checkBase(entry.suite, entry.check, grading), status: 'errored', errors: [harnessErrorOf(thrown)], durationMs: 0, transcript: [] };
}

/**
 * Runs the checks of a target's suites with at most `concurrency` in flight, and gives the same verdicts as running
 * them one after another: checks start in declared order (a later check may start while an earlier one waits for
 * its `dependsOn`); a check is decided only after the checks it depends on or runs after have ended; a `serial`
 * check runs alone, after everything declared before it and before anything declared after it. Filtered-out checks are *disabled*;
 * after an interrupt nothing new starts and the rest are *skipped*, while the running checks get their grace. Results
 * and `onCheckEnd` calls are in declared order whatever the timing. With `concurrency` 1 this is the serial run.
 */
export async function runSuites(input: RunSuitesInput): Promise<SuiteResult[]> {
  // Every running check listens for the interrupt: past Node's default of 10 listeners it would print a leak warning.
  const runSignal = AbortSignal.any([input.runSignal]);
  setMaxListeners(input.concurrency + 10, runSignal);
  if (input.breaker !== undefined) {
    setMaxListeners(input.concurrency + 10, input.breaker.signal);
  }
  const entries = entriesOf(input.suites);
  const done = input.suites.map(() => new Map<string, CheckResult>());
  const inFlight = new Set<Promise<void>>();
  let serialRunning = false;
  let reported = 0;

  const finish = (entry: Entry, result: CheckResult, startedMs: number): void => {
    entry.state = 'done';
    entry.result = result;
    entry.startedMs = startedMs;
    entry.endedMs = performance.now();
    done[entry.suiteIndex]?.set(entry.check.id, result);
    // Report in declared order: a finished check waits for the ones before it, so output never depends on timing.
    for (let next = entries[reported]; next?.result !== undefined; next = entries[reported]) {
      const ended = next.result;
      reported += 1;
      try {
        input.onCheckEnd?.(next.suite, ended);
      } catch {
        // Reporters are observers: their bugs must not stop the run.
      }
    }
  };

  const decide = (entry: Entry, status: 'skipped' | 'disabled', reason: string): void => {
    finish(entry, notRunResult(entry.suite, entry.check, status, reason, input.grading), performance.now());
  };

  const start = (entry: Entry): void => {
    entry.state = 'running';
    const serial = entry.check.serial === true;
    serialRunning ||= serial;
    const startedMs = performance.now();
    const running = runCheck({ ...input, runSignal, suite: entry.suite, check: entry.check })
      .catch((thrown: unknown) => crashedResult(entry, thrown, input.grading))
      .then((result) => {
        if (serial) {
          serialRunning = false;
        }
        finish(entry, result, startedMs);
      });
    const tracked: Promise<void> = running.finally(() => {
      inFlight.delete(tracked);
    });
    inFlight.add(tracked);
  };

  /** Decides or starts every check that may go now, in declared order. */
  const pump = (): void => {
    for (const entry of entries) {
      if (inFlight.size >= input.concurrency || serialRunning) {
        return;
      }
      if (entry.state !== 'pending') {
        continue;
      }
      if (!isSelected(input.filter, entry.suite.id, entry.check.id)) {
        decide(entry, 'disabled', disabledReason(input.filter));
        continue;
      }
      if (runSignal.aborted) {
        decide(entry, 'skipped', 'interrupted before this check ran');
        continue;
      }
      if (input.breaker?.open === true) {
        // One reason for every check left: the target stopped answering, so nothing more is sent to it.
        const stalled = input.breaker.stalled();
        finish(entry, erroredBeforeRun(entry.suite, entry.check, { message: stalled.message, code: stalled.code }, input.grading), performance.now());
        continue;
      }
      if (entry.check.serial === true && inFlight.size > 0) {
        // Nothing declared after a serial check may start before it: stop here until the pool drains.
        return;
      }
      if (entry.dependencies.some((dependency) => dependency.state !== 'done')) {
        continue;
      }
      if (input.layout?.kind === 'fixed' && entry.check.needsOwnRepository !== undefined) {
        decide(entry, 'skipped', `not run in the fixed layout: ${entry.check.needsOwnRepository}`);
        continue;
      }
      const reason = checkSkipReason(
        {
          suite: entry.suite,
          capabilities: input.capabilities,
          capabilityResults: input.capabilityResults,
          done: done[entry.suiteIndex] ?? new Map<string, CheckResult>(),
          ...(input.grading === undefined ? {} : { grading: input.grading }),
          ...(input.required === undefined ? {} : { required: input.required }),
        },
        entry.check,
      );
      const unknown = reason === undefined ? capabilityUnknownError(input, entry.check) : undefined;
      if (reason !== undefined) {
        decide(entry, 'skipped', reason);
      } else if (unknown !== undefined) {
        finish(entry, erroredBeforeRun(entry.suite, entry.check, unknown, input.grading), performance.now());
      } else {
        start(entry);
      }
    }
  };

  pump();
  while (inFlight.size > 0) {
    await Promise.race(inFlight);
    pump();
  }
  for (const entry of entries) {
    // Unreachable when dependencies come before their dependents (defineSuite checks it); never lose a check anyway.
    if (entry.state === 'pending') {
      decide(entry, 'skipped', 'not scheduled: its dependencies never ended');
    }
  }
  return input.suites.map((suite, suiteIndex) => {
    const mine = entries.filter((entry) => entry.suiteIndex === suiteIndex);
    const checks = mine.flatMap((entry) => (entry.result === undefined ? [] : [entry.result]));
    const durationMs =
      mine.length === 0 ? 0 : Math.max(...mine.map((entry) => entry.endedMs)) - Math.min(...mine.map((entry) => entry.startedMs));
    return {
      id: suite.id,
      title: suite.title,
      status: worst(checks.map((check) => check.status)),
      durationMs: Math.max(0, durationMs),
      checks,
    };
  });
}
