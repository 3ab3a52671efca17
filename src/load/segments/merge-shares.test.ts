import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../errors/index.js';
import { runResultSchema, type RunResult, type ScenarioResult } from '../../model/index.js';
import { createLatencyHistogram, decodeHistogram, encodeHistogram, recordMillis, summarize } from '../metrics/latency-histogram.js';
import { mergeShares, type ShareFile } from './merge-shares.js';

const settings = { regattaVersion: '0.1.0', scenario: { id: 'pull-blobs', executor: { type: 'constant-vus', vus: 8, iterations: 40 }, thresholds: { 'latency.p99': '<1s' } }, targets: [] };

/** A share's result whose iterations took `latencies` ms, started `startOffsetMs` after a fixed instant. */
function share(index: number, count: number, latencies: readonly number[], options: { startOffsetMs?: number; runId?: string; settings?: Record<string, unknown>; skewMs?: number } = {}): RunResult {
  const histogram = createLatencyHistogram();
  const op = createLatencyHistogram();
  latencies.forEach((ms) => {
    recordMillis(histogram, ms);
    recordMillis(op, ms / 2);
  });
  const startedAt = new Date(Date.UTC(2026, 0, 1) + (options.startOffsetMs ?? 0)).toISOString();
  const scenario: ScenarioResult = {
    id: 'pull-blobs',
    description: 'pull',
    status: 'passed',
    executor: {},
    engine: 'undici',
    durationMs: 2000,
    iterations: latencies.length,
    droppedIterations: 0,
    verified: true,
    startedAt,
    latency: summarize(histogram),
    latencyHistogram: encodeHistogram(histogram),
    requests: { total: latencies.length, perSec: latencies.length / 2 },
    throughput: { bytes: 1000 * latencies.length, mbps: 0 },
    errors: 0,
    timeouts: 0,
    non2xx: 0,
    statusCodes: { '200': latencies.length },
    errorClasses: {},
    operations: [{ operation: 'blob-pull', count: latencies.length, errors: 0, bytes: 1000 * latencies.length, opsPerSec: 0, mbps: 0, latencyMs: summarize(op), latencyHistogram: encodeHistogram(op) }],
    timeSeries: [
      { t: 0, ops: latencies.length - 1, bytes: 0, errors: 0 },
      { t: 1, ops: 1, bytes: 0, errors: 0 },
    ],
    thresholds: [],
  };
  return {
    schemaVersion: 1,
    runId: options.runId ?? 'run1',
    kind: 'bench',
    startedAt,
    endedAt: new Date(Date.parse(startedAt) + 2000).toISOString(),
    durationMs: 2000,
    status: 'passed',
    interrupted: false,
    environment: { regattaVersion: '0.1.0', node: 'v20', platform: 'linux', arch: 'x64', hostname: `host-${index}`, cpus: 2, memoryBytes: 1 },
    config: {},
    targets: [{ name: 'r', url: 'http://127.0.0.1:1', status: 'passed', capabilities: [], suites: [], scenarios: [scenario] }],
    share: {
      index,
      count,
      engine: 'regatta',
      hostname: `host-${index}`,
      startedAt,
      endedAt: startedAt,
      ...(options.skewMs === undefined ? {} : { clockSkewMs: options.skewMs }),
      settings: options.settings ?? settings,
    },
  };
}

const files = (runs: readonly RunResult[]): ShareFile[] => runs.map((run, index) => ({ file: `results-${index + 1}.json`, run }));

