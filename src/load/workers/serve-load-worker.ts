import { buildSecureConnectOptions } from '../../client/dispatcher.js';
import { systemClock } from '../clock.js';
import { flowKindOf } from '../flows/flow-kinds.js';
import { LoadTarget } from '../http/load-target.js';
import { measureFlow } from '../measure-flow.js';
import { MetricsCollector } from '../metrics/metrics-collector.js';
import { exportMetrics } from '../metrics/metrics-transfer.js';
import type { FromWorker, LoadWorkerInput, ToWorker } from './worker-protocol.js';

/** The half of a message port a worker needs (`parentPort`, or one end of a `MessageChannel` in tests). */
export interface WorkerPort {
  postMessage(message: FromWorker): void;
  on(event: 'message', listener: (message: ToWorker) => void): unknown;
  off(event: 'message', listener: (message: ToWorker) => void): unknown;
}

/**
 * The body of a load worker thread: builds its own pool and flow, says `ready`, measures its share of the executor
 * after `start` (reporting running totals meanwhile) and answers `done` with everything it measured, also after an
 * `abort`. A failure of the worker itself is answered with `failed`; it never throws.
 */
export async function serveLoadWorker(port: WorkerPort, input: LoadWorkerInput): Promise<void> {
  const clock = systemClock;
  const stop = new AbortController();
  let begin: () => void = () => undefined;
  const started = new Promise<void>((resolve) => {
    begin = resolve;
  });
  const onMessage = (message: ToWorker): void => {
    if (message.type === 'start') {
      begin();
    } else {
      stop.abort();
      // An abort before the start ends the wait, too.
      begin();
    }
  };
  port.on('message', onMessage);
  let http: LoadTarget | undefined;
  try {
    http = new LoadTarget(input.target, input.connections, clock, new MetricsCollector(clock), buildSecureConnectOptions(input.tls));
    http.adoptTokens(input.tokens);
    const flow = flowKindOf(input.scenario.flow).bind(input.scenario.flow, input.env, input.state);
    port.postMessage({ type: 'ready' });
    await started;
    const metrics = new MetricsCollector(clock);
    http.metrics = metrics;
    const ticker = setInterval(() => port.postMessage({ type: 'progress', ...metrics.snapshot() }), input.progressIntervalMs);
    try {
      const outcome = await measureFlow({
        executor: input.share.config,
        flow,
        http,
        metrics,
        verify: input.scenario.verify,
        verifyCopyBytes: input.scenario.verifyCopyBytes,
        clock,
        signal: stop.signal,
        numbering: { index: input.index, stride: input.stride, vuOffset: input.share.vuOffset },
      });
      port.postMessage({ type: 'done', outcome, metrics: exportMetrics(metrics) });
    } finally {
      clearInterval(ticker);
    }
  } catch (error) {
    port.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  } finally {
    port.off('message', onMessage);
    await http?.close().catch(() => undefined);
  }
}
