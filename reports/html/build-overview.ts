import type { TargetResult } from '../../src/model/index.js';
import { formatNumber } from '../../src/model/format-number.js';
import { countChecks, STATUS_ORDER, totalChecks, type StatusCounts } from '../common/status-counts.js';
import type { OverviewCard } from './html-view.js';
import { STATUS_LABELS, statusClass } from './status-style.js';

/** "s" for plurals. */
function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** One-line verdict for a target from its counts. */
export function verdictLine(target: TargetResult, counts: StatusCounts): string {
  const total = totalChecks(counts);
  if (target.error !== undefined && total === 0) {
    return 'could not be run';
  }
  const ran = counts.passed + counts.warned + counts.failed + counts.errored;
  const problems: string[] = [];
  if (counts.failed > 0) {
    problems.push(plural(counts.failed, 'failure'));
  }
  if (counts.errored > 0) {
    problems.push(`${plural(counts.errored, 'harness error')}`);
  }
  if (counts.warned > 0) {
    problems.push(plural(counts.warned, 'warning'));
  }
  if (ran === 0) {
    return 'no checks ran';
  }
  if (problems.length === 0) {
    return `conforms: all ${ran} checks that ran passed`;
  }
  return `${problems.join(', ')}; ${formatNumber(((counts.passed + counts.warned) / ran) * 100, 1)}% of ${ran} checks that ran pass`;
}

/** Overview cards: the targets side by side with counts, a stacked bar, the verdict and a load headline. */
export function buildOverview(targets: readonly TargetResult[], names: readonly string[]): OverviewCard[] {
  return targets.map((target, index) => {
    const counts = countChecks(target);
    const total = totalChecks(counts);
    const best = target.scenarios.reduce<{ mbps: number; id: string } | undefined>(
      (acc, s) => (acc === undefined || s.throughput.mbps > acc.mbps ? { mbps: s.throughput.mbps, id: s.id } : acc),
      undefined,
    );
    return {
      name: names[index] ?? target.name,
      url: target.url,
      productLabel: target.product === undefined ? 'unknown product' : `${target.product.name} ${target.product.version ?? ''}`.trim(),
      statusLabel: STATUS_LABELS[target.status],
      statusClass: statusClass(target.status),
      verdict: verdictLine(target, counts),
      counts: STATUS_ORDER.map((status) => ({ label: STATUS_LABELS[status], value: counts[status], cssClass: statusClass(status) })),
      segments: STATUS_ORDER.filter((status) => counts[status] > 0).map((status) => ({
        cssClass: statusClass(status),
        width: `${formatNumber((counts[status] / total) * 100, 2)}%`,
        label: `${counts[status]} ${STATUS_LABELS[status]}`,
      })),
      hasError: target.error !== undefined,
      error: target.error ?? '',
      hasLoad: best !== undefined,
      loadLine: best === undefined ? '' : `best ${formatNumber(best.mbps)} MB/s (${best.id}) over ${plural(target.scenarios.length, 'scenario')}`,
    };
  });
}
