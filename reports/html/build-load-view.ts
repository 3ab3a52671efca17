import type { ScenarioResult, TargetResult } from '../../src/model/index.js';
import { formatBytes, formatMs, formatNumber } from '../../src/model/format-number.js';
import { iterationCountsText } from '../common/iteration-counts.js';
import { renderBarChart } from './charts/bar-chart.js';
import { renderLineChart } from './charts/line-chart.js';
import type { LoadRowView, LoadScenarioView, LoadView, OperationRowView } from './html-view.js';
import { STATUS_LABELS, statusClass } from './status-style.js';
import { targetColor } from './target-color.js';

/** A bucket shorter than this (the run's last, partial second) is too short to give a rate worth drawing. */
const minBucketSeconds = 0.25;

/**
 * Time series as MB/s per point. Each bucket covers one second from `t`, except the last, which ends with the
 * measured duration: its bytes are divided by its real length, so a run ending 0.1 s into a second is not drawn as
 * a drop to zero; a last bucket too short to be a rate is left out.
 */
export function throughputSeries(scenario: ScenarioResult): { x: number; y: number }[] {
  const end = scenario.durationMs / 1000;
  return scenario.timeSeries.flatMap((point) => {
    const seconds = Math.min(1, end - point.t);
    if (seconds < minBucketSeconds) {
      return [];
    }
    return [{ x: point.t, y: point.bytes / 1_000_000 / seconds }];
  });
}

/** `k: v, k: v` of a count map, largest first. */
function countsLine(counts: Readonly<Record<string, number>>): string {
  const entries = Object.entries(counts).sort(([, a], [, b]) => b - a);
  return entries.length === 0 ? '–' : entries.map(([key, value]) => `${key}: ${value}`).join(', ');
}

/** A number field of the executor record, if it is one. */
function executorNumber(scenario: ScenarioResult, key: string): number | undefined {
  const value = scenario.executor[key];
  return typeof value === 'number' ? value : undefined;
}

/** VUs as run: the fixed count, the cap of an open model, or the ramp's peak. */
function vusLabel(scenario: ScenarioResult): string {
  const vus = executorNumber(scenario, 'vus') ?? executorNumber(scenario, 'maxVUs');
  if (vus !== undefined) {
    return scenario.executor['type'] === 'constant-arrival-rate' ? `≤ ${vus}` : String(vus);
  }
  const stages = scenario.executor['stages'];
  if (Array.isArray(stages)) {
    const targets = stages.map((stage: unknown) => (stage as { target?: unknown }).target).filter((n): n is number => typeof n === 'number');
    return targets.length === 0 ? '–' : `≤ ${Math.max(...targets)}`;
  }
  return '–';
}

/** Whether a run measured anything: an errored or skipped run that did nothing is shown by its reason, not as zeros. */
function measured(scenario: ScenarioResult): boolean {
  return !((scenario.status === 'errored' || scenario.status === 'skipped') && scenario.iterations === 0);
}

/** One table row: the settings used, then the figures. */
function loadRow(name: string, colorIndex: number, scenario: ScenarioResult): LoadRowView {
  const rate = executorNumber(scenario, 'rate');
  const ran = measured(scenario);
  const figure = (value: number, digits = 2): string => (ran ? formatNumber(value, digits) : '–');
  return {
    target: name,
    swatchClass: targetColor(colorIndex),
    statusLabel: STATUS_LABELS[scenario.status],
    statusClass: statusClass(scenario.status),
    vus: vusLabel(scenario),
    size: scenario.sizeBytes === undefined ? 'varies' : formatBytes(scenario.sizeBytes),
    duration: formatMs(scenario.durationMs),
    rate: rate === undefined ? 'unlimited' : `${formatNumber(rate)}/s`,
    threads: scenario.threads === undefined ? '–' : String(scenario.threads),
    engine: scenario.engine,
    mbps: figure(scenario.throughput.mbps),
    requestsPerSec: figure(scenario.requests.perSec, 1),
    p50: figure(scenario.latency.p50),
    p90: figure(scenario.latency.p90),
    p95: figure(scenario.latency.p95),
    p99: figure(scenario.latency.p99),
    errors: String(scenario.errors),
    errorDetail: `timeouts ${scenario.timeouts}, non-2xx ${scenario.non2xx}`,
    iterations: ran ? iterationCountsText(scenario) : '–',
    errorRate: scenario.iterations === 0 ? '–' : `${formatNumber((scenario.errors / scenario.iterations) * 100, 2)}%`,
    statusCodes: countsLine(scenario.statusCodes),
    errorClasses: countsLine(scenario.errorClasses),
    thresholds: scenario.thresholds.map((t) => ({
      label: `${t.passed ? '✓' : '✗'} ${t.metric} ${t.condition} (actual ${formatNumber(t.actual)})`,
      cssClass: t.passed ? 'st-passed' : 'st-failed',
    })),
    reason: scenario.reason ?? '',
    hasReason: scenario.reason !== undefined,
  };
}

