import { UsageError } from '../errors/index.js';
import type { SuiteDefinition } from './define-suite.js';

/** Prefix filters from `--suite` and `--check` (STYLE 6: full ids are slash paths matched by prefix). */
export interface CheckFilter {
  /** Suite id prefixes; empty or absent selects every suite. */
  readonly suites?: readonly string[];
  /** Full check id prefixes (`push/blob`, `pull/manifest-get`); empty or absent selects every check. */
  readonly checks?: readonly string[];
}

/** True when the check `suiteId/checkId` is selected by the filter. */
export function isSelected(filter: CheckFilter, suiteId: string, checkId: string): boolean {
  const fullId = `${suiteId}/${checkId}`;
  const suites = filter.suites ?? [];
  const checks = filter.checks ?? [];
  const suiteOk = suites.length === 0 || suites.some((prefix) => suiteId.startsWith(prefix));
  const checkOk = checks.length === 0 || checks.some((prefix) => fullId.startsWith(prefix));
  return suiteOk && checkOk;
}

/** Why a check was left out, for its `disabled` reason. */
export function disabledReason(filter: CheckFilter): string {
  const parts: string[] = [];
  if ((filter.suites ?? []).length > 0) {
    parts.push(`--suite ${(filter.suites ?? []).join(' ')}`);
  }
  if ((filter.checks ?? []).length > 0) {
    parts.push(`--check ${(filter.checks ?? []).join(' ')}`);
  }
  return `not selected by ${parts.join(' and ')}`;
}

/** True for the `disabled` reason {@link disabledReason} writes: the check was left out by `--suite`/`--check`. */
export function isNotSelectedReason(reason: string): boolean {
  return reason.startsWith('not selected by ');
}

/** Every full check id (`suite/check`) of the suites, in run order. */
export function allCheckIds(suites: readonly SuiteDefinition[]): string[] {
  return suites.flatMap((suite) => suite.checks.map((check) => `${suite.id}/${check.id}`));
}

/**
 * Refuses a filter that would run less than the user asked for: a suite prefix that names no suite, a check prefix
 * that names no check, or a combination that selects nothing. One UsageError (exit 2) listing the valid ids, so a
 * typo (`--suite pnig`) never turns into a run of 0 checks that exits 0.
 */
export function assertFilterSelects(filter: CheckFilter, suites: readonly SuiteDefinition[]): void {
  const suiteIds = suites.map((suite) => suite.id);
  const checkIds = allCheckIds(suites);
  const badSuites = (filter.suites ?? []).filter((prefix) => !suiteIds.some((id) => id.startsWith(prefix)));
  if (badSuites.length > 0) {
    throw new UsageError(`--suite ${badSuites.join(', ')}: no suite id starts with ${badSuites.length === 1 ? 'it' : 'them'}`, {
      hint: `suites: ${suiteIds.join(', ')}`,
    });
  }
  const badChecks = (filter.checks ?? []).filter((prefix) => !checkIds.some((id) => id.startsWith(prefix)));
  if (badChecks.length > 0) {
    throw new UsageError(`--check ${badChecks.join(', ')}: no check id starts with ${badChecks.length === 1 ? 'it' : 'them'}`, {
      hint: `check ids look like suite/check, e.g. ${checkIds.slice(0, 3).join(', ')}; regatta conformance --list prints them all`,
    });
  }
  const selected = suites.some((suite) => suite.checks.some((check) => isSelected(filter, suite.id, check.id)));
  if (!selected) {
    throw new UsageError(`${disabledReason(filter).replace('not selected by ', '')} together select no check`, {
      hint: 'regatta conformance --list with the same filters shows what they select',
    });
  }
}
