/**
 * Execution segments: one scenario cut into N deterministic shares so N processes (Kubernetes Job pods, or plain
 * processes on several machines) run it together. Share I of N gets its part of the VUs, of the iteration budget, of
 * the arrival slots and of every ramp stage, and a disjoint slice of the iteration numbers, which is what flows seed
 * content and tags from: two shares never push the same object.
 */
import { UsageError } from '../../errors/index.js';
import type { ExecutorConfig } from '../executors/executor-config.js';
import { peakConcurrency } from '../executors/run-executor.js';
import { splitEvenly, type ExecutorShare } from '../executors/split-executor.js';
import type { IterationNumbering } from '../measure-flow.js';

/** Share `index` (from 0) of `count`. */
export interface Segment {
  readonly index: number;
  readonly count: number;
}

/** Most shares of one run: far beyond any Job's parallelism, low enough to catch a typo. */
export const maxSegments = 1000;

/** Parses `--segment I/N` (I from 1). Throws UsageError naming the flag. */
export function parseSegment(text: string): Segment {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || !Number.isSafeInteger(index) || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) {
    throw new UsageError(`--segment: "${text}" is not I/N with 1 <= I <= N (e.g. 2/4)`);
  }
  if (count > maxSegments) {
    throw new UsageError(`--segment: ${count} shares is more than ${maxSegments}`);
  }
  return { index: index - 1, count };
}

/** `I/N` as users write it (I from 1). */
export function formatSegment(segment: Segment): string {
  return `${segment.index + 1}/${segment.count}`;
}

/** Arrival slots of an open-model executor (the executor floors duration × rate). */
function arrivalSlots(durationMs: number, rate: number): number {
  return Math.floor((durationMs * rate) / 1000);
}

/** Prefix sums: where each part starts. */
function offsets(sizes: readonly number[]): number[] {
  return sizes.map((_, index) => sizes.slice(0, index).reduce((sum, n) => sum + n, 0));
}

/**
 * This segment's part of the executor. Unlike the thread split, every segment must get work (a Job pod with nothing
 * to do is a configuration mistake, not a quiet success), so a scenario smaller than N shares is a UsageError that
 * says how many shares it can take.
 */
export function segmentExecutor(config: ExecutorConfig, segment: Segment): ExecutorShare {
  const { index, count } = segment;
  const tooSmall = (what: string, total: number): UsageError =>
    new UsageError(`--segment ${formatSegment(segment)}: the scenario has ${total} ${what}, fewer than ${count} shares; use at most ${total} shares or raise it`);
  const vus = peakConcurrency(config);
  if (vus < count) {
    throw tooSmall(config.type === 'constant-arrival-rate' ? 'max VUs (--vus)' : 'VUs (--vus)', vus);
  }
  switch (config.type) {
    case 'constant-vus': {
      if (config.iterations !== undefined && config.iterations < count) {
        throw tooSmall('iterations (--iterations)', config.iterations);
      }
      const parts = splitEvenly(config.vus, count);
      const iterations = config.iterations === undefined ? {} : { iterations: splitEvenly(config.iterations, count)[index] ?? 0 };
      return { config: { ...config, vus: parts[index] ?? 0, ...iterations }, vuOffset: offsets(parts)[index] ?? 0 };
    }
    case 'constant-arrival-rate': {
      const slots = arrivalSlots(config.durationMs, config.rate);
      if (slots < count) {
        throw tooSmall('arrival slots (rate × duration)', slots);
      }
      const mine = splitEvenly(slots, count)[index] ?? 0;
      const maxVUs = splitEvenly(config.maxVUs, count);
      // Each share's rate is set so that it has exactly its slots (see splitExecutor): all shares start together and
      // spread their slots over the whole duration, as k6's segments do.
      return {
        config: { ...config, maxVUs: maxVUs[index] ?? 1, rate: (mine * 1000 + 0.5) / config.durationMs },
        vuOffset: offsets(maxVUs)[index] ?? 0,
      };
    }
    case 'ramping-vus': {
      const peaks = splitEvenly(vus, count);
      return {
        config: {
          ...config,
          startVUs: splitEvenly(config.startVUs, count)[index] ?? 0,
          stages: config.stages.map((stage) => ({ durationMs: stage.durationMs, target: splitEvenly(stage.target, count)[index] ?? 0 })),
        },
        vuOffset: offsets(peaks)[index] ?? 0,
      };
    }
  }
}

/**
 * Numbering of one thread of one segment. A segment's own iteration j (already unique across its threads) becomes
 * global iteration `j * N + I`; folded into the thread numbering `local * stride + thread`, that is
 * `local * (stride * N) + (thread * N + I)`, so the engine needs no new parameter.
 */
export function segmentNumbering(thread: IterationNumbering, segment: Segment, segmentVuOffset: number): IterationNumbering {
  return {
    index: thread.index * segment.count + segment.index,
    stride: thread.stride * segment.count,
    vuOffset: segmentVuOffset + thread.vuOffset,
  };
}
