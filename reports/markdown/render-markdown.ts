import type { RunResult, TargetResult } from '../../src/model/index.js';
import { apiCellText, buildApiMatrix, type ApiCell } from '../common/api-matrix.js';
import { reasonBesideTitle } from '../common/check-message.js';
import { iterationCountsText } from '../common/iteration-counts.js';
import { formatLabels, formatRoundTrip } from '../common/format-provenance.js';
import { notMeasuredText, scenarioMeasured } from '../common/scenario-measured.js';
import { formatNumber } from '../../src/model/format-number.js';
import { specSectionUrl } from '../common/spec-link.js';
import { profileLine, profileNotes } from '../common/profile-notes.js';
import { trafficLines } from '../common/traffic-lines.js';
import { countChecks, STATUS_ORDER } from '../common/status-counts.js';
import { officialSuiteLine } from '../common/official-suite-line.js';
import { escapeMarkdown as md } from './escape-markdown.js';

/** Status words with a symbol that reads in plain text and in GitHub's renderer. */
const STATUS_LABEL: Readonly<Record<string, string>> = {
  passed: '✅ passed',
  known: '🔵 known',
  warned: '⚠️ warned',
  failed: '❌ failed',
  errored: '💥 errored',
  skipped: '⏭️ skipped',
  disabled: '➖ disabled',
};

/** Most entries listed per target in one section, so a PR comment stays under GitHub's size limit. */
const MAX_ENTRIES_PER_TARGET = 50;

/**
 * Most characters of one entry's registry-supplied reason: one echoed 1 MiB error body must not fill the summary
 * (GitHub refuses a step summary over 1 MiB); the whole text stays in report.html and junit.xml.
 */
const MAX_REASON_CHARS = 300;

/** Which section of the summary an entry goes to. */
type Section = 'failures' | 'warnings';

/** The check statuses each section lists: failures turn CI red, warnings (SHOULD misses, known deviations) do not. */
const SECTION_STATUSES: Readonly<Record<Section, readonly string[]>> = {
  failures: ['failed', 'errored'],
  warnings: ['warned', 'known'],
};

/** `text` cut to `max` characters (whole code points) with `…`, before escaping so no escape is cut in half. */
function capped(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** `end-4a` as a link to the spec. */
function specLinks(spec: readonly string[]): string {
  return spec.map((section) => `[${md(section)}](${specSectionUrl(section)})`).join(', ');
}

/** Product and version, escaped, or `–`. */
function product(target: TargetResult): string {
  return target.product === undefined ? '–' : md(`${target.product.name} ${target.product.version ?? ''}`.trim());
}

/** The verdict table: one row per target. */
function verdictTable(run: RunResult): string[] {
  const profiles = run.targets.flatMap((target) => {
    const line = profileLine(target);
    return line === undefined ? [] : [`- ${md(target.name)}: ${md(line)}`];
  });
  const lines = [
    '| target | product | verdict | ' + STATUS_ORDER.join(' | ') + ' |',
    '|---|---|---|' + STATUS_ORDER.map(() => '---:').join('|') + '|',
  ];
  for (const target of run.targets) {
    const counts = countChecks(target);
    lines.push(`| ${md(target.name)} | ${product(target)} | ${STATUS_LABEL[target.status] ?? target.status} | ${STATUS_ORDER.map((s) => counts[s]).join(' | ')} |`);
  }
  return profiles.length === 0 ? lines : [...lines, '', 'Expectation profiles:', '', ...profiles];
}

/** A warning line naming every target run with TLS verification off, or nothing. */
function insecureNote(run: RunResult): string[] {
  const names = run.targets.filter((target) => target.insecure === true).map((target) => md(target.name));
  return names.length === 0 ? [] : [`> ⚠️ TLS verification off (\`--insecure\`) for: ${names.join(', ')}`, ''];
}

/**
 * One section's entries for one target, each a line with its spec links and a capped reason: for failures the
 * target's own error, expired profile entries and failed/errored checks; for warnings the warned and known checks, the
 * profile entries that now pass, and the target's 429s and Warning headers.
 */
function sectionList(target: TargetResult, section: Section): string[] {
  const statuses = SECTION_STATUSES[section];
  const checks = target.suites.flatMap((suite) => suite.checks.filter((check) => statuses.includes(check.status)));
  const notes = profileNotes(target).filter((note) => (note.kind === 'expired') === (section === 'failures'));
  const entries: string[] = [];
  if (section === 'failures' && target.error !== undefined) {
    entries.push(`- 💥 target: ${md(capped(target.error, MAX_REASON_CHARS))}`);
  }
  for (const note of notes) {
    entries.push(`- ${note.kind === 'expired' ? '❌' : '🔵'} ${md(capped(note.text, MAX_REASON_CHARS))}`);
  }
  // 429s waited out and Warning headers: not failures, but never hidden.
  for (const line of section === 'warnings' ? trafficLines(target) : []) {
    entries.push(`- 🚦 ${md(capped(line, MAX_REASON_CHARS))}`);
  }
  for (const check of checks) {
    const cited = check.statement === undefined ? '' : ` [${check.statement.keyword}](${check.statement.url})`;
    const spec = check.spec.length > 0 ? ` (${specLinks(check.spec)}${cited})` : cited === '' ? '' : ` (${cited.trim()})`;
    entries.push(
      `- ${STATUS_LABEL[check.status] ?? check.status} \`${check.id.replace(/`/g, '')}\` ${md(check.title)}${spec}: ${md(capped(reasonBesideTitle(check), MAX_REASON_CHARS))}`,
    );
  }
  if (entries.length === 0) {
    return [];
  }
  const more = entries.length - MAX_ENTRIES_PER_TARGET;
  return [
    `### ${md(target.name)}`,
    '',
    ...entries.slice(0, MAX_ENTRIES_PER_TARGET),
    ...(more > 0 ? [`- … ${more} more (see report.html)`] : []),
    '',
  ];
}

