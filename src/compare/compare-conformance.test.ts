import { describe, expect, it } from 'vitest';
import type { CapabilityResult, CheckResult, TargetResult } from '../model/index.js';
import { compareConformance } from './compare-conformance.js';

/** A check with the given status (and the variant's required fields). */
function check(id: string, status: CheckResult['status'], detail = 'why'): CheckResult {
  const base = { id, title: `title of ${id}`, level: 'MUST' as const, spec: [], api: 'ping' as const, durationMs: 1, transcript: [] };
  switch (status) {
    case 'passed':
      return { ...base, status };
    case 'skipped':
    case 'disabled':
      return { ...base, status, reason: detail };
    case 'known':
      return {
        ...base,
        status,
        errors: [{ message: detail }],
        known: { profile: 'p', entry: base.id, reason: detail, source: 'https://example.org/1', expires: '2027-01-01', was: 'failed' },
      };
    default:
      return { ...base, status, errors: [{ message: detail }] };
  }
}

function target(checks: CheckResult[], capabilities: CapabilityResult[] = []): TargetResult {
  return {
    name: 'registry',
    url: 'http://127.0.0.1:5000',
    status: 'passed',
    capabilities,
    suites: [{ id: 'suite', title: 'suite', status: 'passed', durationMs: 1, checks }],
    scenarios: [],
  };
}

const deleteSupported: CapabilityResult = { id: 'delete-manifest', title: 'Manifest delete', support: 'supported' };
const deleteGone: CapabilityResult = { id: 'delete-manifest', title: 'Manifest delete', support: 'unsupported', detail: 'DELETE -> 405' };

describe('compareConformance', () => {
  it('lists every kind of change and marks only the regressions', () => {
    const baseline = target(
      [
        check('a/newly-failed', 'passed'),
        check('a/fixed', 'failed'),
        check('a/newly-warned', 'passed'),
        check('a/delete', 'passed'),
        check('a/filtered', 'passed'),
        check('a/same', 'passed'),
        check('a/removed', 'passed'),
        check('a/errored', 'passed'),
      ],
      [deleteSupported],
    );
    const candidate = target(
      [
        check('a/newly-failed', 'failed', 'expected 404, got 200'),
        check('a/fixed', 'passed'),
        check('a/newly-warned', 'warned'),
        check('a/delete', 'skipped', 'requires capability delete-manifest, which the registry does not support (DELETE -> 405)'),
        check('a/filtered', 'skipped', 'not selected by --check'),
        check('a/same', 'passed'),
        check('a/added', 'passed'),
        check('a/errored', 'errored', 'socket hang up'),
      ],
      [deleteGone],
    );
    const changes = compareConformance(baseline, candidate, { failOn: 'failed' });
    const summary = changes.map((change) => `${change.kind} ${change.id} ${change.regression ? 'REGRESSION' : 'ok'}`);
    expect(summary).toEqual([
      'capability-lost delete-manifest ok',
      'newly-failed a/newly-failed REGRESSION',
      'fixed a/fixed ok',
      'newly-warned a/newly-warned ok',
      'newly-skipped a/delete REGRESSION',
      'newly-skipped a/filtered ok',
      'check-added a/added ok',
      'newly-errored a/errored REGRESSION',
      'check-removed a/removed ok',
    ]);
    expect(changes.find((change) => change.id === 'a/newly-failed')?.detail).toBe('expected 404, got 200');
  });

  it('counts a newly warned check as a regression with --fail-on warned', () => {
    const changes = compareConformance(target([check('a/w', 'passed')]), target([check('a/w', 'warned')]), { failOn: 'warned' });
    expect(changes).toMatchObject([{ kind: 'newly-warned', regression: true }]);
  });

  it('finds nothing when the runs agree', () => {
    const same = target([check('a/x', 'passed'), check('a/y', 'failed')], [deleteSupported]);
    expect(compareConformance(same, same, { failOn: 'warned' })).toEqual([]);
  });
});
