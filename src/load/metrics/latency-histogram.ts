/**
 * HDR histograms of latencies in microseconds (hdr-histogram-js). One place decides the precision and range so that
 * histograms from any run, engine or machine can be merged: 3 significant digits, 1 µs to 1 hour.
 */
import * as hdr from 'hdr-histogram-js';
import type { LatencySummary } from '../../model/index.js';

/** A latency histogram (values in µs). */
export type LatencyHistogram = hdr.Histogram;

/** Largest trackable value: one hour in µs. Longer values are clamped (a request never legitimately takes that). */
const highestMicros = 3_600_000_000;

/** An empty latency histogram with the shared precision. */
export function createLatencyHistogram(): LatencyHistogram {
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: highestMicros,
    numberOfSignificantValueDigits: 3,
    bitBucketSize: 32,
    useWebAssembly: false,
  });
}

/** Records a duration given in milliseconds (fractional), rounded to µs and clamped to the trackable range. */
export function recordMillis(histogram: LatencyHistogram, ms: number): void {
  const micros = Math.min(highestMicros, Math.max(1, Math.round(ms * 1000)));
  histogram.recordValue(micros);
}

/** The histogram as base64 of its compressed encoding (the HdrHistogram interchange format). */
export function encodeHistogram(histogram: LatencyHistogram): string {
  return hdr.encodeIntoCompressedBase64(histogram);
}

/** Decodes {@link encodeHistogram} output. */
export function decodeHistogram(encoded: string): LatencyHistogram {
  return hdr.decodeFromCompressedBase64(encoded, 32, false);
}

/** A new histogram holding the values of all inputs (inputs are not changed). */
export function mergeHistograms(histograms: readonly LatencyHistogram[]): LatencyHistogram {
  const merged = createLatencyHistogram();
  for (const histogram of histograms) {
    merged.add(histogram);
  }
  return merged;
}

/** Summary in milliseconds; all zeros for an empty histogram. */
export function summarize(histogram: LatencyHistogram): LatencySummary {
  if (histogram.totalCount === 0) {
    return { min: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, max: 0, stddev: 0 };
  }
  const ms = (micros: number): number => micros / 1000;
  return {
    min: ms(histogram.minNonZeroValue),
    mean: ms(histogram.mean),
    p50: ms(histogram.getValueAtPercentile(50)),
    p90: ms(histogram.getValueAtPercentile(90)),
    p95: ms(histogram.getValueAtPercentile(95)),
    p99: ms(histogram.getValueAtPercentile(99)),
    max: ms(histogram.maxValue),
    stddev: ms(histogram.stdDeviation),
  };
}
