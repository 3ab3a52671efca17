import type { AppliedProfile, CapabilityResult, CheckResult, SuiteResult, TargetResult } from '../model/index.js';
import { worst } from '../model/index.js';
import type { LoadedProfile } from './load-profile.js';
import { createKnownMatcher } from './match-known.js';

/** Id of the suite that holds one check per capability the profile requires. */
export const expectationsSuiteId = 'expectations';

/** Judges the checks of one target with an expectation profile. Pure: the same check always gets the same verdict. */
export interface ProfileJudge {
  /** The check as the profile sees it: `known` for a listed deviation, a note for an expired or now-passing one. */
  judgeCheck(check: CheckResult): CheckResult;
  /**
   * The target as the profile sees it: every check judged, a first suite `expectations` with one check per required
   * capability (failed when the probe found it absent), statuses recomputed, and the profile recorded.
   */
  judgeTarget(target: TargetResult): TargetResult;
}

/** Today as `YYYY-MM-DD` (UTC), the form `expires` is written in. */
export function isoDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** One check per required capability: passed when supported, failed when absent, errored when the probe could not tell. */
function requirementChecks(loaded: LoadedProfile, capabilities: readonly CapabilityResult[]): CheckResult[] {
  const name = loaded.profile.name;
  return loaded.profile.requires.map((id): CheckResult => {
    const found = capabilities.find((capability) => capability.id === id);
    const base = {
      id: `${expectationsSuiteId}/requires-${id}`,
      title: `Capability ${id} is offered (required by profile ${name})`,
      level: 'MUST' as const,
      spec: [],
      api: 'capability-probe' as const,
      durationMs: 0,
      transcript: [],
    };
    const seen = found?.detail === undefined ? '' : ` (${found.detail})`;
    if (found?.support === 'supported') {
      return { ...base, status: 'passed' };
    }
    if (found?.support === 'unsupported') {
      const message = `required capability ${id} is absent: profile ${name} requires it, and the probe found it unsupported${seen}`;
      return { ...base, status: 'failed', errors: [{ message, expected: `${id} supported`, actual: `unsupported${seen}` }] };
    }
    const message = `required capability ${id} could not be probed${seen}: profile ${name} requires it`;
    return { ...base, status: 'errored', errors: [{ message, code: 'OCI_PROBE_UNKNOWN' }] };
  });
}

/** Creates the judge of one profile; `today` (`YYYY-MM-DD`) decides which entries have expired. */
export function createProfileJudge(loaded: LoadedProfile, today: string): ProfileJudge {
  const matcher = createKnownMatcher(loaded.profile);
  const name = loaded.profile.name;

  const judgeCheck = (check: CheckResult): CheckResult => {
    const entry = matcher.entryFor(check.id);
    if (entry === undefined) {
      return check;
    }
    const notes = check.notes ?? [];
    if (check.status !== 'failed' && check.status !== 'warned') {
      return check;
    }
    if (today > entry.expires) {
      return {
        ...check,
        notes: [...notes, `known deviation expired on ${entry.expires}: counts again (entry ${entry.check} of ${name}: ${entry.reason})`],
      };
    }
    const { status, ...rest } = check;
    return {
      ...rest,
      status: 'known',
      known: { profile: name, entry: entry.check, reason: entry.reason, source: entry.source, expires: entry.expires, was: status },
    };
  };

  const judgeTarget = (target: TargetResult): TargetResult => {
    const expired: AppliedProfile['expired'] = [];
    // Per entry: the ids of its checks that passed, and whether any of its checks still deviates.
    const passedByEntry = new Map<string, string[]>();
    const deviating = new Set<string>();
    for (const check of target.suites.flatMap((suite) => suite.checks)) {
      const entry = matcher.entryFor(check.id);
      if (entry === undefined) {
        continue;
      }
      if (check.status === 'passed') {
        passedByEntry.set(entry.check, [...(passedByEntry.get(entry.check) ?? []), check.id]);
      } else if (check.status === 'failed' || check.status === 'warned') {
        deviating.add(entry.check);
      }
    }
    // An entry is obsolete only when every check it lists that ran passed: a glob whose other checks still deviate is not.
    const intermittent = new Set(loaded.profile.known.filter((entry) => entry.intermittent).map((entry) => entry.check));
    const obsolete = new Set([...passedByEntry.keys()].filter((entry) => !deviating.has(entry) && !intermittent.has(entry)));
    const nowPassing: AppliedProfile['nowPassing'] = [...obsolete].map((entry) => ({
      check: (passedByEntry.get(entry) ?? []).join(', '),
      entry,
    }));
    const judgeSuite = (suite: SuiteResult): SuiteResult => {
      const checks = suite.checks.map((check) => {
        const judged = judgeCheck(check);
        const entry = matcher.entryFor(check.id);
        if (entry !== undefined && judged.status !== 'known' && (check.status === 'failed' || check.status === 'warned')) {
          expired.push({ check: check.id, entry: entry.check, expires: entry.expires });
        }
        if (entry !== undefined && check.status === 'passed' && obsolete.has(entry.check)) {
          const note = `known deviation now passes: remove it from the profile (entry ${entry.check} of ${name})`;
          return { ...judged, notes: [...(judged.notes ?? []), note] };
        }
        return judged;
      });
      return { ...suite, checks, status: worst(checks.map((check) => check.status)) };
    };
    // Only a run that probed capabilities can judge requirements (bench does not probe; an unreachable target could not).
    const required = target.error === undefined && target.capabilities.length > 0 ? requirementChecks(loaded, target.capabilities) : [];
    const expectations: SuiteResult[] =
      required.length === 0
        ? []
        : [{ id: expectationsSuiteId, title: `Expectation profile ${name}`, durationMs: 0, checks: required, status: worst(required.map((c) => c.status)) }];
    const suites = [...expectations, ...target.suites.map(judgeSuite)];
    // An errored target (unreachable) keeps its status: the profile cannot make it pass.
    const status = target.error !== undefined ? target.status : worst([...suites.map((suite) => suite.status), ...target.scenarios.map((s) => s.status)]);
    return {
      ...target,
      status,
      suites,
      profile: { name, hash: loaded.hash, source: loaded.source, requires: [...loaded.profile.requires], nowPassing, expired },
    };
  };

  return { judgeCheck, judgeTarget };
}
