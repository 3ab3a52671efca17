import { describe, expect, it } from 'vitest';
import type { CheckResult, RunResult, TargetResult } from '../model/index.js';
import { conformanceExitCode } from './conformance-exit-code.js';

function check(status: 'passed' | 'warned' | 'failed' | 'errored'): CheckResult {
  const base = { id: `s/${status}`, title: status, level: 'MUST' as const, spec: [], api: 'ping', durationMs: 1, transcript: [] };
  return status === 'passed' ? { ...base, status } : { ...base, status, errors: [{ message: status }] };
}

function runWith(statuses: readonly ('passed' | 'warned' | 'failed' | 'errored')[], extra: Partial<TargetResult> = {}, interrupted = false): RunResult {
  const target: TargetResult = {
    name: 't',
    url: 'http://127.0.0.1:1',
    status: 'passed',
    capabilities: [],
    scenarios: [],
    suites: [{ id: 's', title: 's', status: 'passed', durationMs: 1, checks: statuses.map(check) }],
    ...extra,
  };
  return { targets: [target], interrupted } as unknown as RunResult;
}

describe('conformanceExitCode', () => {
  it('maps outcomes to the documented exit codes, worst first', () => {
    expect(conformanceExitCode(runWith(['passed', 'warned']))).toBe(0);
    expect(conformanceExitCode(runWith(['passed', 'failed']))).toBe(1);
    expect(conformanceExitCode(runWith(['failed', 'errored']))).toBe(3);
    expect(conformanceExitCode(runWith([], { status: 'errored', error: 'cannot reach http://127.0.0.1:1' }))).toBe(2);
    expect(conformanceExitCode(runWith(['errored'], {}, true))).toBe(130);
  });
});
