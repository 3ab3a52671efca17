import { describe, expect, it } from 'vitest';
import { UsageError } from '../../errors/index.js';
import { parseDistributedFlags } from './bench-segments.js';

const now = Date.parse('2026-12-02T12:00:00Z');

describe('parseDistributedFlags', () => {
  it('reads --start-at for the run phase of a share', () => {
    expect(parseDistributedFlags({ segment: '2/4', startAt: '2026-12-02T12:00:30Z' }, 'run1', now)).toEqual({
      phase: 'run',
      segment: { index: 1, count: 4 },
      startAt: now + 30_000,
    });
  });

  it('refuses --start-at without a share or on set-up and teardown (exit 2 naming the flag)', () => {
    for (const flags of [{ startAt: '2026-12-02T12:00:30Z' }, { phase: 'setup', startAt: '2026-12-02T12:00:30Z' }, { phase: 'teardown', startAt: '2026-12-02T12:00:30Z' }]) {
      expect(() => parseDistributedFlags(flags, 'run1', now)).toThrow(UsageError);
      expect(() => parseDistributedFlags(flags, 'run1', now)).toThrow(/^--start-at applies to the run phase of a share/);
    }
    expect(() => parseDistributedFlags({ segment: '1/2', startAt: '12:00' }, 'run1', now)).toThrow(/^--start-at: "12:00" is not an ISO 8601 time/);
  });
});
