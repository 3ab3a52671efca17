import { describe, expect, it } from 'vitest';
import type { CheckResult, TargetResult } from '../../src/model/index.js';
import { apiCellText, buildApiMatrix } from './api-matrix.js';

const base = { level: 'MUST' as const, spec: [], durationMs: 1, transcript: [] };

/** A target whose one suite holds `checks`. */
function target(name: string, checks: CheckResult[]): TargetResult {
  return { name, url: 'http://127.0.0.1:1', status: 'passed', capabilities: [], suites: [{ id: 's', title: 's', status: 'passed', durationMs: 1, checks }], scenarios: [] } as unknown as TargetResult;
}

describe('buildApiMatrix', () => {
  it('lists each exercised API once, in endpoint order, with passed of judged per target and the worst status', () => {
    const a = target('a', [
      { ...base, id: 's/put-1', title: 't', api: 'manifest-put', status: 'passed' },
      { ...base, id: 's/put-2', title: 't', api: 'manifest-put', status: 'failed', errors: [{ message: 'm' }] },
      { ...base, id: 's/head', title: 't', api: 'blob-head', status: 'known', known: { entry: 's/head', reason: 'r', source: 'https://x', expires: '2027-06-30' } },
      { ...base, id: 's/tags', title: 't', api: 'tags-list', status: 'skipped', reason: 'capability absent' },
    ] as CheckResult[]);
    const b = target('b', [{ ...base, id: 's/put-1', title: 't', api: 'manifest-put', status: 'passed' }]);
    const rows = buildApiMatrix([a, b]);
    expect(rows.map((row) => row.api)).toEqual(['blob-head', 'manifest-put', 'tags-list']);
    const put = rows.find((row) => row.api === 'manifest-put')!;
    expect(put.title).toContain('PUT /v2/<name>/manifests/<reference>');
    expect(put.cells.map((cell) => [apiCellText(cell), cell.worst, cell.failing])).toEqual([
      ['1/2', 'failed', ['s/put-2']],
      ['1/1', 'passed', []],
    ]);
    const tags = rows.find((row) => row.api === 'tags-list')!;
    // Skipped checks are not judged: the cell says so instead of 0/0.
    expect(tags.cells.map((cell) => [apiCellText(cell), cell.worst])).toEqual([
      ['–', 'skipped'],
      ['–', undefined],
    ]);
    expect(apiCellText(rows[0]!.cells[0]!)).toBe('1/1');
  });

  it('has no rows when no check ran', () => {
    expect(buildApiMatrix([target('a', [])])).toEqual([]);
  });
});