/** The load table: one row per target and scenario. */
function loadTable(run: RunResult): string[] {
  const rows = run.targets.flatMap((target) => target.scenarios.map((scenario) => ({ target, scenario })));
  if (rows.length === 0) {
    return [];
  }
  const lines = [
    '## Load',
    '',
    '| target | scenario | status | MB/s | req/s | p50 ms | p90 ms | p95 ms | p99 ms | errors | iterations | thresholds |',
    '|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|',
  ];
  for (const { target, scenario } of rows) {
    if (!scenarioMeasured(scenario)) {
      // Nothing was measured: dashes, not zeros, and the reason where the thresholds would be.
      lines.push(`| ${md(target.name)} | ${md(scenario.id)} | ${STATUS_LABEL[scenario.status] ?? scenario.status} | – | – | – | – | – | – | – | – | ${md(notMeasuredText(scenario))} |`);
      continue;
    }
    const thresholds = scenario.thresholds.map((t) => `${t.passed ? '✅' : '❌'} ${md(`${t.metric} ${t.condition}`)}`).join('<br>');
    lines.push(
      `| ${md(target.name)} | ${md(scenario.id)} | ${STATUS_LABEL[scenario.status] ?? scenario.status} | ${formatNumber(scenario.throughput.mbps)} | ` +
        `${formatNumber(scenario.requests.perSec)} | ${formatNumber(scenario.latency.p50)} | ${formatNumber(scenario.latency.p90)} | ${formatNumber(scenario.latency.p95)} | ` +
        `${formatNumber(scenario.latency.p99)} | ${scenario.errors} | ${iterationCountsText(scenario)} | ${thresholds || '–'} |`,
    );
  }
  lines.push('');
  return lines;
}

/** The per-API matrix: passed of judged checks per API and target, with the worst status's symbol. */
function apiTable(run: RunResult): string[] {
  const rows = buildApiMatrix(run.targets);
  if (rows.length === 0) {
    return [];
  }
  const symbol = (cell: ApiCell): string => (cell.worst === undefined ? '' : `${(STATUS_LABEL[cell.worst] ?? '').split(' ')[0] ?? ''} `);
  return [
    '## Per-API results',
    '',
    `| API | ${run.targets.map((target) => md(target.name)).join(' | ')} |`,
    `|---|${run.targets.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| \`${row.api}\` | ${row.cells.map((cell) => `${symbol(cell)}${apiCellText(cell)}`).join(' | ')} |`),
    '',
  ];
}

