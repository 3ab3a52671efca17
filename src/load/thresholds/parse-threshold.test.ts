import { describe, expect, it } from 'vitest';
import { parseThreshold } from './parse-threshold.js';

describe('parseThreshold', () => {
  it('converts units to the metric base unit', () => {
    expect(parseThreshold('latency.p99', '<250ms')).toEqual({ metric: 'latency.p99', condition: '<250ms', operator: '<', value: 250 });
    expect(parseThreshold('latency.p90', '<= 2s').value).toBe(2000);
    expect(parseThreshold('latency.p50', '<500us').value).toBeCloseTo(0.5);
    expect(parseThreshold('errors.rate', '<1%').value).toBeCloseTo(0.01);
    expect(parseThreshold('errors.rate', '<0.05').value).toBeCloseTo(0.05);
    expect(parseThreshold('throughput.mbps', '>50')).toMatchObject({ operator: '>', value: 50 });
  });

  it('rejects unknown metrics, bad conditions and misplaced units with exact messages', () => {
    expect(() => parseThreshold('latency.p42', '<1ms')).toThrow(
      'unknown threshold metric "latency.p42"; known: latency.p50, latency.p90, latency.p95, latency.p99, latency.max, latency.mean, errors.rate, errors.count, throughput.mbps, requests.rate, iterations.dropped',
    );
    expect(() => parseThreshold('latency.p99', '250ms')).toThrow('threshold latency.p99: cannot parse "250ms"; expected e.g. <250ms, <1%, >50');
    expect(() => parseThreshold('throughput.mbps', '>50ms')).toThrow('threshold throughput.mbps: ">50ms" takes no unit');
    expect(() => parseThreshold('latency.p99', '<5%')).toThrow('threshold latency.p99: "<5%" needs a time unit (ms, s, us)');
  });
});
