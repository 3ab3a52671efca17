import type { Comparison } from '../../src/compare/comparison.js';
import { formatContrast } from '../../src/compare/compare-runs.js';
import { stripControlChars } from '../common/strip-control.js';
import { changeKindLabels } from './compare-view.js';

/** Escapes a workflow command's message (GitHub Actions: `%`, CR and LF are encoded). */
function escapeData(text: string): string {
  return stripControlChars(text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
}

/** Escapes a workflow command property value (also `:` and `,`). */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * GitHub Actions workflow commands for a comparison: `::error` for every regression (a new failure, a check lost with
 * its capability, a slower figure), `::warning` for a newly warned check that is not a regression and for each
 * notice. One line each; the caller prints them only when `GITHUB_ACTIONS=true`.
 */
export function renderWorkflowCommands(comparison: Comparison): string[] {
  const lines: string[] = [];
  for (const change of comparison.conformance) {
    const title = escapeProperty(`regatta: ${change.target} ${change.id} ${changeKindLabels[change.kind]}`);
    const message = escapeData(`${change.title}: ${change.baseline} -> ${change.candidate}${change.detail === undefined ? '' : ` (${change.detail})`}`);
    if (change.regression) {
      lines.push(`::error title=${title}::${message}`);
    } else if (change.kind === 'newly-warned' || change.kind === 'capability-lost') {
      lines.push(`::warning title=${title}::${message}`);
    }
  }
  for (const metric of comparison.load.filter((entry) => entry.verdict === 'regression')) {
    const where = `${metric.target}/${metric.scenario}${metric.operation === undefined ? '' : `/${metric.operation}`}`;
    lines.push(`::error title=${escapeProperty(`regatta: ${where} ${metric.metric.label} regressed`)}::${escapeData(formatContrast(metric))}`);
  }
  for (const notice of comparison.notices) {
    lines.push(`::warning title=regatta compare::${escapeData(notice)}`);
  }
  return lines;
}
