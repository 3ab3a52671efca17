import type { Clock } from './clock.js';
import type { ExecutorConfig } from './executors/executor-config.js';
import type { ExecutorOutcome } from './executors/executor-types.js';
import { runExecutor } from './executors/run-executor.js';
import type { PreparedFlow } from './flows/flow-types.js';
import { classifyError } from './http/load-failure.js';
import type { LoadTarget } from './http/load-target.js';
import { IterationBytes, type MetricsCollector } from './metrics/metrics-collector.js';
import type { OpContext } from './ops/op-context.js';
import { VerifiedCopies } from './ops/verified-copies.js';

/**
 * Where one thread's iterations sit in the whole run: its local iteration k is global iteration `k * stride + index`
 * and its VU v is global VU `vuOffset + v`, so numbers stay unique across threads (flows seed content by them).
 */
export interface IterationNumbering {
  readonly index: number;
  readonly stride: number;
  readonly vuOffset: number;
}

/** Options of {@link measureFlow}. */
export interface MeasureFlowOptions {
  readonly executor: ExecutorConfig;
  readonly flow: PreparedFlow;
  /** Its `metrics` must be `metrics` (the measured collector, not the setup's). */
  readonly http: LoadTarget;
  readonly metrics: MetricsCollector;
  readonly verify: boolean;
  /** Bytes of verified copies this thread keeps for pulled blobs (0: hash every pull); see {@link VerifiedCopies}. */
  readonly verifyCopyBytes?: number;
  readonly clock: Clock;
  readonly signal: AbortSignal;
  /** Default: the only thread (index 0, stride 1, offset 0). */
  readonly numbering?: IterationNumbering;
}

/**
 * The measured phase of one thread: the executor drives the flow, each iteration timed and its failure classified into
 * `metrics`; an iteration the stop cuts off is counted as interrupted, its bytes apart. Used as is for a single-thread run and by each load worker thread.
 */
export function measureFlow(options: MeasureFlowOptions): Promise<ExecutorOutcome> {
  const { clock, metrics, http, flow, verify } = options;
  const { index, stride, vuOffset } = options.numbering ?? { index: 0, stride: 1, vuOffset: 0 };
  const verifiedCopies = verify && (options.verifyCopyBytes ?? 0) > 0 ? new VerifiedCopies(options.verifyCopyBytes ?? 0) : undefined;
  return runExecutor(options.executor, {
    clock,
    signal: options.signal,
    onDropped: (count) => metrics.recordDropped(count),
    iterate: async (local) => {
      const iteration = { vu: vuOffset + local.vu, iteration: local.iteration * stride + index, signal: local.signal };
      const iterationBytes = new IterationBytes();
      // Built field by field rather than spread: this runs for every iteration, thousands a second in a storm.
      const ctx: OpContext =
        verifiedCopies === undefined
          ? { http, verify, signal: iteration.signal, iterationBytes }
          : { http, verify, verifiedCopies, signal: iteration.signal, iterationBytes };
      const started = clock.now();
      try {
        await flow.iterate(ctx, iteration);
        metrics.recordIteration(clock.now() - started, true);
      } catch (error) {
        // An iteration cut off by the stop (Ctrl-C or the end of the graceful stop) is not the registry's failure, nor
        // a finished iteration: it is counted as interrupted, and the bytes it moved are not throughput. Whatever the
        // error's class (an abort can surface as a reset socket or a cut body), the stop came first.
        if (iteration.signal.aborted) {
          metrics.recordInterrupted(iterationBytes);
          return;
        }
        metrics.recordErrorClass(classifyError(error));
        metrics.recordIteration(clock.now() - started, false);
      }
    },
  });
}
