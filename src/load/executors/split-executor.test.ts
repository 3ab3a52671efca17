import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { executorConfigSchema, type ExecutorConfig } from './executor-config.js';
import { peakConcurrency } from './run-executor.js';
import { splitEvenly, splitExecutor } from './split-executor.js';

describe('splitEvenly', () => {
  it('parts sum to the total and differ by at most one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 1, max: 64 }), (total, parts) => {
        const split = splitEvenly(total, parts);
        expect(split).toHaveLength(parts);
        expect(split.reduce((sum, n) => sum + n, 0)).toBe(total);
        expect(Math.max(...split) - Math.min(...split)).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe('splitExecutor', () => {
  it('constant-vus: VUs and the iteration budget are shared out exactly, VU numbers do not overlap', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 16 }), (vus, iterations, threads) => {
        const config = executorConfigSchema.parse({ type: 'constant-vus', vus, iterations });
        const shares = splitExecutor(config, threads);
        expect(shares.length).toBeLessThanOrEqual(Math.min(vus, threads));
        const configs = shares.map((share) => share.config).filter((c): c is Extract<ExecutorConfig, { type: 'constant-vus' }> => c.type === 'constant-vus');
        expect(configs).toHaveLength(shares.length);
        expect(configs.reduce((sum, c) => sum + (c.iterations ?? 0), 0)).toBe(iterations);
        expect(configs.every((c) => (c.iterations ?? 0) > 0 && c.vus > 0)).toBe(true);
        // VU ranges [offset, offset + vus) are disjoint and inside [0, vus).
        let next = 0;
        shares.forEach((share, index) => {
          expect(share.vuOffset).toBeGreaterThanOrEqual(next);
          next = share.vuOffset + (configs[index]?.vus ?? 0);
        });
        expect(next).toBeLessThanOrEqual(vus);
      }),
    );
  });

  it('constant-vus by duration: every share keeps the duration, VUs sum up', () => {
    const config = executorConfigSchema.parse({ type: 'constant-vus', vus: 7, durationMs: 5000 });
    const shares = splitExecutor(config, 2);
    expect(shares.map((share) => share.config)).toEqual([
      { ...config, vus: 4 },
      { ...config, vus: 3 },
    ]);
    expect(shares.map((share) => share.vuOffset)).toEqual([0, 4]);
  });

  it('never more shares than VUs; one thread is the config unchanged', () => {
    const config = executorConfigSchema.parse({ type: 'constant-vus', vus: 1, iterations: 1 });
    expect(splitExecutor(config, 8)).toEqual([{ config, vuOffset: 0 }]);
    const wide = executorConfigSchema.parse({ type: 'constant-vus', vus: 64, durationMs: 1000 });
    expect(splitExecutor(wide, 1)).toEqual([{ config: wide, vuOffset: 0 }]);
  });

  it('constant-arrival-rate: the slots are shared out exactly (low rates too), max VUs as well', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 500, noNaN: true }),
        fc.integer({ min: 100, max: 20_000 }),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 8 }),
        (rate, durationMs, maxVUs, threads) => {
          const config = executorConfigSchema.parse({ type: 'constant-arrival-rate', rate, durationMs, maxVUs });
          const slots = (c: ExecutorConfig): number => (c.type === 'constant-arrival-rate' ? Math.floor((c.durationMs * c.rate) / 1000) : 0);
          const shares = splitExecutor(config, threads);
          expect(shares.reduce((sum, share) => sum + slots(share.config), 0)).toBe(slots(config));
          expect(shares.reduce((sum, share) => sum + peakConcurrency(share.config), 0)).toBe(maxVUs);
          expect(shares.length).toBeLessThanOrEqual(Math.max(1, Math.min(threads, maxVUs, slots(config))));
        },
      ),
    );
    const config = executorConfigSchema.parse({ type: 'constant-arrival-rate', rate: 100, durationMs: 1000, maxVUs: 9 });
    const shares = splitExecutor(config, 2);
    expect(shares.map((share) => peakConcurrency(share.config))).toEqual([5, 4]);
    expect(shares.map((share) => (share.config.type === 'constant-arrival-rate' ? share.config.rate : 0))).toEqual([50.0005, 50.0005]);
    // One slot in all: one share, the config unchanged.
    const sparse = executorConfigSchema.parse({ type: 'constant-arrival-rate', rate: 1, durationMs: 1500, maxVUs: 4 });
    expect(splitExecutor(sparse, 2)).toEqual([{ config: sparse, vuOffset: 0 }]);
  });

  it('ramping-vus: each stage target and the start are shared out; peaks stay within the VU ranges', () => {
    const config = executorConfigSchema.parse({
      type: 'ramping-vus',
      startVUs: 3,
      stages: [
        { durationMs: 1000, target: 10 },
        { durationMs: 500, target: 1 },
      ],
    });
    const shares = splitExecutor(config, 2);
    expect(shares).toHaveLength(2);
    const stageSums = [0, 1].map((stage) =>
      shares.reduce((sum, share) => sum + (share.config.type === 'ramping-vus' ? (share.config.stages[stage]?.target ?? 0) : 0), 0),
    );
    expect(stageSums).toEqual([10, 1]);
    expect(shares.reduce((sum, share) => sum + (share.config.type === 'ramping-vus' ? share.config.startVUs : 0), 0)).toBe(3);
    expect(shares.map((share) => share.vuOffset)).toEqual([0, 5]);
    expect(shares.map((share) => peakConcurrency(share.config))).toEqual([5, 5]);
  });
});
