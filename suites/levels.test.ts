/**
 * Levels that hold up in a dispute (issue 14 item 6), over every check of the suite registry: a check graded MUST at
 * any spec version names a statement whose keyword is MUST or MUST NOT at that version, the section it cites exists
 * in that version's text, and a strict reason is only given where the spec's own level is not already MUST.
 */
import { describe, expect, it } from 'vitest';
import { declaredAt, gradeCheck, levelOfKeyword } from '../src/conformance/grade-check.js';
import { isAtLeast, specVersions } from '../src/model/spec-version.js';
import { sectionSince } from '../src/oci/spec-document.js';
import { suites } from './index.js';

const checks = suites.flatMap((suite) => suite.checks.map((check) => ({ id: `${suite.id}/${check.id}`, check })));

describe('levels follow the spec', () => {
  it('every MUST check names a MUST or MUST NOT statement at every spec version it runs in', () => {
    const problems = checks.flatMap(({ id, check }) =>
      specVersions.flatMap((version) => {
        if (gradeCheck(check, { specVersion: version, strict: false }).absent !== undefined) {
          return [];
        }
        const declared = declaredAt(check, version);
        if (declared.level !== 'MUST') {
          return [];
        }
        if (declared.statement === undefined) {
          return [`${id} (${version}): MUST without a statement`];
        }
        return levelOfKeyword(declared.statement.keyword) === 'MUST' ? [] : [`${id} (${version}): MUST citing a ${declared.statement.keyword} statement`];
      }),
    );
    expect(problems).toEqual([]);
  });

  it('every cited section exists in the text of each spec version the check runs in', () => {
    const problems = checks.flatMap(({ id, check }) =>
      specVersions.flatMap((version) => {
        const statement = declaredAt(check, version).statement;
        if (statement === undefined || gradeCheck(check, { specVersion: version, strict: false }).absent !== undefined) {
          return [];
        }
        return isAtLeast(version, sectionSince(statement.section)) ? [] : [`${id} (${version}): cites ${statement.section}, added in ${sectionSince(statement.section)}`];
      }),
    );
    expect(problems).toEqual([]);
  });

  it("gives a strict reason only to checks the spec does not already grade MUST, and the strict profile grades them MUST", () => {
    const strictOnMust = checks.filter(({ check }) => check.strict !== undefined && check.level === 'MUST').map(({ id }) => id);
    expect(strictOnMust).toEqual([]);
    for (const { check } of checks.filter((entry) => entry.check.strict !== undefined)) {
      expect(gradeCheck(check, { specVersion: '1.1', strict: true }).level).toBe('MUST');
    }
  });
});
