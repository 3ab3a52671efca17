import { describe, expect, it } from 'vitest';
import { isValidRepositoryName } from '../oci/names.js';
import { createRunId, runNamespace } from './run-id.js';

describe('createRunId', () => {
  it('is 8 lowercase base-36 characters that make a valid repository component', () => {
    const ids = Array.from({ length: 50 }, () => createRunId());
    for (const id of ids) {
      expect(id).toMatch(/^[a-z0-9]{8}$/);
      expect(isValidRepositoryName(runNamespace('team/ci', id))).toBe(true);
    }
    expect(new Set(ids).size).toBeGreaterThan(45);
  });
});

describe('runNamespace', () => {
  it('puts the run under the prefix, trimming slashes, or at the top without one', () => {
    expect(runNamespace('team/ci/', 'abcd1234')).toBe('team/ci/regatta-abcd1234');
    expect(runNamespace('', 'abcd1234')).toBe('regatta-abcd1234');
  });
});
