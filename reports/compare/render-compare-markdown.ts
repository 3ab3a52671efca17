import type { Comparison } from '../../src/compare/comparison.js';
import { escapeMarkdown } from '../markdown/escape-markdown.js';
import { toCompareView, type MetricView } from './compare-view.js';

/** GitHub refuses a step summary above 1 MiB; stay well under it so other steps can add theirs. */
export const STEP_SUMMARY_LIMIT_BYTES = 900 * 1024;

const e = escapeMarkdown;

/** Load rows worth a line in a summary: verdicts other than "no significant change", then the scenario totals. */
function summaryRows(load: readonly MetricView[]): MetricView[] {
  const notable = load.filter((row) => row.verdict !== 'no significant change');
  const totals = load.filter((row) => row.verdict === 'no significant change' && row.operation === 'all operations');
  return [...notable, ...totals];
}

/**
 * The Markdown summary of a comparison (for a pull request or `$GITHUB_STEP_SUMMARY`): the verdict, both runs with
 * their labels, each regression, the conformance changes and the load figures with their intervals. Cut at
 * `limitBytes` on a line boundary with a note saying so.
 */
export function renderCompareMarkdown(comparison: Comparison, limitBytes = STEP_SUMMARY_LIMIT_BYTES): string {
  const view = toCompareView(comparison);
  const lines: string[] = [];
  lines.push(`## regatta compare: ${view.regression ? '❌' : '✅'} ${e(view.verdict)}`, '');
  lines.push('| | baseline | candidate |', '|---|---|---|');
  lines.push(`| run | \`${e(view.baseline.runId)}\` | \`${e(view.candidate.runId)}\` |`);
  lines.push(`| started | ${e(view.baseline.startedAt)} | ${e(view.candidate.startedAt)} |`);
  lines.push(`| regatta | ${e(view.baseline.regattaVersion)} | ${e(view.candidate.regattaVersion)} |`);
  lines.push(`| labels | ${e(view.baseline.labels)} | ${e(view.candidate.labels)} |`);
  for (const target of view.targets) {
    lines.push(`| ${e(target.name)} | ${e(target.baselineProduct)} · ${e(target.baselineUrl)} | ${e(target.candidateProduct)} · ${e(target.candidateUrl)} |`);
    lines.push(`| ${e(target.name)} round trip to /v2/ | ${e(target.baselineRoundTrip)} | ${e(target.candidateRoundTrip)} |`);
  }
  lines.push('');
  if (view.regressions.length > 0) {
    lines.push('### Regressions', '');
    lines.push(...view.regressions.map((line) => `- ${e(line)}`), '');
  }
  if (view.notices.length > 0) {
    lines.push('### Notices', '', ...view.notices.map((line) => `- ${e(line)}`), '');
  }
  if (view.mismatches.length > 0) {
    lines.push('### Settings that differ (compared anyway: --allow-mismatch)', '', ...view.mismatches.map((line) => `- ${e(line)}`), '');
  }
  lines.push('### Conformance changes', '');
  if (view.changes.length === 0) {
    lines.push('No check changed its outcome.', '');
  } else {
    lines.push('| target | change | check | baseline | candidate | regression | detail |', '|---|---|---|---|---|---|---|');
    for (const change of view.changes) {
      const regression = change.regression ? 'yes' : change.accepted === '' ? 'no' : `accepted: ${change.accepted}`;
      lines.push(
        `| ${e(change.target)} | ${e(change.kind)} | \`${e(change.id)}\` | ${e(change.baseline)} | ${e(change.candidate)} | ${e(regression)} | ${e(change.detail)} |`,
      );
    }
    lines.push('');
  }
  if (view.load.length > 0) {
    lines.push('### Load (mean over trials; 95 % bootstrap interval of candidate/baseline)', '');
    lines.push('| target | scenario | operation | metric | baseline | candidate | change | interval | threshold | verdict |');
    lines.push('|---|---|---|---|---|---|---|---|---|---|');
    for (const row of summaryRows(view.load)) {
      lines.push(
        `| ${e(row.target)} | ${e(row.scenario)} | ${e(row.operation)} | ${e(row.metric)} | ${e(row.baseline)} | ${e(row.candidate)} | ${e(row.delta)} | ${e(row.interval)} | ${e(row.threshold)} | ${e(row.verdict)}${row.note === '' ? '' : ` (${e(row.note)})`} |`,
      );
    }
    lines.push('', 'Per-operation figures without a significant change are in report.html.', '');
  }
  return fitWithin(`${lines.join('\n')}\n`, limitBytes);
}

/** The text cut at a line boundary to at most `limitBytes` of UTF-8, with a closing note when cut. */
export function fitWithin(text: string, limitBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= limitBytes) {
    return text;
  }
  const note = '\n_Summary cut to stay under the step summary limit; the full comparison is in report.html._\n';
  const budget = limitBytes - Buffer.byteLength(note, 'utf8');
  const kept: string[] = [];
  let used = 0;
  for (const line of text.split('\n')) {
    const size = Buffer.byteLength(line, 'utf8') + 1;
    if (used + size > budget) {
      break;
    }
    kept.push(line);
    used += size;
  }
  return `${kept.join('\n')}${note}`;
}
