import { describe, expect, it } from 'vitest';
import { describeBadDuration, parseDurationMs, parseSizeBytes } from './units.js';

describe('parseDurationMs', () => {
  it('reads ms, s, m and h', () => {
    expect(['250ms', '30s', '1.5s', '5m', '1h'].map(parseDurationMs)).toEqual([250, 30_000, 1500, 300_000, 3_600_000]);
  });
  it('rejects malformed text and a bare number (no unit: seconds or milliseconds would be a guess)', () => {
    expect(['', 'soon', '5 days', '-1s', '1d', '42'].map(parseDurationMs)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
    expect(describeBadDuration('5')).toBe('"5" has no unit; write 5s for seconds (units: ms, s, m, h)');
    expect(describeBadDuration('30s')).toBeUndefined();
  });
});

describe('parseSizeBytes', () => {
  it('reads binary and decimal units case-insensitively', () => {
    expect(['512', '64KiB', '16MiB', '1gib', '1GB', '2kb'].map(parseSizeBytes)).toEqual([
      512,
      65_536,
      16_777_216,
      1_073_741_824,
      1_000_000_000,
      2000,
    ]);
  });
  it('rejects unknown units and malformed text', () => {
    expect(['3 parsecs', 'MiB', '', '1.2.3MiB'].map(parseSizeBytes)).toEqual([undefined, undefined, undefined, undefined]);
  });
});
