import type { ScenarioResult, TargetResult } from '../../src/model/index.js';
import { notMeasuredText, scenarioMeasured } from '../common/scenario-measured.js';
import { formatNumber } from '../common/format-number.js';
import { renderBarChart } from './charts/bar-chart.js';
import { renderLineChart } from './charts/line-chart.js';
import type { LoadView } from './html-view.js';
import { STATUS_LABELS, statusClass } from './status-style.js';

/** Time series as MB/s per point: each point covers the time since the previous one (1 s for the first). */
export function throughputSeries(scenario: ScenarioResult): { x: number; y: number }[] {
  let previous = 0;
  return scenario.timeSeries.map((point, index) => {
    const seconds = index === 0 ? Math.max(point.t, 1) : point.t - previous;
    previous = point.t;
    return { x: point.t, y: seconds > 0 ? point.bytes / 1_000_000 / seconds : 0 };
  });
}

/** `k=v, k=v` of a count map, largest first. */
function countsLine(counts: Readonly<Record<string, number>>): string {
  const entries = Object.entries(counts).sort(([, a], [, b]) => b - a);
  return entries.length === 0 ? '–' : entries.map(([key, value]) => `${key}: ${value}`).join(', ');
}

/** The load section: one block per scenario id with its charts and table, targets side by side. */
export function buildLoadView(targets: readonly TargetResult[], names: readonly string[]): LoadView {
  const ids: string[] = [];
  for (const target of targets) {
    for (const scenario of target.scenarios) {
      if (!ids.includes(scenario.id)) {
        ids.push(scenario.id);
      }
    }
  }
  const scenarios = ids.map((id) => {
    const runs = targets.flatMap((target, index) => {
      const scenario = target.scenarios.find((s) => s.id === id);
      return scenario === undefined ? [] : [{ name: names[index] ?? target.name, scenario }];
    });
    // A target that measured nothing gets no bar (a zero bar would read as "slowest"); its reason is in the table.
    const measured = runs.filter((r) => scenarioMeasured(r.scenario));
    const categories = measured.map((r) => r.name);
    const notDrawn = runs.filter((r) => !scenarioMeasured(r.scenario)).map((r) => `${r.name} (${notMeasuredText(r.scenario)})`);
    const allCharts = [
      {
        title: `${id}: throughput (MB/s)`,
        svg: renderBarChart({ title: `${id}: throughput per target`, unit: 'MB/s', categories, series: [{ name: 'MB/s', values: measured.map((r) => r.scenario.throughput.mbps) }] }),
      },
      {
        title: `${id}: requests per second`,
        svg: renderBarChart({ title: `${id}: requests per second per target`, unit: 'req/s', categories, series: [{ name: 'req/s', values: measured.map((r) => r.scenario.requests.perSec) }] }),
      },
      {
        title: `${id}: latency p50 / p90 / p99 (ms)`,
        svg: renderBarChart({
          title: `${id}: latency percentiles per target`,
          unit: 'ms',
          categories,
          series: (['p50', 'p90', 'p99'] as const).map((p) => ({ name: p, values: measured.map((r) => r.scenario.latency[p]) })),
        }),
      },
      {
        title: `${id}: throughput over time (MB/s)`,
        svg: renderLineChart({ title: `${id}: throughput over time`, unit: 'MB/s', xUnit: 's', series: measured.map((r) => ({ name: r.name, points: throughputSeries(r.scenario) })) }),
      },
    ];
    const charts = measured.length > 0 ? allCharts : [];
    const first = runs[0]?.scenario;
    return {
      id,
      description: first?.description ?? '',
      charts,
      ...(notDrawn.length > 0 ? { notDrawn: `Not drawn, nothing measured: ${notDrawn.join('; ')}` } : {}),
      rows: runs.map(({ name, scenario }) => ({
        target: name,
        statusLabel: STATUS_LABELS[scenario.status],
        statusClass: statusClass(scenario.status),
        ...(scenarioMeasured(scenario) ? {} : { notMeasured: notMeasuredText(scenario) }),
        engine: scenario.engine,
        mbps: formatNumber(scenario.throughput.mbps),
        opsPerSec: formatNumber(scenario.requests.perSec),
        p50: formatNumber(scenario.latency.p50),
        p90: formatNumber(scenario.latency.p90),
        p99: formatNumber(scenario.latency.p99),
        errors: `${scenario.errors} (timeouts ${scenario.timeouts}, non-2xx ${scenario.non2xx})`,
        errorRate: scenario.requests.total === 0 ? '–' : `${formatNumber((scenario.errors / scenario.requests.total) * 100, 2)}%`,
        errorClasses: countsLine(scenario.errorClasses),
        thresholds: scenario.thresholds.map((t) => ({
          label: `${t.passed ? '✓' : '✗'} ${t.metric} ${t.condition} (actual ${formatNumber(t.actual)})`,
          cssClass: t.passed ? 'st-passed' : 'st-failed',
        })),
      })),
    };
  });
  return { hasScenarios: scenarios.length > 0, scenarios };
}
