import type { ExecutorConfig } from './executor-config.js';
import { peakConcurrency } from './run-executor.js';

/** One thread's part of an executor: its own config, and where its VU numbers start in the whole run. */
export interface ExecutorShare {
  readonly config: ExecutorConfig;
  /** Global number of this share's VU 0. */
  readonly vuOffset: number;
}

/** `total` split into `parts` integers that differ by at most one, larger ones first; the sum is `total`. */
export function splitEvenly(total: number, parts: number): number[] {
  const base = Math.floor(total / parts);
  const extra = total - base * parts;
  return Array.from({ length: parts }, (_, index) => base + (index < extra ? 1 : 0));
}

/**
 * Splits an executor across `threads` threads so that together they do what it asks: VUs (and the iteration budget,
 * the arrival slots, each ramp stage's target) are shared out as evenly as integers allow, durations and graceful
 * stops are the same for every share. Never more shares than the executor has VUs, so no share is empty; a single
 * share is the config unchanged.
 */
export function splitExecutor(config: ExecutorConfig, threads: number): ExecutorShare[] {
  const count = Math.max(1, Math.min(Math.floor(threads), peakConcurrency(config)));
  if (count === 1) {
    return [{ config, vuOffset: 0 }];
  }
  const offsets = (sizes: readonly number[]): number[] => sizes.map((_, index) => sizes.slice(0, index).reduce((sum, n) => sum + n, 0));
  switch (config.type) {
    case 'constant-vus': {
      const vus = splitEvenly(config.vus, count);
      const budgets = config.iterations === undefined ? undefined : splitEvenly(config.iterations, count);
      const starts = offsets(vus);
      const shares: ExecutorShare[] = [];
      vus.forEach((share, index) => {
        const iterations = budgets?.[index];
        // A share whose part of the budget rounds to nothing is left out rather than run without a count bound.
        if (iterations !== 0) {
          shares.push({ config: { ...config, vus: share, ...(iterations === undefined ? {} : { iterations }) }, vuOffset: starts[index] ?? 0 });
        }
      });
      return shares;
    }
    case 'constant-arrival-rate': {
      // Split the slots, not the rate: each share's rate is set so that it has exactly its slots (the executor floors
      // duration × rate), so a low rate is not rounded away. Never more shares than slots.
      const totalSlots = Math.floor((config.durationMs * config.rate) / 1000);
      const parts = Math.min(count, totalSlots);
      if (parts <= 1) {
        return [{ config, vuOffset: 0 }];
      }
      const slots = splitEvenly(totalSlots, parts);
      const maxVUs = splitEvenly(config.maxVUs, parts);
      const starts = offsets(maxVUs);
      return slots.map((share, index) => ({
        config: { ...config, maxVUs: maxVUs[index] ?? 1, rate: (share * 1000 + 0.5) / config.durationMs },
        vuOffset: starts[index] ?? 0,
      }));
    }
    case 'ramping-vus': {
      const peaks = splitEvenly(peakConcurrency(config), count);
      const starts = offsets(peaks);
      const startVUs = splitEvenly(config.startVUs, count);
      const targets = config.stages.map((stage) => splitEvenly(stage.target, count));
      return peaks.map((_, index) => ({
        config: {
          ...config,
          startVUs: startVUs[index] ?? 0,
          stages: config.stages.map((stage, stageIndex) => ({ durationMs: stage.durationMs, target: targets[stageIndex]?.[index] ?? 0 })),
        },
        vuOffset: starts[index] ?? 0,
      }));
    }
  }
}