describe('mergeShares', () => {
  it('the merged histograms equal the histogram of the union of every share’s values, exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.01, max: 60_000, noNaN: true }), { minLength: 4, maxLength: 200 }), (values) => {
        const parts = [0, 1, 2, 3].map((part) => values.filter((_, index) => index % 4 === part));
        const merged = mergeShares(files(parts.map((latencies, index) => share(index + 1, 4, latencies))));
        const union = createLatencyHistogram();
        values.forEach((ms) => recordMillis(union, ms));
        const scenario = merged.targets[0]?.scenarios[0];
        const histogram = decodeHistogram(scenario?.latencyHistogram ?? '');
        expect(histogram.totalCount).toBe(union.totalCount);
        for (const percentile of [...Array.from({ length: 101 }, (_, n) => n), 99.9, 99.99]) {
          expect(histogram.getValueAtPercentile(percentile)).toBe(union.getValueAtPercentile(percentile));
        }
        const { mean, stddev, ...exact } = summarize(union);
        expect(scenario?.latency).toMatchObject(exact);
        // Mean and deviation are sums over the same buckets in another order: equal up to float rounding.
        expect(scenario?.latency.mean).toBeCloseTo(mean, 9);
        expect(scenario?.latency.stddev).toBeCloseTo(stddev, 6);
        expect(scenario?.iterations).toBe(values.length);
        expect(scenario?.operations[0]?.count).toBe(values.length);
      }),
      { numRuns: 20 },
    );
  }, 120_000);

  it('sums counters, aligns time series by skew-corrected wall clock, judges thresholds on the whole, lists every share', () => {
    // Share 2 started 1.2 s later by its own clock, whose clock runs 200 ms fast: really 1 s later.
    const merged = mergeShares(files([share(1, 2, [10, 20, 30]), share(2, 2, [2000, 2000], { startOffsetMs: 1200, skewMs: 200 })]));
    expect(runResultSchema.parse(merged)).toEqual(merged);
    const scenario = merged.targets[0]?.scenarios[0];
    expect(scenario?.timeSeries).toEqual([
      { t: 0, ops: 2, bytes: 0, errors: 0 },
      { t: 1, ops: 2, bytes: 0, errors: 0 },
      { t: 2, ops: 1, bytes: 0, errors: 0 },
    ]);
    expect(scenario?.durationMs).toBe(3000);
    expect(scenario?.statusCodes).toEqual({ '200': 5 });
    expect(scenario?.throughput.bytes).toBe(5000);
    expect(scenario?.executor).toEqual(settings.scenario.executor);
    // 5 iterations completed of the 8 (one per VU of the whole executor) the merged run needs.
    expect(scenario?.thresholds).toEqual([
      { metric: 'latency.p99', condition: '<1s', actual: expect.any(Number) as number, passed: false },
      { metric: 'iterations.completed', condition: '>=8', actual: 5, passed: false },
    ]);
    expect(scenario?.status).toBe('failed');
    expect(merged.shares?.map((info) => [info.index, info.hostname, info.clockSkewMs])).toEqual([
      [1, 'host-1', undefined],
      [2, 'host-2', 200],
    ]);
    expect(merged.share).toBeUndefined();
  });

  it('refuses shares of different runs, a missing or doubled share, other settings, and a result that is no share', () => {
    const refuse = (runs: RunResult[], message: RegExp): void => {
      expect(() => mergeShares(files(runs))).toThrow(UsageError);
      expect(() => mergeShares(files(runs))).toThrow(message);
    };
    refuse([share(1, 2, [1]), share(2, 2, [1], { runId: 'other' })], /different runs.*run1.*other/);
    refuse([share(1, 3, [1]), share(2, 3, [1])], /missing 3\/3/);
    refuse([share(1, 2, [1]), share(1, 2, [1])], /share 1\/2 given twice/);
    refuse([share(1, 2, [1]), share(2, 3, [1])], /one of 2 shares.*one of 3/);
    const bigger = { ...settings, scenario: { ...settings.scenario, executor: { ...settings.scenario.executor, vus: 16 } } };
    refuse([share(1, 2, [1]), share(2, 2, [1], { settings: bigger })], /settings differ at scenario\.executor\.vus: 8 in results-1\.json, 16 in results-2\.json/);
    const { share: _omitted, ...plain } = share(2, 2, [1]);
    refuse([share(1, 2, [1]), plain], /results-2\.json is not the result of one share/);
  });
});
