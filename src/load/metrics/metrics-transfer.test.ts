import { describe, expect, it } from 'vitest';
import { timerClock } from '../clock.js';
import { MetricsCollector } from './metrics-collector.js';
import { absorbMetrics, exportMetrics } from './metrics-transfer.js';

/** A collector with `values` as iteration and blob-pull latencies, and some statuses and errors. */
function collector(values: readonly number[], errorClass?: string): MetricsCollector {
  const metrics = new MetricsCollector(timerClock);
  for (const value of values) {
    metrics.recordResponse(200);
    metrics.recordBytes(100);
    metrics.operation('blob-pull').recordSuccess(value, 100, value / 2);
    metrics.recordIteration(value, true);
  }
  if (errorClass !== undefined) {
    metrics.recordResponse(500);
    metrics.recordErrorClass(errorClass);
    metrics.operation('blob-pull').recordError();
    metrics.recordIteration(1, false);
  }
  return metrics;
}

describe('metrics transfer between threads', () => {
  it('merged counts are sums and merged percentiles equal those of one collector that saw everything', () => {
    const a = [1, 2, 3, 50, 120.5];
    const b = [4, 5, 900, 0.25];
    const merged = new MetricsCollector(timerClock);
    // Through structured clone, as between threads.
    absorbMetrics(merged, structuredClone(exportMetrics(collector(a, 'OCI_TIMEOUT'))));
    absorbMetrics(merged, structuredClone(exportMetrics(collector(b, 'digest-mismatch'))));
    const whole = collector([...a, ...b]);
    expect(merged.iterations).toBe(11);
    expect(merged.failedIterations).toBe(2);
    expect(merged.requests).toBe(11);
    expect(merged.non2xx).toBe(2);
    expect(merged.timeouts).toBe(1);
    expect(merged.bytes).toBe(900);
    expect(merged.statusCodes).toEqual({ '200': 9, '500': 2 });
    expect(merged.errorClasses).toEqual({ OCI_TIMEOUT: 1, 'digest-mismatch': 1 });
    expect(merged.iterationLatency.totalCount).toBe(9);
    const pull = merged.operation('blob-pull');
    expect(pull.count).toBe(11);
    expect(pull.errors).toBe(2);
    expect(pull.bytes).toBe(900);
    expect(pull.latency.totalCount).toBe(a.length + b.length);
    expect(pull.ttfb.totalCount).toBe(a.length + b.length);
    const wholePull = whole.operation('blob-pull');
    for (const percentile of [0, 50, 90, 99, 100]) {
      expect(pull.latency.getValueAtPercentile(percentile)).toBe(wholePull.latency.getValueAtPercentile(percentile));
    }
    expect(merged.timeSeries().reduce((sum, point) => sum + point.ops, 0)).toBe(11);
    expect(merged.timeSeries().reduce((sum, point) => sum + point.errors, 0)).toBe(2);
  });
});