/**
 * The official OCI conformance suite beside regatta, for targets it was imported for: both verdicts per target, then
 * per target the official API and content-set verdicts that failed and its failing tests (capped like the
 * failure list).
 */
function officialSection(run: RunResult): string[] {
  const targets = run.targets.filter((target) => target.officialSuite !== undefined);
  if (targets.length === 0) {
    return [];
  }
  const lines = ['## Official OCI conformance suite', '', '| target | regatta | official suite |', '|---|---|---|'];
  for (const target of targets) {
    const counts = countChecks(target);
    const regatta = `${STATUS_LABEL[target.status] ?? target.status} (${counts.passed} passed, ${counts.warned} warned, ${counts.failed} failed)`;
    const official = target.officialSuite;
    lines.push(`| ${md(target.name)} | ${regatta} | ${official === undefined ? '–' : md(officialSuiteLine(official))} |`);
  }
  lines.push('');
  for (const target of targets) {
    const official = target.officialSuite;
    if (official === undefined) {
      continue;
    }
    const areas = official.areas.filter((area) => area.status === 'failed' || area.status === 'errored');
    const entries = [
      ...areas.map((area) => `- ${STATUS_LABEL[area.status] ?? area.status} ${area.kind} ${md(area.name)}`),
      ...official.failures.map((failure) => `- ${STATUS_LABEL[failure.status] ?? failure.status} \`${failure.test.replace(/`/g, '')}\`: ${md(capped(failure.message.replace(/\s+/g, ' '), MAX_REASON_CHARS))}`),
    ];
    if (entries.length === 0) {
      continue;
    }
    const more = entries.length - MAX_ENTRIES_PER_TARGET;
    lines.push(`### ${md(target.name)}: official suite`, '', ...entries.slice(0, MAX_ENTRIES_PER_TARGET), ...(more > 0 ? [`- … ${more} more (see report.html)`] : []), '');
  }
  return lines;
}

/** The run's labels and each target's round trip to /v2/, when recorded. */
function provenanceLines(run: RunResult): string[] {
  const lines = [
    ...(run.specVersion === undefined ? [] : [`Graded against distribution-spec ${md(run.specVersion)}${run.grading === 'strict' ? " with regatta's strict profile" : ''}`]),
    ...(run.labels === undefined || Object.keys(run.labels).length === 0 ? [] : [`Labels: ${md(formatLabels(run.labels))}`]),
    ...run.targets.flatMap((target) => (target.roundTrip === undefined ? [] : [`${md(target.name)}: ${md(formatRoundTrip(target.roundTrip))}`])),
  ];
  return lines.length === 0 ? [] : [lines.join('  \n'), ''];
}

/**
 * Markdown summary for `$GITHUB_STEP_SUMMARY` and pull-request comments: verdict table per target, failures and
 * then warnings (each with links to its spec sections, reasons capped, at most 50 per target), and the load table. Every registry-supplied string is escaped.
 */
export function renderMarkdown(run: RunResult): string {
  const failures = run.targets.flatMap((target) => sectionList(target, 'failures'));
  const warnings = run.targets.flatMap((target) => sectionList(target, 'warnings'));
  const lines = [
    `# regatta ${md(run.kind)}: ${STATUS_LABEL[run.status] ?? run.status}`,
    '',
    `Run \`${run.runId.replace(/`/g, '')}\` · ${run.startedAt} · ${formatNumber(run.durationMs / 1000, 1)} s · regatta ${md(run.environment.regattaVersion)}` +
      (run.interrupted ? ' · **interrupted: partial results**' : ''),
    '',
    ...provenanceLines(run),
    ...verdictTable(run),
    '',
    ...insecureNote(run),
    ...(failures.length > 0 ? ['## Failures', '', ...failures] : []),
    ...(warnings.length > 0 ? ['## Warnings', '', ...warnings] : []),
    ...apiTable(run),
    ...officialSection(run),
    ...loadTable(run),
  ];
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
