/**
 * Percentile bootstrap confidence intervals over trials, seeded so the same inputs always give the same interval
 * (a CI gate must not flip on a re-run of `regatta compare`).
 */
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** Resamples drawn per interval: enough that the 2.5 % and 97.5 % percentiles move by well under 1 %. */
export const BOOTSTRAP_RESAMPLES = 4000;

/** A two-sided interval at `confidence` (0.95: the 2.5th and 97.5th percentiles of the resampled statistic). */
export interface Interval {
  readonly low: number;
  readonly high: number;
}

/** How the candidate is set against the baseline: `ratio` of means (figures) or `difference` of means (rates). */
export type Contrast = 'ratio' | 'difference';

/** Options of {@link bootstrapInterval}. */
export interface BootstrapOptions {
  readonly contrast: Contrast;
  /** Seed text (e.g. the metric's key), hashed to the generator's seed. */
  readonly seed: string;
  /** @default 0.95 */
  readonly confidence?: number;
  /** @default {@link BOOTSTRAP_RESAMPLES} */
  readonly resamples?: number;
  /**
   * The lists are pairs (entry i of each was measured back to back, as `bench --trials` interleaves its targets): each
   * resample draws one set of indices for both, so drift common to a pair cancels in the contrast instead of widening
   * or shifting it. Needs lists of equal length. @default false
   */
  readonly paired?: boolean;
}

/** FNV-1a of the text: a stable 32-bit seed. */
function seedOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

/** Arithmetic mean (0 for an empty list). */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** The contrast of two means; NaN for a ratio over a zero baseline. */
export function contrastOf(contrast: Contrast, baseline: number, candidate: number): number {
  if (contrast === 'difference') {
    return candidate - baseline;
  }
  return baseline === 0 ? Number.NaN : candidate / baseline;
}

/** Value at quantile `q` of sorted values (linear interpolation between the two nearest ranks). */
function quantileSorted(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  const low = sorted[below] ?? Number.NaN;
  const high = sorted[above] ?? Number.NaN;
  return low + (high - low) * (position - below);
}

/**
 * Percentile bootstrap interval of the contrast between the candidate's and the baseline's mean: both trial lists
 * are resampled with replacement, `resamples` times, independently or (`paired`) by the same indices. Resamples whose ratio is undefined (a zero
 * baseline mean) are left out; when all are, the interval is NaN..NaN.
 */
export function bootstrapInterval(
  baseline: readonly number[],
  candidate: readonly number[],
  options: BootstrapOptions,
): Interval {
  if (baseline.length === 0 || candidate.length === 0) {
    return { low: Number.NaN, high: Number.NaN };
  }
  if (options.paired === true && baseline.length !== candidate.length) {
    throw new RangeError(`paired bootstrap needs lists of equal length (baseline ${baseline.length}, candidate ${candidate.length})`);
  }
  const rng = xoroshiro128plus(seedOf(options.seed));
  const resamples = options.resamples ?? BOOTSTRAP_RESAMPLES;
  const draw = (values: readonly number[]): number => {
    let sum = 0;
    for (let index = 0; index < values.length; index += 1) {
      sum += values[uniformInt(rng, 0, values.length - 1)] ?? 0;
    }
    return sum / values.length;
  };
  const drawPairs = (): [number, number] => {
    let baseSum = 0;
    let candidateSum = 0;
    for (let index = 0; index < baseline.length; index += 1) {
      const pick = uniformInt(rng, 0, baseline.length - 1);
      baseSum += baseline[pick] ?? 0;
      candidateSum += candidate[pick] ?? 0;
    }
    return [baseSum / baseline.length, candidateSum / candidate.length];
  };
  const statistics: number[] = [];
  for (let round = 0; round < resamples; round += 1) {
    const [baseMean, candidateMean] = options.paired === true ? drawPairs() : [draw(baseline), draw(candidate)];
    const value = contrastOf(options.contrast, baseMean, candidateMean);
    if (Number.isFinite(value)) {
      statistics.push(value);
    }
  }
  if (statistics.length === 0) {
    return { low: Number.NaN, high: Number.NaN };
  }
  statistics.sort((a, b) => a - b);
  const tail = (1 - (options.confidence ?? 0.95)) / 2;
  return { low: quantileSorted(statistics, tail), high: quantileSorted(statistics, 1 - tail) };
}
