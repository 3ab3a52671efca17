import type { Status, TargetResult } from '../../src/model/index.js';

/** Number of checks per status for one target. */
export type StatusCounts = Readonly<Record<Status, number>>;

/** Statuses in the order reports list them: most useful first. */
export const STATUS_ORDER: readonly Status[] = ['passed', 'known', 'warned', 'failed', 'errored', 'skipped', 'disabled'];

/** Counts the checks of every suite of a target by status. */
export function countChecks(target: TargetResult): StatusCounts {
  const counts: Record<Status, number> = { passed: 0, known: 0, warned: 0, failed: 0, errored: 0, skipped: 0, disabled: 0 };
  for (const suite of target.suites) {
    for (const check of suite.checks) {
      counts[check.status] += 1;
    }
  }
  return counts;
}

/** Total number of checks in a count. */
export function totalChecks(counts: StatusCounts): number {
  return STATUS_ORDER.reduce((sum, status) => sum + counts[status], 0);
}
