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
  /** 429 answers met by this operation's requests. */
  throttled = 0;
  /** Time its requests spent waiting out 429s, ms. */
  throttleWaitMs = 0;
  /** Redirected requests (blob GETs sent on to storage): the registry hop and the storage hop measured apart. */
  readonly redirect = {
    count: 0,
    registryHop: createLatencyHistogram(),
    storageHop: createLatencyHistogram(),
    storageBytes: 0,
    storageHosts: new Set<string>(),
    httpVersions: new Set<string>(),
  };

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

  /** One 429 met, and how long was waited before sending again (0 when it was not sent again). */
  recordThrottle(waitMs: number): void {
    this.throttled += 1;
    this.throttleWaitMs += waitMs;
  }

  /** Time waited after a 429 already counted, before the operation started over. */
  addThrottleWait(waitMs: number): void {
    this.throttleWaitMs += waitMs;
  }

  /** One redirected request: the registry's answer took `registryMs`, the storage host moved `storageBytes` in `storageMs`. */
  recordRedirect(hop: { registryMs: number; storageMs: number; storageBytes: number; storageHost: string; httpVersion: string }): void {
    this.redirect.count += 1;
    recordMillis(this.redirect.registryHop, hop.registryMs);
    recordMillis(this.redirect.storageHop, hop.storageMs);
    this.redirect.storageBytes += hop.storageBytes;
    this.redirect.storageHosts.add(hop.storageHost);
    this.redirect.httpVersions.add(hop.httpVersion);
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
      ...(this.throttled > 0 ? { throttled: this.throttled, throttleWaitMs: this.throttleWaitMs } : {}),
      ...(this.redirect.count > 0
        ? {
            redirect: {
              count: this.redirect.count,
              registryHopMs: summarize(this.redirect.registryHop),
              storageHopMs: summarize(this.redirect.storageHop),
              registryHopHistogram: encodeHistogram(this.redirect.registryHop),
              storageHopHistogram: encodeHistogram(this.redirect.storageHop),
              storageBytes: this.redirect.storageBytes,
              storageMbps: seconds > 0 ? this.redirect.storageBytes / 1e6 / seconds : 0,
              storageHosts: [...this.redirect.storageHosts].sort(),
              httpVersions: [...this.redirect.httpVersions].sort(),
            },
          }
        : {}),
    };
  }
}
