/**
 * A pure, formatted view of a comparison for the HTML and Markdown renderers: every number is already text, every
 * label is whole (never cut, so two different operations never read the same).
 */
import { formatLabels, formatRoundTrip } from '../common/format-provenance.js';
import { formatContrast } from '../../src/compare/compare-runs.js';
import type { ComparedRun, Comparison, ConformanceChangeKind, MetricComparison, TargetSide } from '../../src/compare/comparison.js';
import { conformanceChangeKinds } from '../../src/compare/comparison.js';
import { formatNumber } from '../../src/model/format-number.js';

/** Words for each change kind. */
export const changeKindLabels: Readonly<Record<ConformanceChangeKind, string>> = {
  'newly-failed': 'newly failed',
  'newly-errored': 'newly errored',
  'newly-skipped': 'newly skipped',
  'newly-warned': 'newly warned',
  'capability-lost': 'capability lost',
  'check-added': 'check added',
  'check-removed': 'check removed',
  'status-changed': 'status changed',
  fixed: 'fixed',
  'capability-gained': 'capability gained',
};

/** Words for each load verdict. */
const verdictLabels: Readonly<Record<MetricComparison['verdict'], string>> = {
  regression: 'regression',
  improvement: 'improvement',
  'no-significant-change': 'no significant change',
  'not-judged': 'not judged',
};

/** One run's header line. */
export interface RunHeaderView {
  readonly path: string;
  readonly runId: string;
  readonly startedAt: string;
  readonly regattaVersion: string;
  readonly labels: string;
}

/** One target row. */
export interface TargetView {
  readonly name: string;
  readonly baselineUrl: string;
  readonly candidateUrl: string;
  readonly baselineProduct: string;
  readonly candidateProduct: string;
  readonly baselineRoundTrip: string;
  readonly candidateRoundTrip: string;
}

/** One conformance change row. */
export interface ChangeView {
  readonly target: string;
  readonly kind: string;
  readonly id: string;
  readonly title: string;
  readonly baseline: string;
  readonly candidate: string;
  readonly regression: boolean;
  readonly detail: string;
  readonly accepted: string;
}

/** One load metric row. */
export interface MetricView {
  readonly target: string;
  readonly scenario: string;
  readonly operation: string;
  readonly metric: string;
  readonly baseline: string;
  readonly candidate: string;
  readonly delta: string;
  readonly interval: string;
  readonly threshold: string;
  readonly verdict: string;
  readonly verdictClass: string;
  readonly note: string;
}

/** The whole view. */
export interface CompareView {
  readonly title: string;
  readonly regression: boolean;
  readonly verdict: string;
  readonly baseline: RunHeaderView;
  readonly candidate: RunHeaderView;
  readonly failOn: string;
  readonly regressions: readonly string[];
  readonly notices: readonly string[];
  readonly targets: readonly TargetView[];
  readonly changes: readonly ChangeView[];
  readonly load: readonly MetricView[];
  readonly mismatches: readonly string[];
}

function runHeader(run: ComparedRun): RunHeaderView {
  return { path: run.path, runId: run.runId, startedAt: run.startedAt, regattaVersion: run.regattaVersion, labels: formatLabels(run.labels) };
}

/** The round trip as `connect 0.1 ms · TLS 2 ms · first byte 0.8 ms`, or `not measured`. */
export function roundTripText(side: TargetSide): string {
  return side.roundTrip === undefined ? 'not measured' : formatRoundTrip(side.roundTrip).replace('round trip to /v2/: ', '');
}

/** A metric's mean with its unit and the trial count. */
function meanText(metric: MetricComparison, value: number, trials: number): string {
  const unit = metric.metric.unit === '/s' ? '/s' : ` ${metric.metric.unit}`;
  return `${formatNumber(value, 2)}${unit} (${trials} ${trials === 1 ? 'trial' : 'trials'})`;
}

/** Relative change of a ratio as `-20.1 %`, a rate difference as `+1.5 pp`. */
export function deltaText(metric: MetricComparison): string {
  if (!Number.isFinite(metric.estimate)) {
    return 'n/a';
  }
  if (metric.metric.contrast === 'difference') {
    return `${metric.estimate >= 0 ? '+' : ''}${formatNumber(metric.estimate, 2)} pp`;
  }
  const percent = (metric.estimate - 1) * 100;
  return `${percent >= 0 ? '+' : ''}${formatNumber(percent, 1)} %`;
}

/** The view of a comparison. */
export function toCompareView(comparison: Comparison): CompareView {
  const order = (kind: ConformanceChangeKind): number => conformanceChangeKinds.indexOf(kind);
  const changes = [...comparison.conformance].sort((a, b) => Number(b.regression) - Number(a.regression) || order(a.kind) - order(b.kind));
  const regression = comparison.regressions.length > 0;
  return {
    title: `regatta compare: ${comparison.candidate.runId} against ${comparison.baseline.runId}`,
    regression,
    verdict: regression ? `${comparison.regressions.length} regression${comparison.regressions.length === 1 ? '' : 's'}` : 'no regression',
    baseline: runHeader(comparison.baseline),
    candidate: runHeader(comparison.candidate),
    failOn: comparison.failOn,
    regressions: comparison.regressions,
    notices: comparison.notices,
    targets: comparison.targets.map((target) => ({
      name: target.name,
      baselineUrl: target.baseline.url,
      candidateUrl: target.candidate.url,
      baselineProduct: target.baseline.product ?? 'unknown',
      candidateProduct: target.candidate.product ?? 'unknown',
      baselineRoundTrip: roundTripText(target.baseline),
      candidateRoundTrip: roundTripText(target.candidate),
    })),
    changes: changes.map((change) => ({
      target: change.target,
      kind: changeKindLabels[change.kind],
      id: change.id,
      title: change.title,
      baseline: change.baseline,
      candidate: change.candidate,
      regression: change.regression,
      detail: change.detail ?? '',
      accepted: change.accepted ?? '',
    })),
    load: comparison.load.map((metric) => ({
      target: metric.target,
      scenario: metric.scenario,
      operation: metric.operation ?? 'all operations',
      metric: metric.metric.label,
      baseline: meanText(metric, metric.baselineMean, metric.baselineTrials.length),
      candidate: meanText(metric, metric.candidateMean, metric.candidateTrials.length),
      delta: deltaText(metric),
      interval: formatContrast(metric),
      threshold: metric.metric.contrast === 'ratio' ? `${formatNumber(metric.threshold, 2)} % worse` : `${formatNumber(metric.threshold, 2)} pp more`,
      verdict: verdictLabels[metric.verdict],
      verdictClass: `verdict-${metric.verdict}`,
      note: metric.note ?? '',
    })),
    mismatches: comparison.mismatches.map((m) => `${m.target}/${m.scenario}: ${m.setting} ${m.baseline} -> ${m.candidate}`),
  };
}
