import type { ConstantVusConfig } from './executor-config.js';
import type { ExecutorOutcome, ExecutorRunOptions } from './executor-types.js';
import { IterationGate } from './iteration-gate.js';

/**
 * Closed model: `vus` workers loop until the duration is over, the iteration budget is spent, or the caller aborts.
 * Every loop is bounded by both time (`durationMs` or `maxDurationMs`) and count (`iterations`, when given).
 */
export async function runConstantVus(config: ConstantVusConfig, options: ExecutorRunOptions): Promise<ExecutorOutcome> {
  const gate = new IterationGate(options);
  const { clock } = options;
  const start = clock.now();
  const deadline = start + (config.durationMs ?? config.maxDurationMs);
  const budget = config.iterations ?? Number.POSITIVE_INFINITY;
  const canStart = (): boolean => gate.open && gate.started < budget && clock.now() < deadline;

  const worker = async (vu: number): Promise<void> => {
    while (canStart()) {
      await gate.launch(vu);
    }
  };
  // Workers end once `canStart` is false; the deadline race bounds a worker stuck in a long iteration.
  const workers = Promise.all(Array.from({ length: config.vus }, (_, vu) => worker(vu)));
  const stopTimer = new AbortController();
  await Promise.race([workers, clock.sleep(deadline - clock.now(), stopTimer.signal)]);
  stopTimer.abort();
  await gate.finish(config.gracefulStopMs);
  await workers;
  return { iterations: gate.started, dropped: 0, durationMs: clock.now() - start, aborted: gate.aborted };
}
