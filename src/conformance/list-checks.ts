import type { Level } from '../model/index.js';
import { isSelected, type CheckFilter } from './check-filter.js';
import type { SuiteDefinition } from './define-suite.js';
import { defaultGrading, gradeCheck, type Grading } from './grade-check.js';

/** One row of `regatta conformance --list`. */
export interface CheckListing {
  readonly id: string;
  /** Level at the listing's spec version and profile, `MUST (strict)` when regatta's strict profile raised it. */
  readonly level: Level | 'MUST (strict)';
  /** Keyword and section of the statement the check cites, e.g. `MUST pulling-manifests`; `-` when none. */
  readonly statement: string;
  readonly spec: readonly string[];
  readonly api: string;
  readonly requires: readonly string[];
}

/** True when `section` is `wanted` or a lettered part of it (`end-8` selects `end-8a` and `end-8b`). */
function specMatches(section: string, wanted: string): boolean {
  return section === wanted || (section.startsWith(wanted) && /^[a-z]$/.test(section.slice(wanted.length)));
}

/** The checks a filter selects, optionally only those enforcing one of `specSections`, in run order. */
export function listChecks(
  suites: readonly SuiteDefinition[],
  filter: CheckFilter,
  specSections: readonly string[] = [],
  grading: Grading = defaultGrading,
): CheckListing[] {
  return suites.flatMap((suite) =>
    suite.checks
      .filter((check) => isSelected(filter, suite.id, check.id))
      .filter((check) => specSections.length === 0 || check.spec.some((section) => specSections.some((wanted) => specMatches(section, wanted))))
      .filter((check) => gradeCheck(check, grading).absent === undefined)
      .map((check) => {
        const grade = gradeCheck(check, grading);
        const statement = grade.statement === undefined ? '-' : `${grade.statement.keyword} ${grade.statement.url.slice(grade.statement.url.indexOf('#') + 1)}`;
        return {
          id: `${suite.id}/${check.id}`,
          level: grade.strict === undefined ? grade.level : ('MUST (strict)' as const),
          statement,
          spec: check.spec,
          api: check.api,
          requires: check.requires ?? [],
        };
      }),
  );
}

/** The listing as aligned text: id, level, cited statement, spec sections, api, and the capabilities a check needs. */
export function formatCheckListing(rows: readonly CheckListing[]): string {
  const header = ['id', 'level', 'statement', 'spec', 'api', 'requires'];
  const cells = [header, ...rows.map((row) => [row.id, row.level, row.statement, row.spec.join(',') || '-', row.api, row.requires.join(',') || '-'])];
  const widths = header.map((_, column) => Math.max(...cells.map((line) => (line[column] ?? '').length)));
  const lines = cells.map((line) => line.map((cell, column) => (column === line.length - 1 ? cell : cell.padEnd(widths[column] ?? 0))).join('  '));
  return `${lines.join('\n')}\n${rows.length} checks\n`;
}
