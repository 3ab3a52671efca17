import type { Clock } from '../clock.js';
import { createLatencyHistogram, recordMillis, type LatencyHistogram } from './latency-histogram.js';
import { OperationRecorder, type OperationId } from './operation-recorder.js';

/** Most distinct Warning texts kept per scenario. */
export const maxWarningTexts = 50;

/** One bucket of the per-second time series. */
interface SeriesBucket {
  ops: number;
  bytes: number;
  errors: number;
}

/**
 * The bytes one iteration moved, by second of the series: when the iteration is interrupted at the end, exactly these
 * come out of the throughput and are reported apart ({@link MetricsCollector.recordInterrupted}).
 */
export class IterationBytes {
  total = 0;
  /** The second of the series the iteration's first bytes fell in, and how many bytes fell there (-1: none yet). */
  private firstSecond = -1;
  private firstBytes = 0;
  /** Bytes of later seconds; most iterations are shorter than a second, and at thousands a second a map each costs. */
  private laterSeconds: Map<number, number> | undefined;

  /** Adds `count` bytes moved in second `second`. */
  add(second: number, count: number): void {
    this.total += count;
    if (this.firstSecond < 0 || this.firstSecond === second) {
      this.firstSecond = second;
      this.firstBytes += count;
      return;
    }
    this.laterSeconds ??= new Map();
    this.laterSeconds.set(second, (this.laterSeconds.get(second) ?? 0) + count);
  }

  /** The bytes by second of the series. */
  bySecond(): [second: number, bytes: number][] {
    const seconds: [number, number][] = this.firstSecond < 0 ? [] : [[this.firstSecond, this.firstBytes]];
    return [...seconds, ...(this.laterSeconds ?? [])];
  }
}

/** Running totals, read by the progress ticker. */
export interface MetricsSnapshot {
  /** Iterations finished. */
  readonly ops: number;
  /** HTTP requests sent. */
  readonly requests: number;
  readonly bytes: number;
  readonly errors: number;
}

/**
 * Everything one scenario run measures. Hot-path methods only bump counters and record into histograms; nothing here
 * allocates per byte. Bytes are counted as they flow (per chunk), so the time series shows a 2 GiB upload spreading
 * over its seconds rather than landing in the last one.
 */
/** Most blob digests one run keeps for its cleanup (71-byte strings: about 7 MiB at the bound). */
export const maxWrittenBlobs = 100_000;

export class MetricsCollector {
  private readonly clock: Clock;
  private readonly startedAt: number;
  private readonly recorders = new Map<OperationId, OperationRecorder>();
  private readonly series: SeriesBucket[] = [];
  /** Latency of whole iterations (one blob push, one image pull, …). */
  readonly iterationLatency: LatencyHistogram = createLatencyHistogram();
  iterations = 0;
  failedIterations = 0;
  droppedIterations = 0;
  /** Iterations still running when the scenario ended (stopped after the graceful stop, or by Ctrl-C). */
  interruptedIterations = 0;
  /** Bytes those interrupted iterations moved: not throughput, since no iteration they belong to finished. */
  interruptedBytes = 0;
  requests = 0;
  non2xx = 0;
  timeouts = 0;
  bytes = 0;
  readonly statusCodes: Record<string, number> = {};
  readonly errorClasses: Record<string, number> = {};
  /** 429s over every request (those of no operation too), how many were sent again, and the time waited. */
  throttled = 0;
  throttleRetries = 0;
  throttleWaitMs = 0;
  /** Distinct Warning header texts (at most {@link maxWarningTexts}) with their counts. */
  readonly warnings: Record<string, number> = {};

  constructor(clock: Clock) {
    this.clock = clock;
    this.startedAt = clock.now();
  }

  /** Milliseconds since the collector was created. */
  elapsedMs(): number {
    return this.clock.now() - this.startedAt;
  }

  /** The recorder of one operation kind, created on first use. */
  operation(id: OperationId): OperationRecorder {
    let recorder = this.recorders.get(id);
    if (recorder === undefined) {
      recorder = new OperationRecorder(id);
      this.recorders.set(id, recorder);
    }
    return recorder;
  }

  /** All recorders in first-use order. */
  operations(): OperationRecorder[] {
    return [...this.recorders.values()];
  }

  /** One HTTP response received (any status). */
  recordResponse(status: number): void {
    this.requests += 1;
    const key = String(status);
    this.statusCodes[key] = (this.statusCodes[key] ?? 0) + 1;
    if (status < 200 || status > 299) {
      this.non2xx += 1;
    }
  }

  /**
   * One 429 met by a request of `operation` (undefined: a request of no operation, such as set-up), and the time waited
   * before sending it again (undefined when it was not sent again).
   */
  recordThrottle(operation: OperationId | undefined, waitMs: number | undefined): void {
    this.throttled += 1;
    this.throttleRetries += waitMs === undefined ? 0 : 1;
    this.throttleWaitMs += waitMs ?? 0;
    if (operation !== undefined) {
      this.operation(operation).recordThrottle(waitMs ?? 0);
    }
  }

