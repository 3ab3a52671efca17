import { describe, expect, it } from 'vitest';
import { layerSizeSampler, seededRandom } from './layer-size-distribution.js';

describe('layer size distribution', () => {
  it('reproduces the configured median and 90th percentile (within sampling error)', () => {
    const sample = layerSizeSampler(4_000_000, 63_000_000, 1, Number.MAX_SAFE_INTEGER, seededRandom(42));
    const sizes = Array.from({ length: 20_000 }, sample).sort((a, b) => a - b);
    const median = sizes[Math.floor(sizes.length * 0.5)] ?? 0;
    const p90 = sizes[Math.floor(sizes.length * 0.9)] ?? 0;
    expect(median / 4_000_000).toBeGreaterThan(0.9);
    expect(median / 4_000_000).toBeLessThan(1.1);
    expect(p90 / 63_000_000).toBeGreaterThan(0.85);
    expect(p90 / 63_000_000).toBeLessThan(1.15);
  });

  it('scales, clamps and repeats for the same seed', () => {
    const a = layerSizeSampler(4_000_000, 63_000_000, 1 / 8, 8_000_000, seededRandom(7));
    const b = layerSizeSampler(4_000_000, 63_000_000, 1 / 8, 8_000_000, seededRandom(7));
    const first = Array.from({ length: 100 }, a);
    expect(Array.from({ length: 100 }, b)).toEqual(first);
    expect(Math.max(...first)).toBeLessThanOrEqual(8_000_000);
    expect(Math.min(...first)).toBeGreaterThanOrEqual(1024);
  });
});
