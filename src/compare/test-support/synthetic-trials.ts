import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { ScenarioResult, TrialResult } from '../../model/index.js';

/** A seeded source of normally distributed numbers (Box-Muller), so statistical tests repeat exactly. */
export function createNormalSource(seed: number): (mean: number, stddev: number) => number {
  const rng = xoroshiro128plus(seed);
  return (mean, stddev) => {
    const u = Math.max(Number.EPSILON, uniformFloat64(rng));
    const v = uniformFloat64(rng);
    return mean + stddev * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

/** One trial whose figures follow `speed` (1 = the reference registry; 0.8 = 20 % slower), with `noise` as a fraction. */
export function syntheticTrial(index: number, speed: number, noise: number, normal: (mean: number, stddev: number) => number): TrialResult {
  const factor = Math.max(0.05, normal(speed, noise * speed));
  const opsPerSec = 500 * factor;
  const latency = 16 / factor;
  const durationMs = 5000;
  const requests = Math.round((opsPerSec * durationMs) / 1000);
  return {
    trial: index,
    status: 'passed',
    durationMs,
    iterations: requests,
    errors: 0,
    requests,
    throttled: 0,
    bytes: requests * 1_048_576,
    opsPerSec,
    mbps: (opsPerSec * 1_048_576) / 1e6,
    latency: { min: latency / 4, mean: latency, p50: latency, p90: latency * 1.5, p95: latency * 1.7, p99: latency * 2.2, max: latency * 4, stddev: latency / 3 },
    operations: [
      {
        operation: 'blob-pull',
        count: requests,
        errors: 0,
        bytes: requests * 1_048_576,
        opsPerSec,
        mbps: (opsPerSec * 1_048_576) / 1e6,
        latencyMs: { min: latency / 4, mean: latency, p50: latency, p90: latency * 1.5, p95: latency * 1.7, p99: latency * 2.2, max: latency * 4, stddev: latency / 3 },
      },
    ],
  };
}

/** A pull-blobs scenario result carrying `trials`. */
export function syntheticScenario(trials: readonly TrialResult[], fingerprintVus = 8): ScenarioResult {
  const first = trials[0];
  if (first === undefined) {
    throw new Error('at least one trial');
  }
  return {
    id: 'pull-blobs',
    description: 'pull 1 MiB blobs',
    status: 'passed',
    executor: { type: 'constant-vus', vus: fingerprintVus, durationMs: 5000 },
    engine: 'undici',
    durationMs: trials.reduce((sum, trial) => sum + trial.durationMs, 0),
    iterations: first.iterations,
    droppedIterations: 0,
    verified: true,
    latency: first.latency,
    requests: { total: first.requests, perSec: first.opsPerSec },
    throughput: { bytes: first.bytes, mbps: first.mbps },
    errors: 0,
    timeouts: 0,
    non2xx: 0,
    statusCodes: { '200': first.requests },
    errorClasses: {},
    operations: first.operations,
    timeSeries: [],
    thresholds: [],
    fingerprint: {
      scenario: 'pull-blobs',
      executor: 'constant-vus',
      vus: fingerprintVus,
      durationMs: 5000,
      sizesBytes: [1_048_576],
      flow: 'blobs=8',
      threads: 1,
      engine: 'undici',
      verify: true,
      dataSeed: 'unique-per-run',
      regattaVersion: '0.1.0',
      clientCpus: 2,
    },
    trials: [...trials],
  };
}
