import type { TargetResult } from '../../src/model/index.js';
import { officialSuiteLine } from '../common/official-suite-line.js';
import type { OfficialSuiteView } from './html-view.js';
import { STATUS_LABELS, statusClass } from './status-style.js';

/** Most failing official tests listed per target; the rest are counted (the suite's own report.html has them all). */
const MAX_FAILURES = 200;

/**
 * The official OCI conformance suite beside regatta, for the targets it was imported for: its one-line verdict per
 * target, a matrix of its API and content-set verdicts (rows in first-seen order, `not run` where a target lacks
 * one), and its failing tests with their messages.
 */
export function buildOfficialSuite(targets: readonly TargetResult[]): OfficialSuiteView {
  const imported = targets.flatMap((target) => (target.officialSuite === undefined ? [] : [{ name: target.name, official: target.officialSuite }]));
  const keys = new Map<string, { kind: string; name: string }>();
  for (const { official } of imported) {
    for (const area of official.areas) {
      keys.set(`${area.kind}/${area.name}`, { kind: area.kind, name: area.name });
    }
  }
  const rows = [...keys].map(([key, { kind, name }]) => ({
    kind,
    name,
    cells: imported.map(({ official }) => {
      const found = official.areas.find((area) => `${area.kind}/${area.name}` === key);
      return found === undefined
        ? { label: 'not run', cssClass: 'st-skipped' }
        : { label: STATUS_LABELS[found.status], cssClass: statusClass(found.status) };
    }),
  }));
  return {
    hasOfficial: imported.length > 0,
    targetNames: imported.map(({ name }) => name),
    rows,
    targets: imported.map(({ name, official }) => ({
      target: name,
      line: officialSuiteLine(official),
      statusClass: statusClass(official.status),
      failures: official.failures.slice(0, MAX_FAILURES).map((failure) => ({
        test: failure.test,
        statusLabel: STATUS_LABELS[failure.status],
        statusClass: statusClass(failure.status),
        message: failure.message,
      })),
      more: official.failures.length > MAX_FAILURES ? `… and ${official.failures.length - MAX_FAILURES} more in the suite's own report.html` : '',
    })),
  };
}
