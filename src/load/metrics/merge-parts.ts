import type { LatencySummary } from '../../model/index.js';
import { summarize, type LatencyHistogram } from './latency-histogram.js';

/**
 * Summary of a histogram merged from parts (the shares of a distributed run, the trials of a bench). HDR's merge
 * keeps every bucket count but moves each maximum to the top of its bucket (0.1 % at 3 digits); the parts' own
 * extremes are exact, so they are kept.
 */
export function mergedSummary(histogram: LatencyHistogram, parts: readonly (LatencySummary | undefined)[]): LatencySummary {
  const summary = summarize(histogram);
  const measured = parts.filter((part): part is LatencySummary => part !== undefined && part.max > 0);
  if (histogram.totalCount === 0 || measured.length === 0) {
    return summary;
  }
  return { ...summary, min: Math.min(...measured.map((part) => part.min)), max: Math.max(...measured.map((part) => part.max)) };
}

/** Adds count maps (status codes, error classes, warnings) key by key. */
export function sumCounts(maps: readonly Readonly<Record<string, number>>[]): Record<string, number> {
  const sum: Record<string, number> = {};
  for (const map of maps) {
    for (const [key, value] of Object.entries(map)) {
      sum[key] = (sum[key] ?? 0) + value;
    }
  }
  return sum;
}
