import type { Clock } from '../clock.js';

/** What an iteration is told. */
export interface IterationContext {
  /** Worker number, from 0. */
  readonly vu: number;
  /** Global iteration number, from 0, unique across workers. */
  readonly iteration: number;
  /** Aborted when the run is interrupted or the graceful stop after the end has run out. */
  readonly signal: AbortSignal;
}

/** One unit of work. Should record its own failures; a rejection is caught and counted as a failed iteration. */
export type IterationFn = (context: IterationContext) => Promise<void>;

/** What every executor needs. */
export interface ExecutorRunOptions {
  readonly clock: Clock;
  /** The caller's abort (Ctrl-C): stop starting iterations and abort those in flight. */
  readonly signal: AbortSignal;
  readonly iterate: IterationFn;
  /** Iterations the executor had to drop (open model only). */
  readonly onDropped?: (count: number) => void;
  /** An iteration rejected (a bug in the flow, normally flows record their own errors). */
  readonly onIterationError?: (error: unknown) => void;
}

/** What an executor did. */
export interface ExecutorOutcome {
  readonly iterations: number;
  readonly dropped: number;
  /** Wall time from start until the last iteration settled. */
  readonly durationMs: number;
  /** True when it stopped because of the caller's abort. */
  readonly aborted: boolean;
}
