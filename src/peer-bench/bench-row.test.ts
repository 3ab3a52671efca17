import { describe, expect, it } from 'vitest';
import { formatBenchTable, type BenchRow } from './bench-row.js';

const GiB = 2 ** 30;
const row = (tool: string, rate: number, cpuSeconds: number, extra: Partial<BenchRow> = {}): BenchRow => ({
  group: 'blob pull',
  tool,
  rate,
  unit: 'MB/s',
  bytes: 4 * GiB,
  cpuSeconds,
  peakRssBytes: 100 * 2 ** 20,
  ...extra,
});

describe('formatBenchTable', () => {
  it('compares rate and CPU per GiB with the fastest peer of the group', () => {
    const table = formatBenchTable([row('wrk', 1000, 1), row('slow peer', 500, 0.5), row('regatta', 900, 4)]);
    const lines = table.trim().split('\n');
    expect(lines[0]).toBe('| group | tool | rate | ratio vs best peer | CPU s | CPU s/GiB | CPU/GiB ratio vs best peer | peak RSS MiB | note |');
    // regatta: 900 / 1000 = 0.90; 1 CPU s/GiB against wrk's 0.25 = 4.00.
    expect(lines[4]).toBe('| blob pull | regatta | 900.0 MB/s | 0.90 | 4.00 | 1.00 | 4.00 | 100 |  |');
    // Peers get no ratios.
    expect(lines[2]).toBe('| blob pull | wrk | 1000.0 MB/s |  | 1.00 | 0.25 |  | 100 |  |');
  });

  it('leaves ratios empty without a peer, and CPU per GiB empty for request rates', () => {
    const table = formatBenchTable([
      row('regatta × 8', 800, 2),
      row('autocannon', 4000, 3, { group: 'manifest', unit: 'req/s', bytes: 0 }),
      row('regatta', 3000, 3, { group: 'manifest', unit: 'req/s', bytes: 0, note: '9 it' }),
    ]);
    const lines = table.trim().split('\n');
    expect(lines[2]).toBe('| blob pull | regatta × 8 | 800.0 MB/s |  | 2.00 | 0.50 |  | 100 |  |');
    expect(lines[4]).toBe('| manifest | regatta | 3000.0 req/s | 0.75 | 3.00 |  |  | 100 | 9 it |');
  });
});
