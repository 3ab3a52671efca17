import { setMaxListeners } from 'node:events';
import type { Clock } from '../clock.js';
import type { ExecutorRunOptions, IterationContext } from './executor-types.js';

/**
 * Shared bookkeeping of all executors: iteration numbering, in-flight tracking, and the stop signal handed to
 * iterations. `finish()` waits for in-flight iterations up to `gracefulStopMs`, then aborts them and waits for them to
 * settle (flows honour the signal, so that wait is short).
 */
export class IterationGate {
  private readonly options: ExecutorRunOptions;
  private readonly stop = new AbortController();
  /** Iterations running now, and who waits for them all to end. */
  private running = 0;
  private readonly drainWaiters: (() => void)[] = [];
  private readonly onCallerAbort = (): void => this.stop.abort();
  started = 0;
  /** Set when the run winds down: no new iteration starts after this, even if a timer fired a hair early. */
  closed = false;

  constructor(options: ExecutorRunOptions) {
    this.options = options;
    // Every in-flight request listens on this one signal; hundreds at once is the design, not a leak.
    setMaxListeners(100_000, this.stop.signal);
    if (options.signal.aborted) {
      this.stop.abort();
    }
    options.signal.addEventListener('abort', this.onCallerAbort, { once: true });
  }

  get clock(): Clock {
    return this.options.clock;
  }

  /** True once the caller aborted. */
  get aborted(): boolean {
    return this.options.signal.aborted;
  }

  /** True while new iterations may start. */
  get open(): boolean {
    return !this.closed && !this.options.signal.aborted;
  }

  /** Iterations running now. */
  get active(): number {
    return this.running;
  }

  /** Starts one iteration for worker `vu` and returns its settled promise (never rejects). */
  launch(vu: number): Promise<void> {
    if (this.closed) {
      return Promise.resolve();
    }
    const context: IterationContext = { vu, iteration: this.started, signal: this.stop.signal };
    this.started += 1;
    this.running += 1;
    return this.run(context);
  }

  /** One iteration, its error handed on. One async function rather than catch and finally chains: one promise each. */
  private async run(context: IterationContext): Promise<void> {
    try {
      await this.options.iterate(context);
    } catch (error) {
      this.options.onIterationError?.(error);
    } finally {
      this.running -= 1;
      if (this.running === 0) {
        for (const wake of this.drainWaiters.splice(0)) {
          wake();
        }
      }
    }
  }

  /** Resolves once no iteration is running. */
  private drained(): Promise<void> {
    return this.running === 0 ? Promise.resolve() : new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  /** Waits for in-flight iterations, aborting them after `gracefulStopMs`. */
  async finish(gracefulStopMs: number): Promise<void> {
    this.closed = true;
    if (this.running > 0 && !this.stop.signal.aborted) {
      const grace = new AbortController();
      const all = this.drained().then(() => grace.abort());
      await Promise.race([all, this.clock.sleep(gracefulStopMs, grace.signal)]);
      grace.abort();
    }
    this.stop.abort();
    await this.drained();
    this.options.signal.removeEventListener('abort', this.onCallerAbort);
  }
}
