import type { RampingVusConfig } from './executor-config.js';
import type { ExecutorOutcome, ExecutorRunOptions } from './executor-types.js';
import { IterationGate } from './iteration-gate.js';

/** How often the ramp controller re-evaluates the target VU count. */
const controlTickMs = 100;

/** Target VUs at `elapsedMs`: linear within each stage, from the previous stage's target (or `startVUs`). */
export function targetVusAt(config: RampingVusConfig, elapsedMs: number): number {
  let from = config.startVUs;
  let stageStart = 0;
  for (const stage of config.stages) {
    if (elapsedMs < stageStart + stage.durationMs) {
      const fraction = (elapsedMs - stageStart) / stage.durationMs;
      return Math.round(from + (stage.target - from) * fraction);
    }
    from = stage.target;
    stageStart += stage.durationMs;
  }
  return from;
}

/**
 * VUs follow the stages. A controller wakes every 100 ms and starts workers up to the target; a worker whose number
 * is at or above the target finishes its iteration and leaves. Bounded by the sum of the stage durations.
 */
export async function runRampingVus(config: RampingVusConfig, options: ExecutorRunOptions): Promise<ExecutorOutcome> {
  const gate = new IterationGate(options);
  const { clock } = options;
  const start = clock.now();
  const totalMs = config.stages.reduce((sum, stage) => sum + stage.durationMs, 0);
  let target = targetVusAt(config, 0);
  const workers = new Map<number, Promise<void>>();

  const worker = async (vu: number): Promise<void> => {
    while (gate.open && vu < target && clock.now() - start < totalMs) {
      await gate.launch(vu);
    }
    workers.delete(vu);
  };

  while (!gate.aborted && clock.now() - start < totalMs) {
    target = targetVusAt(config, clock.now() - start);
    for (let vu = 0; vu < target; vu += 1) {
      if (!workers.has(vu)) {
        workers.set(vu, worker(vu));
      }
    }
    await clock.sleep(Math.min(controlTickMs, start + totalMs - clock.now()), options.signal);
  }
  target = 0;
  await gate.finish(config.gracefulStopMs);
  await Promise.all([...workers.values()]);
  return { iterations: gate.started, dropped: 0, durationMs: clock.now() - start, aborted: gate.aborted };
}
