/** z-score of the 90th percentile of the standard normal distribution. */
const z90 = 1.2815515655446004;

/** A small seeded PRNG (mulberry32): repeatable size sequences without any shared state. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Layer sizes from a log-normal distribution with the given median and 90th percentile (μ = ln median,
 * σ = (ln p90 − ln median) / z₀.₉), multiplied by `scale`, clamped to [1 KiB, max].
 */
export function layerSizeSampler(
  medianBytes: number,
  p90Bytes: number,
  scale: number,
  maxBytes: number,
  random: () => number,
): () => number {
  const mu = Math.log(medianBytes);
  const sigma = (Math.log(p90Bytes) - mu) / z90;
  return () => {
    // Box–Muller; 1 - random() keeps the log argument in (0, 1].
    const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const size = Math.round(Math.exp(mu + sigma * normal) * scale);
    return Math.min(maxBytes, Math.max(1024, size));
  };
}
