/**
 * Messages between the main thread and a load worker thread. Everything is plain data (structured clone): the
 * worker gets the resolved target, the scenario after overrides, the flow's setup result and its share of the
 * executor, and answers with its measurements.
 */
import type { TlsConnectOptions } from '../../client/dispatcher.js';
import type { ResolvedTarget } from '../../config/target.js';
import type { Scenario } from '../define-scenario.js';
import type { ExecutorOutcome } from '../executors/executor-types.js';
import type { ExecutorShare } from '../executors/split-executor.js';
import type { FlowEnv, FlowState } from '../flows/flow-types.js';
import type { MetricsSnapshot } from '../metrics/metrics-collector.js';
import type { MetricsTransfer } from '../metrics/metrics-transfer.js';

/** What a worker is started with (`workerData`). */
export interface LoadWorkerInput {
  readonly target: ResolvedTarget;
  /** The target session's TLS material (PEM text read once); the worker parses it into its one TLS context. */
  readonly tls: TlsConnectOptions;
  readonly scenario: Scenario;
  readonly env: FlowEnv;
  readonly state: FlowState;
  readonly share: ExecutorShare;
  /** This worker's number, from 0, and how many there are (iteration numbering). */
  readonly index: number;
  readonly stride: number;
  /** Connections of this worker's pool. */
  readonly connections: number;
  /** Bearer tokens the setup fetched, per scope. */
  readonly tokens: readonly (readonly [string, string])[];
  /** How often the worker reports running totals. */
  readonly progressIntervalMs: number;
}

/** Main thread to worker: begin measuring, or stop now (Ctrl-C) and report what was measured. */
export type ToWorker = { readonly type: 'start' } | { readonly type: 'abort' };

/** Worker to main thread. */
export type FromWorker =
  | { readonly type: 'ready' }
  | ({ readonly type: 'progress' } & MetricsSnapshot)
  | { readonly type: 'done'; readonly outcome: ExecutorOutcome; readonly metrics: MetricsTransfer }
  | { readonly type: 'failed'; readonly message: string };
