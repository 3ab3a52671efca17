import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ExecutorOutcome } from '../executors/executor-types.js';
import type { MetricsCollector, MetricsSnapshot } from '../metrics/metrics-collector.js';
import { absorbMetrics, type MetricsTransfer } from '../metrics/metrics-transfer.js';
import type { FromWorker, LoadWorkerInput, ToWorker } from './worker-protocol.js';

/** Longest wait for a worker to load its modules and say `ready`. */
const readyTimeoutMs = 30_000;
/** Longest wait, after an abort, for workers to report what they measured before they are terminated. */
const abortTimeoutMs = 15_000;
/** Extra time beyond the planned run and graceful stop before a silent worker is terminated. */
const overrunMs = 30_000;

/**
 * The compiled worker entry next to this module, or undefined when there is none (running from TypeScript sources,
 * e.g. under vitest): the caller then measures in its own thread.
 */
export function defaultWorkerFile(): URL | undefined {
  const url = new URL('./load-worker.js', import.meta.url);
  return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : undefined;
}

/** Options of {@link runInWorkers}. */
export interface RunInWorkersOptions {
  readonly workerFile: URL | string;
  /** One input per worker thread. */
  readonly inputs: readonly LoadWorkerInput[];
  /** The caller's abort (Ctrl-C): every worker stops and reports what it measured. */
  readonly signal: AbortSignal;
  /** Where every worker's measurements are merged. */
  readonly metrics: MetricsCollector;
  /** Planned run length plus graceful stop: past it (plus a margin) a silent worker is terminated. */
  readonly boundMs: number;
  /**
   * Awaited once all workers are ready, before they are told to start: a synchronised start (`bench --start-at`)
   * waits here, so the threads' module loading happens before the agreed instant, not after it.
   */
  readonly beforeStart?: () => Promise<unknown>;
  /** Called once all workers are ready, right before they are told to start (the measured clock starts here). */
  readonly onStart?: () => void;
}

/** What {@link runInWorkers} returns. */
export interface WorkersOutcome {
  /** Iterations and drops summed, duration the longest of the workers'. */
  readonly outcome: ExecutorOutcome;
  /** One line per worker that failed or never reported (its measurements are missing). */
  readonly failures: readonly string[];
}

/** One worker and what it said. */
interface WorkerSlot {
  /** Undefined when the thread could not be created. */
  readonly worker: Worker | undefined;
  readonly ready: Promise<boolean>;
  readonly finished: Promise<void>;
  progress: MetricsSnapshot;
  result?: { outcome: ExecutorOutcome; metrics: MetricsTransfer };
  failure?: string;
}

/** Resolves after `ms` (unref'd timer) or when `signal` aborts. */
function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

/** Starts one worker thread and wires its messages into a slot; a worker that cannot even be created is a failed slot. */
function spawn(workerFile: URL | string, input: LoadWorkerInput): WorkerSlot {
  let worker: Worker;
  try {
    worker = new Worker(workerFile, { workerData: input });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      worker: undefined,
      ready: Promise.resolve(false),
      finished: Promise.resolve(),
      progress: { ops: 0, requests: 0, bytes: 0, errors: 0 },
      failure: `load worker ${input.index} could not start: ${message}`,
    };
  }
  let onReady: (ready: boolean) => void = () => undefined;
  let onFinished: () => void = () => undefined;
  const slot: WorkerSlot = {
    worker,
    ready: new Promise<boolean>((resolve) => {
      onReady = resolve;
    }),
    finished: new Promise<void>((resolve) => {
      onFinished = resolve;
    }),
    progress: { ops: 0, requests: 0, bytes: 0, errors: 0 },
  };
  const fail = (message: string): void => {
    slot.failure ??= message;
    onReady(false);
    onFinished();
  };
  worker.on('message', (message: FromWorker) => {
    switch (message.type) {
      case 'ready':
        onReady(true);
        break;
      case 'progress':
        slot.progress = { ops: message.ops, requests: message.requests, bytes: message.bytes, errors: message.errors };
        break;
      case 'done':
        slot.result = { outcome: message.outcome, metrics: message.metrics };
        slot.progress = {
          ops: message.metrics.iterations,
          requests: message.metrics.requests,
          bytes: message.metrics.bytes,
          errors: message.metrics.failedIterations,
        };
        onFinished();
        break;
      case 'failed':
        fail(`load worker ${input.index} failed: ${message.message}`);
        break;
    }
  });
  worker.on('error', (error) => fail(`load worker ${input.index} crashed: ${error.message}`));
  worker.on('exit', (code) => {
    if (slot.result === undefined) {
      fail(`load worker ${input.index} exited (code ${code}) without reporting`);
    }
  });
  return slot;
}

