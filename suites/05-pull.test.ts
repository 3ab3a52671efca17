import { describe, expect, it } from 'vitest';
import { runSuiteOnFake } from '../src/conformance/test-support/run-suite-on-fake.js';
import pull from './05-pull.js';

describe('pull suite', () => {
  it('passes every check on a conformant registry', async () => {
    const { checks } = await runSuiteOnFake(pull);
    const notPassed = [...checks.values()].filter((check) => check.status !== 'passed');
    expect(notPassed.map((check) => [check.id, check.status, 'errors' in check ? check.errors[0]?.message : check.reason])).toEqual([]);
    expect(checks.size).toBe(pull.checks.length);
  });
});
