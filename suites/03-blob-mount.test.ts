import { describe, expect, it } from 'vitest';
import { runSuiteOnFake } from '../src/conformance/test-support/run-suite-on-fake.js';
import mount from './03-blob-mount.js';

describe('blob-mount suite', () => {
  it('passes every check on a conformant registry', async () => {
    const { checks } = await runSuiteOnFake(mount);
    const notPassed = [...checks.values()].filter((check) => check.status !== 'passed');
    expect(notPassed.map((check) => [check.id, check.status, 'errors' in check ? check.errors[0]?.message : check.reason])).toEqual([]);
    expect(checks.size).toBe(mount.checks.length);
  });
});