/** The per-operation breakdown rows of one target's run. */
function operationRows(name: string, colorIndex: number, scenario: ScenarioResult): OperationRowView[] {
  return scenario.operations.map((op) => ({
    target: name,
    swatchClass: targetColor(colorIndex),
    operation: op.operation,
    count: String(op.count),
    errors: String(op.errors),
    opsPerSec: formatNumber(op.opsPerSec, 1),
    mbps: formatNumber(op.mbps),
    p50: formatNumber(op.latencyMs.p50),
    p95: formatNumber(op.latencyMs.p95),
    p99: formatNumber(op.latencyMs.p99),
    ttfbP50: op.ttfbMs === undefined ? '–' : formatNumber(op.ttfbMs.p50),
  }));
}

/** Charts of one scenario; each target keeps its colour (its index in the run) in every chart. */
function charts(id: string, runs: readonly { name: string; colorIndex: number; scenario: ScenarioResult }[]): LoadScenarioView['charts'] {
  const drawn = runs.filter((run) => measured(run.scenario));
  const categories = drawn.map((run) => run.name);
  const categoryColors = drawn.map((run) => run.colorIndex);
  const percentiles = ['p50', 'p90', 'p95', 'p99'] as const;
  return [
    {
      title: `${id}: throughput (MB/s)`,
      svg: renderBarChart({ title: `${id}: throughput per target`, unit: 'MB/s', categories, categoryColors, series: [{ name: 'MB/s', values: drawn.map((r) => r.scenario.throughput.mbps) }] }),
    },
    {
      title: `${id}: HTTP requests per second (req/s)`,
      svg: renderBarChart({ title: `${id}: req/s per target`, unit: 'req/s', categories, categoryColors, series: [{ name: 'req/s', values: drawn.map((r) => r.scenario.requests.perSec) }] }),
    },
    {
      title: `${id}: latency p50 / p90 / p95 / p99 (ms)`,
      svg: renderBarChart({
        title: `${id}: latency percentiles per target`,
        unit: 'ms',
        categories: [...percentiles],
        series: drawn.map((r) => ({ name: r.name, color: r.colorIndex, values: percentiles.map((p) => r.scenario.latency[p]) })),
      }),
    },
    {
      title: `${id}: throughput over time (MB/s)`,
      svg: renderLineChart({
        title: `${id}: throughput over time`,
        unit: 'MB/s',
        xUnit: 's',
        series: drawn.map((r) => ({ name: r.name, color: r.colorIndex, points: throughputSeries(r.scenario) })),
      }),
    },
  ];
}

/** The load section: one block per scenario id with its description, charts and tables, targets side by side. */
export function buildLoadView(targets: readonly TargetResult[], names: readonly string[]): LoadView {
  const ids = [...new Set(targets.flatMap((target) => target.scenarios.map((scenario) => scenario.id)))];
  const scenarios = ids.map((id): LoadScenarioView => {
    const runs = targets.flatMap((target, index) => {
      const scenario = target.scenarios.find((s) => s.id === id);
      return scenario === undefined ? [] : [{ name: names[index] ?? target.name, colorIndex: index, scenario }];
    });
    const texts = [...new Set(runs.map((run) => run.scenario.description))];
    const operations = runs.flatMap((run) => operationRows(run.name, run.colorIndex, run.scenario));
    return {
      id,
      // One line when every target ran the same settings; otherwise each target's own.
      descriptions: texts.length === 1 ? [{ target: '', text: texts[0] ?? '' }] : runs.map((run) => ({ target: run.name, text: run.scenario.description })),
      charts: charts(id, runs),
      rows: runs.map((run) => loadRow(run.name, run.colorIndex, run.scenario)),
      operations,
      hasOperations: operations.length > 0,
    };
  });
  return { hasScenarios: scenarios.length > 0, scenarios };
}
