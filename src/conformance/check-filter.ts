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