/** Handle of a running multi-thread measurement. */
export interface WorkersRun {
  /** Running totals of all workers (for progress ticks). */
  snapshot(): MetricsSnapshot;
  readonly done: Promise<WorkersOutcome>;
}

/**
 * Runs each input's share in its own worker thread: all start together once all are ready, an abort is passed on to
 * every worker, and every wait is bounded (a worker that stays silent is terminated and reported as a failure). The
 * workers' measurements are merged into `metrics`; all workers are terminated before `done` resolves.
 */
export function runInWorkers(options: RunInWorkersOptions): WorkersRun {
  const slots = options.inputs.map((input) => spawn(options.workerFile, input));
  const send = (message: ToWorker): void => {
    for (const slot of slots) {
      if (slot.result === undefined && slot.failure === undefined) {
        slot.worker?.postMessage(message);
      }
    }
  };
  const done = (async (): Promise<WorkersOutcome> => {
    const onAbort = (): void => send({ type: 'abort' });
    try {
      const readyWait = new AbortController();
      const allReady = Promise.all(slots.map((slot) => slot.ready));
      await Promise.race([allReady, delay(readyTimeoutMs, readyWait.signal)]);
      readyWait.abort();
      await options.beforeStart?.();
      options.onStart?.();
      options.signal.addEventListener('abort', onAbort, { once: true });
      send(options.signal.aborted ? { type: 'abort' } : { type: 'start' });
      const allFinished = Promise.all(slots.map((slot) => slot.finished));
      const bound = new AbortController();
      // The run is bounded by its plan; after an abort, by a short wait for the partial results.
      let onAbortWait: () => void = () => undefined;
      const aborted = new Promise<void>((resolve) => {
        onAbortWait = resolve;
      });
      if (options.signal.aborted) {
        onAbortWait();
      }
      options.signal.addEventListener('abort', onAbortWait, { once: true });
      try {
        await Promise.race([
          allFinished,
          delay(options.boundMs + overrunMs, bound.signal),
          aborted.then(() => Promise.race([allFinished, delay(abortTimeoutMs, bound.signal)])),
        ]);
      } finally {
        bound.abort();
        // The caller's signal outlives this scenario (a bench runs many): leave no listener on it.
        options.signal.removeEventListener('abort', onAbortWait);
      }
    } finally {
      options.signal.removeEventListener('abort', onAbort);
      await Promise.all(slots.map((slot) => (slot.worker === undefined ? Promise.resolve() : slot.worker.terminate().catch(() => undefined))));
    }
    const failures: string[] = [];
    let iterations = 0;
    let dropped = 0;
    let durationMs = 0;
    let aborted = options.signal.aborted;
    slots.forEach((slot, index) => {
      if (slot.result === undefined) {
        failures.push(slot.failure ?? `load worker ${index} did not report in time and was stopped`);
        return;
      }
      absorbMetrics(options.metrics, slot.result.metrics);
      iterations += slot.result.outcome.iterations;
      dropped += slot.result.outcome.dropped;
      durationMs = Math.max(durationMs, slot.result.outcome.durationMs);
      aborted ||= slot.result.outcome.aborted;
    });
    return { outcome: { iterations, dropped, durationMs, aborted }, failures };
  })();
  return {
    snapshot: () =>
      slots.reduce(
        (sum, slot) => ({
          ops: sum.ops + slot.progress.ops,
          requests: sum.requests + slot.progress.requests,
          bytes: sum.bytes + slot.progress.bytes,
          errors: sum.errors + slot.progress.errors,
        }),
        { ops: 0, requests: 0, bytes: 0, errors: 0 },
      ),
    done,
  };
}
