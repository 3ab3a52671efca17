import { apiIds, apiTitles, type ApiId } from '../../src/model/api.js';
import { worst, type Status, type TargetResult } from '../../src/model/index.js';

/** One target's checks of one API: how many passed of those judged, and the worst status among them. */
export interface ApiCell {
  /** Checks of this API that passed (or matched a known deviation). */
  readonly passed: number;
  /** Checks of this API that were judged: passed, known, warned, failed or errored (skipped and disabled are not). */
  readonly judged: number;
  /** Worst status among all of the API's checks for this target; `undefined` when it has none. */
  readonly worst: Status | undefined;
  /** Ids of the checks that failed or errored, for the reader to look up. */
  readonly failing: readonly string[];
}

/** One row of the per-API matrix. */
export interface ApiRow {
  readonly api: ApiId;
  /** The endpoint and its spec ids, e.g. `HEAD /v2/<name>/blobs/<digest> (end-2)`. */
  readonly title: string;
  /** One cell per target, in run order. */
  readonly cells: readonly ApiCell[];
}

const judgedStatuses: ReadonlySet<Status> = new Set(['passed', 'known', 'warned', 'failed', 'errored']);

/**
 * The per-API matrix: one row per API exercised by any target (in the spec's endpoint order), one cell per target.
 * A vendor reads which endpoint breaks the spec; an engineer choosing a registry reads which endpoints work.
 */
export function buildApiMatrix(targets: readonly TargetResult[]): ApiRow[] {
  const checksOf = (target: TargetResult, api: ApiId) =>
    target.suites.flatMap((suite) => suite.checks.filter((check) => check.api === api));
  return apiIds
    .filter((api) => targets.some((target) => checksOf(target, api).length > 0))
    .map((api) => ({
      api,
      title: apiTitles[api],
      cells: targets.map((target) => {
        const checks = checksOf(target, api);
        return {
          passed: checks.filter((check) => check.status === 'passed' || check.status === 'known').length,
          judged: checks.filter((check) => judgedStatuses.has(check.status)).length,
          worst: checks.length === 0 ? undefined : worst(checks.map((check) => check.status)),
          failing: checks.filter((check) => check.status === 'failed' || check.status === 'errored').map((check) => check.id),
        };
      }),
    }));
}

/** A cell as text: `12/14` (passed of judged), `–` when no check of that API was judged. */
export function apiCellText(cell: ApiCell): string {
  return cell.judged === 0 ? '–' : `${cell.passed}/${cell.judged}`;
}