  /**
   * A wait after a 429 already counted (its body could not be sent again), before `operation` started over from its
   * first request: one more retry and its time, never a second 429.
   */
  recordThrottleRestart(operation: OperationId, waitMs: number): void {
    this.throttleRetries += 1;
    this.throttleWaitMs += waitMs;
    this.operation(operation).addThrottleWait(waitMs);
  }

  /** Counts a Warning text `count` times (a new text only while fewer than {@link maxWarningTexts} are kept). */
  addWarning(text: string, count = 1): void {
    if (this.warnings[text] !== undefined || Object.keys(this.warnings).length < maxWarningTexts) {
      this.warnings[text] = (this.warnings[text] ?? 0) + count;
    }
  }

  /** One request that got no usable response, by error class (`OCI_NETWORK`, `OCI_TIMEOUT`, …). */
  recordRequestFailure(errorClass: string): void {
    this.requests += 1;
    this.recordErrorClass(errorClass);
  }

  /** Counts an error class (a failed request, a digest mismatch, an unexpected status). */
  recordErrorClass(errorClass: string): void {
    this.errorClasses[errorClass] = (this.errorClasses[errorClass] ?? 0) + 1;
    if (errorClass === 'OCI_TIMEOUT') {
      this.timeouts += 1;
    }
  }

  /** Payload bytes moved in either direction, also tallied to the iteration that moved them when it is given. */
  recordBytes(count: number, iteration?: IterationBytes): void {
    this.bytes += count;
    const index = this.bucketIndex();
    this.bucketAt(index).bytes += count;
    iteration?.add(index, count);
  }

  /**
   * One iteration that was still running at the end: counted apart, and the bytes it moved leave the throughput and
   * the series (they were counted live so progress showed them) for {@link interruptedBytes}.
   */
  recordInterrupted(iteration: IterationBytes): void {
    this.interruptedIterations += 1;
    this.interruptedBytes += iteration.total;
    this.bytes -= iteration.total;
    for (const [second, count] of iteration.bySecond()) {
      this.bucketAt(second).bytes -= count;
    }
  }

  /** One finished iteration. */
  recordIteration(latencyMs: number, ok: boolean): void {
    this.iterations += 1;
    const bucket = this.bucket();
    bucket.ops += 1;
    if (ok) {
      recordMillis(this.iterationLatency, latencyMs);
    } else {
      this.failedIterations += 1;
      bucket.errors += 1;
    }
  }

  /** Iterations the open-model executor could not start in time. */
  recordDropped(count: number): void {
    this.droppedIterations += count;
  }

  /**
   * Digests of the blobs this run pushed (at most {@link maxWrittenBlobs}; beyond that only counted), so the bench can
   * delete them afterwards: a blob no manifest names cannot be listed through the distribution API.
   */
  readonly writtenBlobs = new Set<string>();
  /** Blobs pushed beyond the bound, whose digests were not kept (cleanup reports them as left behind). */
  unrecordedBlobs = 0;

  /** Notes a blob the run pushed (a 201 on its upload). */
  recordWrittenBlob(digest: string): void {
    if (this.writtenBlobs.size < maxWrittenBlobs || this.writtenBlobs.has(digest)) {
      this.writtenBlobs.add(digest);
    } else {
      this.unrecordedBlobs += 1;
    }
  }

  /** Totals so far. */
  snapshot(): MetricsSnapshot {
    return { ops: this.iterations, requests: this.requests, bytes: this.bytes, errors: this.failedIterations };
  }

  /** The per-second series, `t` = seconds since start, with empty seconds filled in. */
  timeSeries(): { t: number; ops: number; bytes: number; errors: number }[] {
    const points: { t: number; ops: number; bytes: number; errors: number }[] = [];
    for (let t = 0; t < this.series.length; t += 1) {
      const bucket = this.series[t] ?? { ops: 0, bytes: 0, errors: 0 };
      points.push({ t, ops: bucket.ops, bytes: bucket.bytes, errors: bucket.errors });
    }
    return points;
  }

  /** Adds another collector's second `t` (merging per-thread collectors; their clocks started together). */
  addToSeries(t: number, point: { readonly ops: number; readonly bytes: number; readonly errors: number }): void {
    while (this.series.length <= t) {
      this.series.push({ ops: 0, bytes: 0, errors: 0 });
    }
    const bucket = this.series[t] as SeriesBucket;
    bucket.ops += point.ops;
    bucket.bytes += point.bytes;
    bucket.errors += point.errors;
  }

  /** The bucket of the current second. */
  private bucket(): SeriesBucket {
    return this.bucketAt(this.bucketIndex());
  }

  /** The second of the series now. */
  private bucketIndex(): number {
    return Math.max(0, Math.floor(this.elapsedMs() / 1000));
  }

  /** The bucket of second `index`, created (with those before it) on first use. */
  private bucketAt(index: number): SeriesBucket {
    while (this.series.length <= index) {
      this.series.push({ ops: 0, bytes: 0, errors: 0 });
    }
    // The loop above guarantees the index exists.
    return this.series[index] as SeriesBucket;
  }
}
