import { describe, expect, it } from 'vitest';
import type { Clock } from '../clock.js';
import { IterationBytes, MetricsCollector } from './metrics-collector.js';

/** A clock the test moves by hand. */
function handClock(): Clock & { at: number } {
  const clock = { at: 0, now: () => clock.at, sleep: () => Promise.resolve() };
  return clock;
}

describe('MetricsCollector: bytes of interrupted iterations', () => {
  it('takes exactly an interrupted iteration’s bytes out of the throughput and out of each second they fell in', () => {
    const clock = handClock();
    const metrics = new MetricsCollector(clock);
    const finished = new IterationBytes();
    const interrupted = new IterationBytes();
    metrics.recordBytes(100, finished);
    metrics.recordBytes(10, interrupted);
    clock.at = 1_500;
    metrics.recordBytes(20, interrupted);
    metrics.recordBytes(200, finished);
    clock.at = 3_200;
    metrics.recordBytes(30, interrupted);
    metrics.recordBytes(5, interrupted);
    expect(interrupted.total).toBe(65);
    expect(interrupted.bySecond()).toEqual([
      [0, 10],
      [1, 20],
      [3, 35],
    ]);
    metrics.recordInterrupted(interrupted);
    expect(metrics.snapshot().bytes).toBe(300);
    expect(metrics.interruptedBytes).toBe(65);
    expect(metrics.interruptedIterations).toBe(1);
    expect(metrics.timeSeries().map((point) => point.bytes)).toEqual([100, 200, 0, 0]);
  });

  it('an iteration within one second keeps one entry, and one that moved nothing has none', () => {
    const metrics = new MetricsCollector(handClock());
    const short = new IterationBytes();
    metrics.recordBytes(7, short);
    metrics.recordBytes(8, short);
    expect(short.bySecond()).toEqual([[0, 15]]);
    expect(new IterationBytes().bySecond()).toEqual([]);
  });
});
