import { describe, expect, it } from 'vitest';
import { medianRound } from './median-round.js';

describe('medianRound', () => {
  const round = (wallSeconds: number, note: string): { tool: string; passed: number; wallSeconds: number; note: string } => ({
    tool: 'official OCI conformance suite',
    passed: 597,
    wallSeconds,
    note,
  });

  it('keeps the median round by its figure and lists every round in the note', () => {
    expect(medianRound([round(12.5, 'a'), round(7.25, 'b'), round(8, 'c')], (row) => row.wallSeconds, 's', 2)).toEqual({
      ...round(8, ''),
      note: 'median of 3 rounds (12.50, 7.25, 8.00 s); c',
    });
    const rate = (value: number): { rate: number; note?: string } => ({ rate: value });
    expect(medianRound([rate(2400), rate(2250.55), rate(2600)], (row) => row.rate, 'MB/s', 1)).toEqual({ rate: 2400, note: 'median of 3 rounds (2400.0, 2250.6, 2600.0 MB/s)' });
  });

  it('returns one round as it is, and needs one', () => {
    expect(medianRound([round(3, 'only')], (row) => row.wallSeconds, 's', 2)).toEqual(round(3, 'only'));
    expect(() => medianRound([], (row: { note?: string }) => row.note?.length ?? 0, 's', 2)).toThrow('at least one round');
  });
});
