import { describe, expect, it } from 'vitest';
import { gradeCheck, levelOfKeyword, type GradedDefinition } from './grade-check.js';
import { checkSkipReason } from './check-skip-reason.js';
import type { CheckDefinition, SuiteDefinition } from './define-suite.js';
import { capabilityIds, type CapabilityMap } from './capabilities.js';

const digestOnPull: GradedDefinition = {
  level: 'SHOULD',
  statement: { section: 'pulling-manifests', keyword: 'SHOULD', says: 'the digest header SHOULD be returned' },
  versions: { main: { level: 'MUST', statement: { section: 'pulling-manifests', keyword: 'MUST', says: 'the digest header MUST be returned' } } },
};

describe('gradeCheck', () => {
  it('grades at the default spec version (1.1) and links the statement at that version', () => {
    expect(gradeCheck(digestOnPull)).toEqual({
      level: 'SHOULD',
      statement: {
        keyword: 'SHOULD',
        url: 'https://github.com/opencontainers/distribution-spec/blob/v1.1.1/spec.md#pulling-manifests',
        says: 'the digest header SHOULD be returned',
      },
    });
  });

  it('moves the level and the statement with the spec version', () => {
    const main = gradeCheck(digestOnPull, { specVersion: 'main', strict: false });
    expect(main.level).toBe('MUST');
    expect(main.statement).toEqual({
      keyword: 'MUST',
      url: 'https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-manifests',
      says: 'the digest header MUST be returned',
    });
    expect(gradeCheck(digestOnPull, { specVersion: '1.0', strict: false }).statement?.url).toBe(
      'https://github.com/opencontainers/distribution-spec/blob/v1.0.1/spec.md#pulling-manifests',
    );
  });

  it('marks a behaviour the version does not have as absent', () => {
    const referrers: GradedDefinition = { level: 'MUST', since: '1.1' };
    expect(gradeCheck(referrers, { specVersion: '1.0', strict: false }).absent).toBe(
      'not in distribution-spec 1.0: the behaviour was introduced in 1.1',
    );
    expect(gradeCheck(referrers, { specVersion: '1.1', strict: false }).absent).toBeUndefined();
    expect(gradeCheck(referrers, { specVersion: 'main', strict: false }).absent).toBeUndefined();
  });

  it("raises a check to MUST only under regatta's strict profile, and says why", () => {
    const implied: GradedDefinition = { level: 'SHOULD', strict: 'clients must not send it, so a registry that accepts it hides client bugs' };
    expect(gradeCheck(implied)).toEqual({ level: 'SHOULD' });
    expect(gradeCheck(implied, { specVersion: '1.1', strict: true })).toEqual({
      level: 'MUST',
      strict: 'clients must not send it, so a registry that accepts it hides client bugs',
    });
    // A check without a strict reason is not touched by the profile.
    expect(gradeCheck(digestOnPull, { specVersion: '1.1', strict: true })).not.toHaveProperty('strict');
  });

  it('maps keywords to the level they put on the registry', () => {
    expect(['MUST', 'MUST NOT', 'SHOULD', 'SHOULD NOT', 'MAY'].map((keyword) => levelOfKeyword(keyword as 'MUST'))).toEqual([
      'MUST',
      'MUST',
      'SHOULD',
      'SHOULD',
      'MAY',
    ]);
  });
});

describe('checkSkipReason and the spec version', () => {
  const check: CheckDefinition = { id: 'listed', title: 'Referrers are listed', level: 'MUST', since: '1.1', spec: ['end-12a'], api: 'referrers', run: async () => {} };
  const suite: SuiteDefinition = { id: 'referrers', title: 'Referrers', description: '', checks: [check] };
  const capabilities = Object.fromEntries(capabilityIds.map((id) => [id, 'supported'])) as CapabilityMap;
  const context = { suite, capabilities, capabilityResults: [], done: new Map() };

  it('skips a check the run spec version does not have, before anything else', () => {
    expect(checkSkipReason({ ...context, grading: { specVersion: '1.0', strict: false } }, check)).toBe(
      'not in distribution-spec 1.0: the behaviour was introduced in 1.1',
    );
    expect(checkSkipReason(context, check)).toBeUndefined();
  });
});

describe('a level that moves with the spec version changes the verdict of the same miss', () => {
  it('fails on main and warns on 1.1', async () => {
    const { classifyOutcome } = await import('./classify-outcome.js');
    const { ConformanceFailure } = await import('../errors/index.js');
    const miss = new ConformanceFailure('no Docker-Content-Digest', { expected: 'header', actual: 'none' });
    expect(classifyOutcome(gradeCheck(digestOnPull, { specVersion: 'main', strict: false }).level, miss, false).status).toBe('failed');
    expect(classifyOutcome(gradeCheck(digestOnPull, { specVersion: '1.1', strict: false }).level, miss, false).status).toBe('warned');
  });
});
