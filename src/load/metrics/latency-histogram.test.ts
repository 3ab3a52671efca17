import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createLatencyHistogram,
  decodeHistogram,
  encodeHistogram,
  mergeHistograms,
  recordMillis,
  summarize,
} from './latency-histogram.js';

describe('latency histograms', () => {
  it('merging histograms equals the histogram of the union of their values, also after a base64 round trip', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.double({ min: 0.001, max: 120_000, noNaN: true }), { maxLength: 200 }), { minLength: 1, maxLength: 5 }),
        (parts) => {
          const union = createLatencyHistogram();
          const pieces = parts.map((values) => {
            const histogram = createLatencyHistogram();
            for (const value of values) {
              recordMillis(histogram, value);
              recordMillis(union, value);
            }
            return decodeHistogram(encodeHistogram(histogram));
          });
          const merged = mergeHistograms(pieces);
          expect(merged.totalCount).toBe(union.totalCount);
          // Same counts in the same buckets: every percentile and the mean agree. (`maxValue` is the raw recorded
          // value before a merge and the bucket's top after one, so it is compared through percentile 100.)
          for (const percentile of [0, 10, 25, 50, 75, 90, 99, 99.9, 100]) {
            expect(merged.getValueAtPercentile(percentile)).toBe(union.getValueAtPercentile(percentile));
          }
          expect(merged.mean).toBeCloseTo(union.mean, 6);
          expect(encodeHistogram(merged)).toBe(encodeHistogram(decodeHistogram(encodeHistogram(union))));
        },
      ),
      { numRuns: 50 },
    );
  });

  it('summarises in milliseconds with 3 significant digits', () => {
    const histogram = createLatencyHistogram();
    for (let ms = 1; ms <= 100; ms += 1) {
      recordMillis(histogram, ms);
    }
    const summary = summarize(histogram);
    expect(summary.p50).toBeCloseTo(50, 0);
    expect(summary.p95).toBeCloseTo(95, 0);
    expect(summary.p99).toBeCloseTo(99, 0);
    expect(summary.max).toBeCloseTo(100, 0);
    expect(summary.min).toBeCloseTo(1, 2);
  });

  it('gives zeros for an empty histogram', () => {
    expect(summarize(createLatencyHistogram())).toEqual({ min: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, max: 0, stddev: 0 });
  });
});
