import type { CheckResult, RunResult, TargetResult } from '../../src/model/index.js';
import { checkMessage } from '../common/check-message.js';
import { notMeasuredText, scenarioMeasured } from '../common/scenario-measured.js';
import { formatNumber } from '../common/format-number.js';
import { specSectionUrl } from '../common/spec-link.js';
import { profileLine, profileNotes } from '../common/profile-notes.js';
import { countChecks, STATUS_ORDER } from '../common/status-counts.js';
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

/** Most failures listed per target, so a PR comment stays under GitHub's size limit. */
const MAX_FAILURES_PER_TARGET = 50;

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

/** Failed and errored checks (and warnings) of one target as a list with spec links. */
function failureList(target: TargetResult): string[] {
  const bad: { suite: string; check: CheckResult }[] = target.suites.flatMap((suite) =>
    suite.checks.filter((c) => ['failed', 'errored', 'warned', 'known'].includes(c.status)).map((check) => ({ suite: suite.id, check })),
  );
  const notes = profileNotes(target);
  if (bad.length === 0 && target.error === undefined && notes.length === 0) {
    return [];
  }
  const lines = [`### ${md(target.name)}`, ''];
  if (target.error !== undefined) {
    lines.push(`- 💥 target: ${md(target.error)}`);
  }
  for (const note of notes) {
    lines.push(`- ${note.kind === 'expired' ? '❌' : '🔵'} ${md(note.text)}`);
  }
  for (const { check } of bad.slice(0, MAX_FAILURES_PER_TARGET)) {
    const spec = check.spec.length > 0 ? ` (${specLinks(check.spec)})` : '';
    lines.push(`- ${STATUS_LABEL[check.status] ?? check.status} \`${check.id.replace(/`/g, '')}\` ${md(check.title)}${spec}: ${md(checkMessage(check))}`);
  }
  if (bad.length > MAX_FAILURES_PER_TARGET) {
    lines.push(`- … and ${bad.length - MAX_FAILURES_PER_TARGET} more (see report.html)`);
  }
  lines.push('');
  return lines;
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
    '| target | scenario | status | MB/s | req/s | p50 ms | p90 ms | p95 ms | p99 ms | errors | thresholds |',
    '|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const { target, scenario } of rows) {
    if (!scenarioMeasured(scenario)) {
      // Nothing was measured: dashes, not zeros, and the reason where the thresholds would be.
      lines.push(`| ${md(target.name)} | ${md(scenario.id)} | ${STATUS_LABEL[scenario.status] ?? scenario.status} | – | – | – | – | – | – | ${md(notMeasuredText(scenario))} |`);
      continue;
    }
    const thresholds = scenario.thresholds.map((t) => `${t.passed ? '✅' : '❌'} ${md(`${t.metric} ${t.condition}`)}`).join('<br>');
    lines.push(
      `| ${md(target.name)} | ${md(scenario.id)} | ${STATUS_LABEL[scenario.status] ?? scenario.status} | ${formatNumber(scenario.throughput.mbps)} | ` +
        `${formatNumber(scenario.requests.perSec)} | ${formatNumber(scenario.latency.p50)} | ${formatNumber(scenario.latency.p90)} | ${formatNumber(scenario.latency.p95)} | ` +
        `${formatNumber(scenario.latency.p99)} | ${scenario.errors} | ${thresholds || '–'} |`,
    );
  }
  lines.push('');
  return lines;
}

/**
 * Markdown summary for `$GITHUB_STEP_SUMMARY` and pull-request comments: verdict table per target, failures with
 * links to their spec sections, and the load table. Every registry-supplied string is escaped.
 */
export function renderMarkdown(run: RunResult): string {
  const failures = run.targets.flatMap(failureList);
  const lines = [
    `# regatta ${md(run.kind)}: ${STATUS_LABEL[run.status] ?? run.status}`,
    '',
    `Run \`${run.runId.replace(/`/g, '')}\` · ${run.startedAt} · ${formatNumber(run.durationMs / 1000, 1)} s · regatta ${md(run.environment.regattaVersion)}` +
      (run.interrupted ? ' · **interrupted: partial results**' : ''),
    '',
    ...verdictTable(run),
    '',
    ...insecureNote(run),
    ...(failures.length > 0 ? ['## Failures', '', ...failures] : []),
    ...loadTable(run),
  ];
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
