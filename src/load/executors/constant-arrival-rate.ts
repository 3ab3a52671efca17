import type { ConstantArrivalRateConfig } from './executor-config.js';
import type { ExecutorOutcome, ExecutorRunOptions } from './executor-types.js';
import { IterationGate } from './iteration-gate.js';

/**
 * Open model: iteration k is due at `start + k / rate`. Each wake-up starts every iteration that has come due; when
 * all `maxVUs` are busy a due iteration is dropped (counted), never queued, because queueing would hide the
 * registry's slowness (coordinated omission). The loop is bounded by the duration and by the number of due slots.
 */
export async function runConstantArrivalRate(
  config: ConstantArrivalRateConfig,
  options: ExecutorRunOptions,
): Promise<ExecutorOutcome> {
  const gate = new IterationGate(options);
  const { clock } = options;
  const start = clock.now();
  const intervalMs = 1000 / config.rate;
  const totalSlots = Math.floor((config.durationMs * config.rate) / 1000);
  let nextSlot = 0;
  let dropped = 0;
  const free = new Set<number>(Array.from({ length: config.maxVUs }, (_, vu) => vu));

  while (!gate.aborted && nextSlot < totalSlots) {
    const dueSlots = Math.min(totalSlots, Math.floor((clock.now() - start) / intervalMs) + 1);
    let droppedNow = 0;
    for (; nextSlot < dueSlots; nextSlot += 1) {
      const vu = free.values().next();
      if (vu.done === true) {
        droppedNow += 1;
        continue;
      }
      free.delete(vu.value);
      void gate.launch(vu.value).then(() => free.add(vu.value));
    }
    if (droppedNow > 0) {
      dropped += droppedNow;
      options.onDropped?.(droppedNow);
    }
    if (nextSlot >= totalSlots) {
      break;
    }
    await clock.sleep(start + nextSlot * intervalMs - clock.now(), options.signal);
  }
  // Let the last interval play out, so a run lasts its duration even if the final slots start early.
  await clock.sleep(start + config.durationMs - clock.now(), options.signal);
  await gate.finish(config.gracefulStopMs);
  return { iterations: gate.started, dropped, durationMs: clock.now() - start, aborted: gate.aborted };
}
