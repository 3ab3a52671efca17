import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { timerClock } from '../clock.js';
import { runConstantArrivalRate } from './constant-arrival-rate.js';
import { runConstantVus } from './constant-vus.js';
import { constantArrivalRateSchema, constantVusSchema, rampingVusSchema } from './executor-config.js';
import type { IterationFn } from './executor-types.js';
import { runRampingVus, targetVusAt } from './ramping-vus.js';

/** An iteration that takes `ms` of (fake) time and tracks how many run at once. */
function sleeper(ms: number): { iterate: IterationFn; peak: () => number; vus: Set<number> } {
  let active = 0;
  let peak = 0;
  const vus = new Set<number>();
  return {
    vus,
    peak: () => peak,
    iterate: async ({ vu, signal }) => {
      vus.add(vu);
      active += 1;
      peak = Math.max(peak, active);
      await timerClock.sleep(ms, signal);
      active -= 1;
    },
  };
}

describe('executors (fake timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('constant-vus stops at the iteration budget and never exceeds its VUs', async () => {
    const work = sleeper(100);
    const config = constantVusSchema.parse({ type: 'constant-vus', vus: 3, iterations: 10 });
    const run = runConstantVus(config, { clock: timerClock, signal: new AbortController().signal, iterate: work.iterate });
    await vi.advanceTimersByTimeAsync(10_000);
    const outcome = await run;
    expect(outcome.iterations).toBe(10);
    expect(work.peak()).toBe(3);
    expect(outcome.aborted).toBe(false);
  });

  it('constant-vus over a duration: each VU loops back to back until the deadline', async () => {
    const work = sleeper(100);
    const config = constantVusSchema.parse({ type: 'constant-vus', vus: 2, durationMs: 1000 });
    const run = runConstantVus(config, { clock: timerClock, signal: new AbortController().signal, iterate: work.iterate });
    await vi.advanceTimersByTimeAsync(5_000);
    const outcome = await run;
    expect(outcome.iterations).toBe(20);
    expect([...work.vus].sort()).toEqual([0, 1]);
  });

  it('constant-arrival-rate drops iterations it cannot start for lack of free VUs, and counts them', async () => {
    const work = sleeper(500);
    const dropped: number[] = [];
    const config = constantArrivalRateSchema.parse({ type: 'constant-arrival-rate', rate: 10, durationMs: 1000, maxVUs: 2 });
    const run = runConstantArrivalRate(config, {
      clock: timerClock,
      signal: new AbortController().signal,
      iterate: work.iterate,
      onDropped: (count) => dropped.push(count),
    });
    await vi.advanceTimersByTimeAsync(20_000);
    const outcome = await run;
    // 10 slots in 1 s; two VUs each busy 500 ms can start at most 4 of them.
    expect(outcome.iterations + outcome.dropped).toBe(10);
    expect(outcome.iterations).toBe(4);
    expect(outcome.dropped).toBe(6);
    expect(dropped.reduce((a, b) => a + b, 0)).toBe(6);
    expect(work.peak()).toBe(2);
  });

  it('constant-arrival-rate starts every slot when VUs keep up', async () => {
    const work = sleeper(10);
    const config = constantArrivalRateSchema.parse({ type: 'constant-arrival-rate', rate: 50, durationMs: 2000, maxVUs: 4 });
    const run = runConstantArrivalRate(config, { clock: timerClock, signal: new AbortController().signal, iterate: work.iterate });
    await vi.advanceTimersByTimeAsync(20_000);
    const outcome = await run;
    expect(outcome.iterations).toBe(100);
    expect(outcome.dropped).toBe(0);
  });

  it('ramping-vus follows its stages: up to the target, then back down to zero', async () => {
    const work = sleeper(50);
    const config = rampingVusSchema.parse({
      type: 'ramping-vus',
      stages: [
        { durationMs: 1000, target: 4 },
        { durationMs: 1000, target: 0 },
      ],
    });
    expect(targetVusAt(config, 0)).toBe(0);
    expect(targetVusAt(config, 500)).toBe(2);
    expect(targetVusAt(config, 1000)).toBe(4);
    expect(targetVusAt(config, 1500)).toBe(2);
    expect(targetVusAt(config, 5000)).toBe(0);
    const run = runRampingVus(config, { clock: timerClock, signal: new AbortController().signal, iterate: work.iterate });
    await vi.advanceTimersByTimeAsync(20_000);
    const outcome = await run;
    expect(work.peak()).toBe(4);
    expect([...work.vus].sort()).toEqual([0, 1, 2, 3]);
    expect(outcome.iterations).toBeGreaterThan(0);
  });

  it('an abort stops a long run and aborts the iterations in flight', async () => {
    const controller = new AbortController();
    const work = sleeper(60_000);
    const config = constantVusSchema.parse({ type: 'constant-vus', vus: 4, durationMs: 3_600_000 });
    const run = runConstantVus(config, { clock: timerClock, signal: controller.signal, iterate: work.iterate });
    await vi.advanceTimersByTimeAsync(500);
    controller.abort();
    await vi.advanceTimersByTimeAsync(10);
    const outcome = await run;
    expect(outcome.aborted).toBe(true);
    expect(outcome.iterations).toBe(4);
    expect(outcome.durationMs).toBeLessThan(1000);
  });

  it('in-flight iterations get the graceful stop, then are aborted', async () => {
    const seen: boolean[] = [];
    const config = constantVusSchema.parse({ type: 'constant-vus', vus: 1, durationMs: 100, gracefulStopMs: 1000 });
    const run = runConstantVus(config, {
      clock: timerClock,
      signal: new AbortController().signal,
      iterate: async ({ signal }) => {
        await timerClock.sleep(60_000, signal);
        seen.push(signal.aborted);
      },
    });
    await vi.advanceTimersByTimeAsync(2_000);
    const outcome = await run;
    expect(seen).toEqual([true]);
    expect(outcome.durationMs).toBe(1100);
  });

  it('a failing iteration, thrown at once or later, is handed to onIterationError and the run goes on', async () => {
    const errors: string[] = [];
    let calls = 0;
    const config = constantVusSchema.parse({ type: 'constant-vus', vus: 2, iterations: 6 });
    const run = runConstantVus(config, {
      clock: timerClock,
      signal: new AbortController().signal,
      onIterationError: (error) => errors.push((error as Error).message),
      iterate: () => {
        calls += 1;
        if (calls === 2) {
          throw new Error('thrown at once');
        }
        return calls === 4 ? Promise.reject(new Error('rejected')) : timerClock.sleep(10);
      },
    });
    await vi.advanceTimersByTimeAsync(1_000);
    const outcome = await run;
    expect(outcome.iterations).toBe(6);
    expect(errors).toEqual(['thrown at once', 'rejected']);
  });
});
