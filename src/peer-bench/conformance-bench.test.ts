import { describe, expect, it } from 'vitest';
import { formatConformanceTable } from './conformance-bench.js';

describe('formatConformanceTable', () => {
  it('shows checks run with passed/failed/skipped, ms per check, the wall ratio against the reference tool, the CPU of each side and the requests the registry logged', () => {
    const table = formatConformanceTable(
      [
        { tool: 'regatta conformance', passed: 180, failed: 20, skipped: 10, wallSeconds: 4, toolCpuSeconds: 3.456, registryCpuSeconds: 4.5, registryRequests: 3333, note: '1 warned' },
        { tool: 'official OCI conformance suite', passed: 69, failed: 5, skipped: 5, wallSeconds: 0.5, toolCpuSeconds: 0.25 },
      ],
      'official OCI conformance suite',
    );
    const lines = table.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[2]).toBe('| regatta conformance | 200 (180/20/10) | 4.00 | 20.0 | 8.00 | 3.46 | 4.50 | 3333 | 1 warned |');
    expect(lines[3]).toBe('| official OCI conformance suite | 74 (69/5/5) | 0.50 | 6.8 | 1.00 | 0.25 |  |  |  |');
  });

  it('leaves the ratio empty when the reference tool did not run', () => {
    const table = formatConformanceTable([{ tool: 'regatta conformance', passed: 1, failed: 0, skipped: 0, wallSeconds: 1 }], 'official OCI conformance suite');
    expect(table).toContain('| regatta conformance | 1 (1/0/0) | 1.00 | 1000.0 |  |  |  |  |  |');
  });
});
