import { describe, expect, it } from 'vitest';
import { fixtureRun, hostileRun } from '../test-support/fixture-run.js';
import { throughputSeries } from './build-load-view.js';
import { toHtmlView } from './to-html-view.js';

describe('toHtmlView', () => {
  const view = toHtmlView(fixtureRun());

  it('puts the targets side by side with counts, stacked-bar widths and a verdict', () => {
    expect(view.targetNames).toEqual(['dist', 'zot']);
    const [dist, zot] = view.overview;
    expect(dist!.counts.map((c) => `${c.label}=${c.value}`)).toEqual(['passed=1', 'known deviation=0', 'warned=1', 'failed=1', 'errored=0', 'skipped=1', 'disabled=1']);
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
    expect(push.children.map((c) => c.id)).toEqual(['push/blob-post-put', 'push/blob-single-post', 'push/chunk-min-length', 'push/mount', 'push/chunk-range']);
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
    const base = { level: 'MUST' as const, api: 'ping' as const, durationMs: 1, transcript: [], spec: [] };
    run.targets[0]!.suites[0]!.checks.push({ ...base, id: 'push/chunked/out-of-order-416', title: 'Out of order chunk', status: 'passed' });
    const tree = toHtmlView(run).tree[0]!;
    const group = tree.children.find((c) => c.id === 'push/chunked')!;
    expect(group.isLeaf).toBe(false);
    expect(group.children[0]!.cells.map((c) => c.statusClass)).toEqual(['st-passed', 'st-none']);
  });

  it('computes load rows and four charts per scenario', () => {
    const scenario = view.load.scenarios[0]!;
    expect(scenario.charts).toHaveLength(4);
    expect(scenario.rows.map((r) => [r.target, r.mbps, r.requestsPerSec, r.p95, r.p99, r.errorRate])).toEqual([
      ['dist', '50', '150', '30', '40', '0%'],
      ['zot', '25', '75', '60', '80', '1.2%'],
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

  it('the load table shows the settings used (VUs, size, duration, rate, threads, engine), status codes and operations', () => {
    const row = view.load.scenarios[0]!.rows[0]!;
    expect([row.vus, row.size, row.duration, row.rate, row.threads, row.engine]).toEqual(['4', '1 MiB', '10 s', 'unlimited', '2', 'undici']);
    expect(row.statusCodes).toBe('202: 1000, 201: 500');
    const ops = view.load.scenarios[0]!.operations;
    expect(ops.map((op) => [op.target, op.operation, op.count, op.p95])).toEqual([
      ['dist', 'blob-push', '500', '30'],
      ['zot', 'blob-push', '500', '60'],
    ]);
    const open = toHtmlView({ ...fixtureRun(), targets: [{ ...fixtureRun().targets[0]!, scenarios: [{ ...fixtureRun().targets[0]!.scenarios[0]!, executor: { type: 'constant-arrival-rate', rate: 500, maxVUs: 64, durationMs: 1000 } }] }] });
    expect([open.load.scenarios[0]!.rows[0]!.vus, open.load.scenarios[0]!.rows[0]!.rate]).toEqual(['≤ 64', '500/s']);
  });

  it('a target keeps its colour in every chart, even where an earlier target did not run the scenario', () => {
    const run = fixtureRun();
    run.targets[0]!.scenarios = [];
    const charts = toHtmlView(run).load.scenarios[0]!.charts;
    expect(charts).toHaveLength(4);
    for (const chart of charts) {
      expect(chart.svg).toContain('series-1');
      expect(chart.svg).not.toContain('series-0');
    }
  });

  it('a bench report leads with the load comparison: no empty cards, matrix or tree', () => {
    const run = fixtureRun();
    const bench = { ...run, kind: 'bench', targets: run.targets.map((t) => ({ ...t, suites: [], capabilities: [] })) };
    const benchView = toHtmlView(bench);
    expect([benchView.loadFirst, benchView.hasConformance, benchView.hasFailures]).toEqual([true, false, false]);
    expect(benchView.title).toBe('regatta load report: dist vs zot');
    expect([view.loadFirst, view.hasConformance]).toEqual([false, true]);
  });

  it('lists every failed and errored check first, per target, with spec and a one-line reason', () => {
    expect(view.failures.map((group) => [group.target, group.items.map((item) => [item.id, item.statusLabel, item.spec.map((s) => s.label).join(' '), item.reason])])).toEqual([
      ['dist', [['push/blob-single-post', 'failed', 'end-4a', 'expected 201, got 202']]],
      ['zot', [['delete/manifest-by-digest', 'errored', 'end-9', 'connection reset']]],
    ]);
  });

  it('a merged report is titled a comparison, not "regatta report report"', () => {
    expect(toHtmlView({ ...fixtureRun(), kind: 'report' }).title).toBe('regatta comparison report: dist vs zot');
  });
});

describe('throughputSeries', () => {
  it('divides the last, partial second by its real length instead of drawing a drop to zero', () => {
    const scenario = { ...fixtureRun().targets[0]!.scenarios[0]!, durationMs: 2500 };
    scenario.timeSeries = [
      { t: 0, ops: 1, bytes: 10_000_000, errors: 0 },
      { t: 1, ops: 1, bytes: 10_000_000, errors: 0 },
      { t: 2, ops: 1, bytes: 5_000_000, errors: 0 },
    ];
    expect(throughputSeries(scenario).map((p) => p.y)).toEqual([10, 10, 10]);
    expect(throughputSeries({ ...scenario, durationMs: 2100 }).map((p) => p.x)).toEqual([0, 1]);
  });
});
