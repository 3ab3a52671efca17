import { describe, expect, it } from 'vitest';
import type { ScenarioResult, Status } from '../../model/index.js';
import { createLatencyHistogram, decodeHistogram, encodeHistogram, recordMillis, summarize } from '../metrics/latency-histogram.js';
import { parseThresholds } from '../thresholds/evaluate-thresholds.js';
import { foldTrials } from './fold-trials.js';

/** One measured trial: `latencies` of its iterations, 1 MB each, over `seconds`. */
function trial(latencies: readonly number[], seconds: number, status: Status = 'passed', codes: Record<string, number> = { '201': latencies.length }): ScenarioResult {
  const histogram = createLatencyHistogram();
  for (const ms of latencies) {
    recordMillis(histogram, ms);
  }
  const bytes = latencies.length * 1e6;
  return {
    id: 'push-blobs',
    description: 'push 1 MB blobs',
    status,
    executor: { type: 'constant-vus', vus: 2, durationMs: seconds * 1000 },
    engine: 'undici',
    threads: 1,
    durationMs: seconds * 1000,
    iterations: latencies.length,
    droppedIterations: 0,
    verified: true,
    latency: summarize(histogram),
    latencyHistogram: encodeHistogram(histogram),
    requests: { total: latencies.length * 3, perSec: (latencies.length * 3) / seconds },
    throughput: { bytes, mbps: bytes / 1e6 / seconds },
    errors: 0,
    timeouts: 0,
    non2xx: codes['429'] ?? 0,
    statusCodes: codes,
    errorClasses: {},
    operations: [
      {
        operation: 'blob-push',
        count: latencies.length,
        errors: 0,
        bytes,
        opsPerSec: latencies.length / seconds,
        mbps: bytes / 1e6 / seconds,
        latencyMs: summarize(histogram),
        latencyHistogram: encodeHistogram(histogram),
      },
    ],
    timeSeries: Array.from({ length: seconds }, (_, t) => ({ t, ops: latencies.length / seconds, bytes: bytes / seconds, errors: 0 })),
    minIterations: 2,
    interrupted: { iterations: latencies.length === 2 ? 1 : 0, bytes: latencies.length === 2 ? 500 : 0 },
    thresholds: [],
  };
}

describe('foldTrials', () => {
  it('returns a single trial unchanged', () => {
    const only = trial([10, 20], 1);
    expect(foldTrials([only], [])).toBe(only);
  });

  it('adds counters, merges histograms exactly and keeps every trial with its own figures', () => {
    const first = trial([10, 10, 10, 10], 2);
    const second = trial([40, 40], 2, 'passed', { '201': 1, '429': 1 });
    const folded = foldTrials([first, second], []);
    expect(folded.iterations).toBe(6);
    expect(folded.durationMs).toBe(4000);
    expect(folded.throughput.bytes).toBe(6e6);
    expect(folded.throughput.mbps).toBeCloseTo(1.5);
    expect(folded.requests.total).toBe(18);
    expect(folded.statusCodes).toEqual({ '201': 5, '429': 1 });
    expect(decodeHistogram(folded.latencyHistogram ?? '').totalCount).toBe(6);
    expect(folded.latency.max).toBeCloseTo(40, 0);
    expect(folded.operations[0]?.count).toBe(6);
    expect(folded.timeSeries.map((point) => point.t)).toEqual([0, 1, 2, 3]);
    expect(folded.minIterations).toBe(4);
    expect(folded.interrupted).toEqual({ iterations: 1, bytes: 500 });
    expect(folded.thresholds).toEqual([{ metric: 'iterations.completed', condition: '>=4', actual: 6, passed: true }]);
    expect(folded.trials?.map((entry) => [entry.trial, entry.iterations, entry.throttled, entry.mbps])).toEqual([
      [1, 4, 0, 2],
      [2, 2, 1, 1],
    ]);
    expect(folded.trials?.[1]?.latency.p50).toBeCloseTo(40, 0);
  });

  it('judges thresholds on the whole and keeps the worst trial status', () => {
    const thresholds = parseThresholds({ 'latency.p99': '<30ms' });
    const crossed = foldTrials([trial([10, 10], 1), trial([50, 50], 1)], thresholds);
    expect(crossed.status).toBe('failed');
    expect(crossed.thresholds[0]).toMatchObject({ metric: 'latency.p99', passed: false });
    const errored = foldTrials([{ ...trial([10], 1), status: 'errored', reason: 'worker died' }, trial([10], 1)], []);
    expect(errored.status).toBe('errored');
    expect(errored.reason).toBe('trial 1: worker died');
    expect(foldTrials([trial([10, 11], 1), trial([12, 12], 1)], thresholds).status).toBe('passed');
    // Two trials of one completed iteration each miss the summed minimum of 2 + 2.
    expect(foldTrials([trial([10], 1), trial([12], 1)], []).status).toBe('failed');
  });
});
