import { describe, expect, it } from 'vitest';
import { formatPairedComparisons, median, pairedRatios } from './paired-rounds.js';

describe('paired rounds', () => {
  it('divides round by round, by the best of the rows given for each round', () => {
    // Round 1 is slow for everyone: the medians alone (1332 vs 1426) would say 0.93, the rounds say otherwise.
    const at256 = [1322, 1495, 1332];
    const at8 = [1300, 1400, 1250];
    const at64 = [1426, 1476, 1317];
    expect(pairedRatios(at256, [at8, at64]).map((ratio) => ratio.toFixed(3))).toEqual(['0.927', '1.013', '1.011']);
    expect(pairedRatios([3000, 2000], [[2500, 2500]])).toEqual([1.2, 0.8]);
  });

  it('leaves out a round that either side is missing or that measured nothing', () => {
    expect(pairedRatios([10, 20, 30], [[5, 0]])).toEqual([2]);
    expect(pairedRatios([10, Number.NaN], [[5, 5]])).toEqual([2]);
    expect(pairedRatios([], [[5]])).toEqual([]);
  });

  it('takes the median of odd and even counts, NaN of none', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('prints one line per comparison with its rounds and median, and nothing when no comparison has a round', () => {
    const text = formatPairedComparisons([
      { label: 'manifest GET × 64, regatta / autocannon', ratios: [0.94, 1.02, 0.99] },
      { label: 'nothing measured', ratios: [] },
    ]);
    expect(text).toContain('- manifest GET × 64, regatta / autocannon: 0.94, 1.02, 0.99 by round; median **0.99**');
    expect(text).not.toContain('nothing measured');
    expect(formatPairedComparisons([{ label: 'x', ratios: [] }])).toBe('');
  });
});
