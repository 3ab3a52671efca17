import { describe, expect, it } from 'vitest';
import { fixtureRun, hostileRun } from '../test-support/fixture-run.js';
import { toHtmlView } from './to-html-view.js';

describe('toHtmlView', () => {
  const view = toHtmlView(fixtureRun());

  it('puts the targets side by side with counts, stacked-bar widths and a verdict', () => {
    expect(view.targetNames).toEqual(['dist', 'zot']);
    const [dist, zot] = view.overview;
    expect(dist!.counts.map((c) => `${c.label}=${c.value}`)).toEqual(['passed=1', 'warned=1', 'failed=1', 'errored=0', 'skipped=1', 'disabled=1']);
    expect(dist!.verdict).toBe('1 failure, 1 warning; 66.7% of 3 checks that ran pass');
    expect(dist!.segments.map((s) => s.width)).toEqual(['20%', '20%', '20%', '20%', '20%']);
    expect(dist!.productLabel).toBe('distribution 2.8.3');
    expect(dist!.loadLine).toBe('best 50 MB/s (push-small-blobs) over 1 scenario');
    expect(zot!.verdict).toBe('1 harness error, 1 warning; 75% of 4 checks that ran pass');
    expect(zot!.statusClass).toBe('st-errored');
  });

  it('builds the capability matrix with one cell per target', () => {
    expect(view.capabilities.rows.map((row) => [row.id, ...row.cells.map((c) => c.cssClass)])).toEqual([
      ['delete-manifest', 'cap-unsupported', 'cap-supported'],
      ['blob-range', 'cap-supported', 'cap-supported'],
      ['catalog', 'cap-supported', 'cap-unknown'],
    ]);
  });

  it('builds the tree: suites, checks with one cell per target, details for what did not pass', () => {
    expect(view.tree.map((node) => node.id)).toEqual(['push', 'delete']);
    const push = view.tree[0]!;
    expect(push.open).toBe(true);
    expect(push.cells.map((c) => c.statusLabel)).toEqual(['failed', 'warned']);
    expect(push.children.map((c) => c.id)).toEqual(['push/blob-post-put', 'push/blob-single-post', 'push/chunk-min-length', 'push/mount']);
    const single = push.children[1]!;
    expect(single.isLeaf).toBe(true);
    expect(single.statuses).toBe('failed passed');
    expect(single.details).toHaveLength(1);
    const detail = single.details[0]!;
    expect(detail.target).toBe('dist');
    expect(detail.message).toBe('expected 201, got 202');
    expect(detail.spec).toEqual([{ label: 'end-4a', url: 'https://github.com/opencontainers/distribution-spec/blob/main/spec.md#endpoints' }]);
    expect(detail.transcript).toContain('< 202');
    expect(view.tree[1]!.cells.map((c) => c.mark)).toEqual(['–', 'E']);
  });

  it('nests checks by id segment and marks targets that did not run a check', () => {
    const run = fixtureRun();
    const base = { level: 'MUST' as const, api: 'x', durationMs: 1, transcript: [], spec: [] };
    run.targets[0]!.suites[0]!.checks.push({ ...base, id: 'push/chunked/out-of-order-416', title: 'Out of order chunk', status: 'passed' });
    const tree = toHtmlView(run).tree[0]!;
    const group = tree.children.find((c) => c.id === 'push/chunked')!;
    expect(group.isLeaf).toBe(false);
    expect(group.children[0]!.cells.map((c) => c.statusClass)).toEqual(['st-passed', 'st-none']);
  });

  it('computes load rows and four charts per scenario', () => {
    const scenario = view.load.scenarios[0]!;
    expect(scenario.charts).toHaveLength(4);
    expect(scenario.rows.map((r) => [r.target, r.mbps, r.opsPerSec, r.p99, r.errorRate])).toEqual([
      ['dist', '50', '150', '40', '0%'],
      ['zot', '25', '75', '80', '0.4%'],
    ]);
    expect(scenario.rows[0]!.thresholds).toEqual([{ label: '✗ latency.p99 <30ms (actual 40)', cssClass: 'st-failed' }]);
  });

  it('removes control characters from every string but keeps markup for Handlebars to escape', () => {
    const hostile = toHtmlView(hostileRun());
    const strings: string[] = [];
    const collect = (value: unknown): void => {
      if (typeof value === 'string') {
        strings.push(value);
      } else if (value !== null && typeof value === 'object') {
        Object.values(value).forEach(collect);
      }
    };
    collect(hostile);
    const controls = ['\u0000', '\u0001', '\u0008', '\u000b', '\u001b'];
    expect(strings.filter((text) => controls.some((c) => text.includes(c)))).toEqual([]);
    expect(hostile.overview[0]!.productLabel).toContain('<script>alert(1)</script>');
  });
});
