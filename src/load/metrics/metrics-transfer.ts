/**
 * A {@link MetricsCollector} as plain data, to move what a load worker thread measured to the main thread (structured
 * clone), and the merge that adds it into the main thread's collector. Histograms travel in the HdrHistogram
 * compressed encoding, so the merge is exact: counts add up and percentiles come from the combined distribution.
 */
import { decodeHistogram, encodeHistogram } from './latency-histogram.js';
import type { MetricsCollector } from './metrics-collector.js';
import type { OperationId } from './operation-recorder.js';

/** One operation kind's counters and encoded histograms. */
export interface OperationTransfer {
  readonly operation: OperationId;
  readonly count: number;
  readonly errors: number;
  readonly bytes: number;
  readonly latency: string;
  readonly ttfb: string;
  readonly throttled: number;
  readonly throttleWaitMs: number;
  readonly redirect: {
    readonly count: number;
    readonly registryHop: string;
    readonly storageHop: string;
    readonly storageBytes: number;
    readonly storageHosts: readonly string[];
    readonly httpVersions: readonly string[];
  };
}

/** Everything a collector holds. */
export interface MetricsTransfer {
  readonly iterations: number;
  readonly failedIterations: number;
  readonly droppedIterations: number;
  readonly interruptedIterations: number;
  readonly interruptedBytes: number;
  readonly requests: number;
  readonly non2xx: number;
  readonly timeouts: number;
  readonly bytes: number;
  readonly statusCodes: Readonly<Record<string, number>>;
  readonly errorClasses: Readonly<Record<string, number>>;
  readonly throttled: number;
  readonly throttleRetries: number;
  readonly throttleWaitMs: number;
  readonly warnings: Readonly<Record<string, number>>;
  readonly series: readonly { readonly t: number; readonly ops: number; readonly bytes: number; readonly errors: number }[];
  readonly iterationLatency: string;
  readonly operations: readonly OperationTransfer[];
  /** Blobs the thread pushed, for the bench's cleanup. */
  readonly writtenBlobs: readonly string[];
  readonly unrecordedBlobs: number;
}

/** The collector as plain data. */
export function exportMetrics(metrics: MetricsCollector): MetricsTransfer {
  return {
    iterations: metrics.iterations,
    failedIterations: metrics.failedIterations,
    droppedIterations: metrics.droppedIterations,
    interruptedIterations: metrics.interruptedIterations,
    interruptedBytes: metrics.interruptedBytes,
    requests: metrics.requests,
    non2xx: metrics.non2xx,
    timeouts: metrics.timeouts,
    bytes: metrics.bytes,
    statusCodes: { ...metrics.statusCodes },
    errorClasses: { ...metrics.errorClasses },
    throttled: metrics.throttled,
    throttleRetries: metrics.throttleRetries,
    throttleWaitMs: metrics.throttleWaitMs,
    warnings: { ...metrics.warnings },
    series: metrics.timeSeries(),
    iterationLatency: encodeHistogram(metrics.iterationLatency),
    writtenBlobs: [...metrics.writtenBlobs],
    unrecordedBlobs: metrics.unrecordedBlobs,
    operations: metrics.operations().map((recorder) => ({
      operation: recorder.operation,
      count: recorder.count,
      errors: recorder.errors,
      bytes: recorder.bytes,
      latency: encodeHistogram(recorder.latency),
      ttfb: encodeHistogram(recorder.ttfb),
      throttled: recorder.throttled,
      throttleWaitMs: recorder.throttleWaitMs,
      redirect: {
        count: recorder.redirect.count,
        registryHop: encodeHistogram(recorder.redirect.registryHop),
        storageHop: encodeHistogram(recorder.redirect.storageHop),
        storageBytes: recorder.redirect.storageBytes,
        storageHosts: [...recorder.redirect.storageHosts],
        httpVersions: [...recorder.redirect.httpVersions],
      },
    })),
  };
}

/** Adds `counts` into `into`, key by key. */
function addCounts(into: Record<string, number>, counts: Readonly<Record<string, number>>): void {
  for (const [key, value] of Object.entries(counts)) {
    into[key] = (into[key] ?? 0) + value;
  }
}

/** Adds what `transfer` holds into `metrics`. */
export function absorbMetrics(metrics: MetricsCollector, transfer: MetricsTransfer): void {
  metrics.iterations += transfer.iterations;
  metrics.failedIterations += transfer.failedIterations;
  metrics.droppedIterations += transfer.droppedIterations;
  metrics.interruptedIterations += transfer.interruptedIterations;
  metrics.interruptedBytes += transfer.interruptedBytes;
  metrics.requests += transfer.requests;
  metrics.non2xx += transfer.non2xx;
  metrics.timeouts += transfer.timeouts;
  metrics.bytes += transfer.bytes;
  addCounts(metrics.statusCodes, transfer.statusCodes);
  addCounts(metrics.errorClasses, transfer.errorClasses);
  metrics.throttled += transfer.throttled;
  metrics.throttleRetries += transfer.throttleRetries;
  metrics.throttleWaitMs += transfer.throttleWaitMs;
  for (const digest of transfer.writtenBlobs) {
    metrics.recordWrittenBlob(digest);
  }
  metrics.unrecordedBlobs += transfer.unrecordedBlobs;
  for (const [text, count] of Object.entries(transfer.warnings)) {
    metrics.addWarning(text, count);
  }
  for (const point of transfer.series) {
    metrics.addToSeries(point.t, point);
  }
  metrics.iterationLatency.add(decodeHistogram(transfer.iterationLatency));
  for (const operation of transfer.operations) {
    const recorder = metrics.operation(operation.operation);
    recorder.count += operation.count;
    recorder.errors += operation.errors;
    recorder.bytes += operation.bytes;
    recorder.latency.add(decodeHistogram(operation.latency));
    recorder.ttfb.add(decodeHistogram(operation.ttfb));
    recorder.throttled += operation.throttled;
    recorder.throttleWaitMs += operation.throttleWaitMs;
    recorder.redirect.count += operation.redirect.count;
    recorder.redirect.registryHop.add(decodeHistogram(operation.redirect.registryHop));
    recorder.redirect.storageHop.add(decodeHistogram(operation.redirect.storageHop));
    recorder.redirect.storageBytes += operation.redirect.storageBytes;
    operation.redirect.storageHosts.forEach((host) => recorder.redirect.storageHosts.add(host));
    operation.redirect.httpVersions.forEach((version) => recorder.redirect.httpVersions.add(version));
  }
}
