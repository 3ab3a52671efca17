import type { RunResult, Status, TargetResult } from '../../src/model/index.js';
import { checkMessage } from '../common/check-message.js';
import { iterationCountsText } from '../common/iteration-counts.js';
import { notMeasuredText, scenarioMeasured } from '../common/scenario-measured.js';
import { formatNumber } from '../../src/model/format-number.js';
import { profileLine, profileNotes } from '../common/profile-notes.js';
import { trafficLines } from '../common/traffic-lines.js';
import { countChecks, STATUS_ORDER } from '../common/status-counts.js';
import { stripControlChars } from '../common/strip-control.js';

/** Options of {@link renderConsoleSummary}. */
export interface ConsoleSummaryOptions {
  /**
   * Colour statuses with ANSI escapes.
   * @default false
   */
  readonly color?: boolean;
}

/** ANSI colour per status. */
const COLOR: Readonly<Record<Status, string>> = {
  passed: '32',
  known: '36',
  warned: '33',
  failed: '31',
  errored: '35',
  skipped: '90',
  disabled: '90',
};

/** Longest registry text kept on one line. */
const MAX_REASON = 160;

/** Registry text made safe for a terminal line: no control characters (no escape sequences), no newlines, bounded. */
function oneLine(text: string): string {
  const flat = stripControlChars(text.replace(/[\r\n\t]+/g, ' '));
  return flat.length > MAX_REASON ? `${flat.slice(0, MAX_REASON - 1)}…` : flat;
}

/** Pads each column to its widest cell: text columns left-aligned, count columns right-aligned. */
function table(rows: readonly (readonly string[])[], leftColumns: ReadonlySet<number>): string[] {
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((row) => (row[col] ?? '').length))) ?? [];
  return rows.map((row) =>
    row
      .map((cell, col) => (leftColumns.has(col) ? cell.padEnd(widths[col] ?? 0) : cell.padStart(widths[col] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

/** ` (graded against spec 1.1, strict)`: what the verdicts mean; empty for a run without checks. */
function gradedAgainst(run: RunResult): string {
  return run.specVersion === undefined ? '' : ` (graded against distribution-spec ${run.specVersion}${run.grading === 'strict' ? ", regatta's strict profile" : ''})`;
}

/** Scenario cells `id 12.3 MB/s p99 40 ms` of a target, or `–`. */
function scenarioCell(target: TargetResult): string {
  if (target.scenarios.length === 0) {
    return '–';
  }
  return target.scenarios
    .map((s) =>
      scenarioMeasured(s)
        ? `${oneLine(s.id)} ${formatNumber(s.throughput.mbps)} MB/s p99 ${formatNumber(s.latency.p99)} ms, iterations ${iterationCountsText(s)}`
        : `${oneLine(s.id)} ${oneLine(notMeasuredText(s))}`,
    )
    .join('; ');
}

/**
 * Compact console summary: a table of check counts per target with scenario MB/s and p99, then every failed or
 * errored check id with its one-line reason. Pure: returns the text.
 */
export function renderConsoleSummary(run: RunResult, options: ConsoleSummaryOptions = {}): string {
  const paint = (status: Status, text: string): string => (options.color === true ? `\u001b[${COLOR[status]}m${text}\u001b[0m` : text);
  const header = ['target', 'status', ...STATUS_ORDER, 'load'];
  const rows = run.targets.map((target) => {
    const counts = countChecks(target);
    return [oneLine(target.name), target.status, ...STATUS_ORDER.map((s) => String(counts[s])), scenarioCell(target)];
  });
  const lines = table([header, ...rows], new Set([0, 1, header.length - 1])).map((line, index) => {
    const target = index === 0 ? undefined : run.targets[index - 1];
    return target === undefined ? line : line.replace(` ${target.status} `, ` ${paint(target.status, target.status)} `);
  });
  const problems: string[] = [];
  for (const target of run.targets) {
    if (target.insecure === true) {
      problems.push(`${paint('warned', '!')} ${oneLine(target.name)}: TLS verification off (--insecure)`);
    }
    if (target.error !== undefined) {
      problems.push(`${paint('errored', 'E')} ${oneLine(target.name)}: ${oneLine(target.error)}`);
    }
    const profile = profileLine(target);
    if (profile !== undefined) {
      problems.push(`${paint('known', 'k')} ${oneLine(target.name)}: ${oneLine(profile)}`);
    }
    for (const note of profileNotes(target)) {
      const status = note.kind === 'expired' ? 'failed' : 'known';
      problems.push(`${paint(status, note.kind === 'expired' ? '✗' : '!')} ${oneLine(target.name)}: ${oneLine(note.text)}`);
    }
    // An optional feature the probe found absent skips its checks: say so, so a regression from 202 to 405 is seen.
    const absent = target.capabilities.filter((capability) => capability.support === 'unsupported');
    if (absent.length > 0) {
      const named = absent.map((capability) => `${capability.id}${capability.detail === undefined ? '' : ` (${capability.detail})`}`);
      problems.push(`${paint('skipped', '-')} ${oneLine(target.name)}: capability absent, its checks skipped: ${oneLine(named.join(', '))}`);
    }
    for (const line of trafficLines(target)) {
      problems.push(`${paint('warned', '~')} ${oneLine(target.name)}: ${oneLine(line)}`);
    }
    for (const suite of target.suites) {
      for (const check of suite.checks) {
        if (check.status === 'failed' || check.status === 'errored') {
          const mark = check.status === 'failed' ? '✗' : 'E';
          problems.push(`${paint(check.status, mark)} ${oneLine(target.name)} ${check.id}: ${oneLine(checkMessage(check))}`);
        }
      }
    }
    for (const scenario of target.scenarios) {
      for (const threshold of scenario.thresholds.filter((t) => !t.passed)) {
        problems.push(`${paint('failed', '✗')} ${oneLine(target.name)} load/${oneLine(scenario.id)}: threshold ${oneLine(`${threshold.metric} ${threshold.condition}`)} crossed (actual ${formatNumber(threshold.actual)})`);
      }
      if (scenario.status === 'failed' && scenario.reason !== undefined) {
        problems.push(`${paint('failed', '✗')} ${oneLine(target.name)} load/${oneLine(scenario.id)}: ${oneLine(scenario.reason)}`);
      }
      const left = scenario.cleanup?.leftovers ?? [];
      if (left.length > 0) {
        // What the bench could not delete is named, never hidden behind a clean-looking summary.
        problems.push(`${paint('warned', '!')} ${oneLine(target.name)} load/${oneLine(scenario.id)}: left in the registry: ${oneLine(left.slice(0, 3).join('; '))}${left.length > 3 ? ` (+${left.length - 3} more in results.json)` : ''}`);
      }
    }
  }
  const verdict = `${run.interrupted ? 'interrupted, partial results: ' : ''}run ${run.runId} ${paint(run.status, run.status)} in ${formatNumber(run.durationMs / 1000, 1)} s${gradedAgainst(run)}`;
  return `${[...lines, ...(problems.length > 0 ? ['', ...problems] : []), '', verdict].join('\n')}\n`;
}
