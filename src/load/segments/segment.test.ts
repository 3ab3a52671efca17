import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../errors/index.js';
import { executorConfigSchema } from '../executors/executor-config.js';
import { peakConcurrency } from '../executors/run-executor.js';
import { splitExecutor } from '../executors/split-executor.js';
import { parseSegment, segmentExecutor, segmentNumbering } from './segment.js';

describe('parseSegment', () => {
  it('reads I/N (I from 1) and refuses anything else naming the flag', () => {
    expect(parseSegment('2/4')).toEqual({ index: 1, count: 4 });
    expect(parseSegment(' 1 / 1 ')).toEqual({ index: 0, count: 1 });
    for (const bad of ['0/4', '5/4', '1/0', '1', 'a/b', '1/4/2', '-1/4', '1.5/4', '1/1001']) {
      expect(() => parseSegment(bad), bad).toThrow(UsageError);
      expect(() => parseSegment(bad), bad).toThrow(/--segment/);
    }
  });
});

describe('segmentExecutor and segmentNumbering', () => {
  it('constant-vus with a budget: the shares add up to the whole and their iteration numbers are exactly 0..K-1, disjoint', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 3 }), (count, extraVus, extraIterations, threads) => {
        const vus = count + extraVus;
        const iterations = count + extraIterations;
        const config = executorConfigSchema.parse({ type: 'constant-vus', vus, iterations });
        const seen = new Set<number>();
        const vuSeen = new Set<number>();
        let vuTotal = 0;
        for (let index = 0; index < count; index += 1) {
          const share = segmentExecutor(config, { index, count });
          expect(share.config.type).toBe('constant-vus');
          const budget = share.config.type === 'constant-vus' ? (share.config.iterations ?? 0) : 0;
          vuTotal += peakConcurrency(share.config);
          // Inside the segment the engine splits again over threads; simulate each thread's local iterations.
          const parts = splitExecutor(share.config, threads);
          parts.forEach((part, thread) => {
            const numbering = segmentNumbering({ index: thread, stride: parts.length, vuOffset: part.vuOffset }, { index, count }, share.vuOffset);
            const local = part.config.type === 'constant-vus' ? (part.config.iterations ?? 0) : 0;
            for (let k = 0; k < local; k += 1) {
              const global = k * numbering.stride + numbering.index;
              expect(seen.has(global)).toBe(false);
              seen.add(global);
            }
            for (let vu = 0; vu < peakConcurrency(part.config); vu += 1) {
              expect(vuSeen.has(numbering.vuOffset + vu)).toBe(false);
              vuSeen.add(numbering.vuOffset + vu);
            }
          });
          expect(budget).toBeGreaterThan(0);
        }
        expect(vuTotal).toBe(vus);
        // Threads number their iterations k * stride + index with k below their budget; segments interleave those.
        expect(seen.size).toBe(iterations);
        expect(Math.max(...seen)).toBeLessThan(iterations * count);
      }),
    );
  });

  it('every global number appears once: the 4 shares of 40 iterations cover 0..39 exactly', () => {
    const config = executorConfigSchema.parse({ type: 'constant-vus', vus: 8, iterations: 40 });
    const all: number[] = [];
    for (let index = 0; index < 4; index += 1) {
      const share = segmentExecutor(config, { index, count: 4 });
      const numbering = segmentNumbering({ index: 0, stride: 1, vuOffset: 0 }, { index, count: 4 }, share.vuOffset);
      const budget = share.config.type === 'constant-vus' ? (share.config.iterations ?? 0) : 0;
      all.push(...Array.from({ length: budget }, (_, k) => k * numbering.stride + numbering.index));
    }
    expect(all.sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, n) => n));
  });

  it('constant-arrival-rate: slots and max VUs are shared out exactly', () => {
    const config = executorConfigSchema.parse({ type: 'constant-arrival-rate', rate: 7, durationMs: 3000, maxVUs: 10 });
    const shares = [0, 1, 2].map((index) => segmentExecutor(config, { index, count: 3 }));
    const slots = shares.map((share) => (share.config.type === 'constant-arrival-rate' ? Math.floor((share.config.durationMs * share.config.rate) / 1000) : 0));
    expect(slots).toEqual([7, 7, 7]);
    expect(shares.map((share) => peakConcurrency(share.config))).toEqual([4, 3, 3]);
    expect(shares.map((share) => share.vuOffset)).toEqual([0, 4, 7]);
  });

  it('ramping-vus: every stage target and the start are shared out', () => {
    const config = executorConfigSchema.parse({ type: 'ramping-vus', startVUs: 2, stages: [{ durationMs: 1000, target: 9 }, { durationMs: 1000, target: 3 }] });
    const shares = [0, 1, 2].map((index) => segmentExecutor(config, { index, count: 3 }).config);
    const targets = (stage: number): number => shares.reduce((sum, c) => sum + (c.type === 'ramping-vus' ? (c.stages[stage]?.target ?? 0) : 0), 0);
    expect([targets(0), targets(1)]).toEqual([9, 3]);
    expect(shares.reduce((sum, c) => sum + (c.type === 'ramping-vus' ? c.startVUs : 0), 0)).toBe(2);
  });

  it('a share with nothing to do is a usage error that says how many shares fit', () => {
    const few = executorConfigSchema.parse({ type: 'constant-vus', vus: 2, durationMs: 1000 });
    expect(() => segmentExecutor(few, { index: 2, count: 3 })).toThrow(/2 VUs.*at most 2 shares/);
    const short = executorConfigSchema.parse({ type: 'constant-vus', vus: 8, iterations: 3 });
    expect(() => segmentExecutor(short, { index: 0, count: 4 })).toThrow(/3 iterations/);
    const sparse = executorConfigSchema.parse({ type: 'constant-arrival-rate', rate: 1, durationMs: 2000, maxVUs: 8 });
    expect(() => segmentExecutor(sparse, { index: 0, count: 4 })).toThrow(/2 arrival slots/);
  });
});
