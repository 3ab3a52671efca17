import { describe, expect, it } from 'vitest';
import type { CheckResult } from './check-result.js';
import { exitPolicies, runExitCode } from './exit-codes.js';
import type { RunResult, TargetResult } from './run-result.js';
import type { ScenarioResult } from './scenario-result.js';

type Leaf = 'passed' | 'warned' | 'failed' | 'errored' | 'skipped' | 'known';

function check(status: Leaf): CheckResult {
  const base = { id: `s/${status}`, title: status, level: 'MUST' as const, spec: [], api: 'ping' as const, durationMs: 1, transcript: [] };
  if (status === 'passed') {
    return { ...base, status };
  }
  if (status === 'skipped') {
    return { ...base, status, reason: 'requires capability mount' };
  }
  if (status === 'known') {
    const known = { profile: 'p', entry: 's/*', reason: 'r', source: 'https://example.org/1', expires: '2027-01-01', was: 'failed' as const };
    return { ...base, status, errors: [{ message: 'x' }], known };
  }
  return { ...base, status, errors: [{ message: status }] };
}

function runWith(statuses: readonly Leaf[], extra: Partial<TargetResult> = {}, interrupted = false): RunResult {
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

function benchWith(status: ScenarioResult['status']): RunResult {
  return runWith([], { scenarios: [{ id: 'push-blobs', status } as unknown as ScenarioResult] });
}

describe('runExitCode', () => {
  it('maps conformance outcomes to the documented exit codes, worst first', () => {
    const policy = exitPolicies.conformance;
    expect(runExitCode(runWith(['passed', 'warned']), policy)).toBe(0);
    expect(runExitCode(runWith(['passed', 'failed']), policy)).toBe(1);
    expect(runExitCode(runWith(['failed', 'errored']), policy)).toBe(3);
    expect(runExitCode(runWith([], { status: 'errored', error: 'cannot reach http://127.0.0.1:1' }), policy)).toBe(2);
    expect(runExitCode(runWith(['errored'], {}, true), policy)).toBe(130);
  });

  it('never passes a run in which nothing ran: exit 2', () => {
    const policy = exitPolicies.conformance;
    expect(runExitCode(runWith([]), policy)).toBe(2);
    expect(runExitCode(runWith(['skipped', 'skipped']), policy)).toBe(2);
    expect(runExitCode(runWith(['skipped', 'passed']), policy)).toBe(0);
  });

  it('fails on warnings only with --fail-on warned; a known deviation never fails', () => {
    const policy = exitPolicies.conformance;
    expect(runExitCode(runWith(['passed', 'warned']), policy, { failOn: 'warned' })).toBe(1);
    expect(runExitCode(runWith(['passed', 'known']), policy, { failOn: 'warned' })).toBe(0);
    expect(runExitCode(runWith(['passed', 'known']), policy)).toBe(0);
  });

  it('judges scenarios like checks: a crossed threshold fails, an errored scenario is the harness, unreachable is 2', () => {
    const policy = exitPolicies.bench;
    expect(runExitCode(benchWith('passed'), policy)).toBe(0);
    expect(runExitCode(benchWith('failed'), policy)).toBe(1);
    expect(runExitCode(benchWith('errored'), policy)).toBe(3);
    expect(runExitCode(runWith([], { status: 'errored', error: 'cannot reach http://127.0.0.1:1' }), policy)).toBe(2);
  });

  it('reports failures as findings in the demo unless strict; a lab target that did not run is the harness', () => {
    expect(runExitCode(runWith(['failed']), exitPolicies.demo)).toBe(0);
    expect(runExitCode(runWith(['failed']), exitPolicies.demoStrict)).toBe(1);
    expect(runExitCode(runWith([], { status: 'errored', error: 'cannot reach' }), exitPolicies.demo)).toBe(3);
    expect(runExitCode(benchWith('errored'), exitPolicies.demo)).toBe(3);
  });
});
