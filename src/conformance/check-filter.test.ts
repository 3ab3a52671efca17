import { describe, expect, it } from 'vitest';
import { disabledReason, isSelected } from './check-filter.js';

describe('isSelected', () => {
  it('selects everything without filters', () => {
    expect(isSelected({}, 'push', 'blob')).toBe(true);
  });

  it('matches suite ids and full check ids by prefix, both filters applying together', () => {
    expect(isSelected({ suites: ['pu'] }, 'push', 'blob')).toBe(true);
    expect(isSelected({ suites: ['pull'] }, 'push', 'blob')).toBe(false);
    expect(isSelected({ checks: ['push/bl'] }, 'push', 'blob')).toBe(true);
    expect(isSelected({ checks: ['push/bl'] }, 'push', 'manifest')).toBe(false);
    expect(isSelected({ suites: ['pull'], checks: ['push/bl'] }, 'push', 'blob')).toBe(false);
  });
});

describe('disabledReason', () => {
  it('names the filters that left a check out', () => {
    expect(disabledReason({ suites: ['a', 'b'], checks: ['c/d'] })).toBe('not selected by --suite a b and --check c/d');
  });
});
