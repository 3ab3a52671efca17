import type { OperationMetrics } from '../../model/index.js';
import { createLatencyHistogram, encodeHistogram, recordMillis, summarize, type LatencyHistogram } from './latency-histogram.js';

/** Operation ids a scenario reports; the model keeps them as strings so other engines may add theirs. */
export type OperationId =
  | 'blob-push'
  | 'blob-pull'
  | 'manifest-put'
  | 'manifest-get'
  | 'manifest-head'
  | 'token-fetch'
  | 'image-push'
  | 'image-pull';

/** Counts, bytes and latency/TTFB histograms of one operation kind. */
export class OperationRecorder {
  readonly operation: OperationId;
  readonly latency: LatencyHistogram = createLatencyHistogram();
  readonly ttfb: LatencyHistogram = createLatencyHistogram();
  count = 0;
  errors = 0;
  bytes = 0;

  constructor(operation: OperationId) {
    this.operation = operation;
  }

  /** One successful operation. Failed ones go to {@link recordError} and stay out of the latency histogram. */
  recordSuccess(latencyMs: number, bytes: number, ttfbMs?: number): void {
    this.count += 1;
    this.bytes += bytes;
    recordMillis(this.latency, latencyMs);
    if (ttfbMs !== undefined) {
      recordMillis(this.ttfb, ttfbMs);
    }
  }

  /** One failed operation; bytes moved before the failure still count as traffic. */
  recordError(bytes = 0): void {
    this.count += 1;
    this.errors += 1;
    this.bytes += bytes;
  }

  /** The model's view over a run of `durationMs`. */
  toMetrics(durationMs: number): OperationMetrics {
    const seconds = durationMs / 1000;
    return {
      operation: this.operation,
      count: this.count,
      errors: this.errors,
      bytes: this.bytes,
      opsPerSec: seconds > 0 ? this.count / seconds : 0,
      mbps: seconds > 0 ? this.bytes / 1e6 / seconds : 0,
      latencyMs: summarize(this.latency),
      ...(this.ttfb.totalCount > 0 ? { ttfbMs: summarize(this.ttfb) } : {}),
      latencyHistogram: encodeHistogram(this.latency),
      ...(this.ttfb.totalCount > 0 ? { ttfbHistogram: encodeHistogram(this.ttfb) } : {}),
    };
  }
}
