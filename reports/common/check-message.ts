import type { CheckResult, KnownDeviation } from '../../src/model/index.js';

/** `known deviation (profile zot, until 2027-06-30): <reason> [<source>]`. */
function knownPrefix(known: KnownDeviation): string {
  return `known deviation (profile ${known.profile}, until ${known.expires}, was ${known.was}): ${known.reason} [${known.source}]`;
}

/** One-line reason a check did not pass (first error message, or the skip reason); empty for a pass. */
export function checkMessage(check: CheckResult): string {
  switch (check.status) {
    case 'passed':
      return '';
    case 'skipped':
    case 'disabled':
      return check.reason;
    case 'known':
      return `${knownPrefix(check.known)}; observed: ${check.errors.map((error) => error.message).join('; ')}`;
    default:
      return check.errors.map((error) => error.message).join('; ');
  }
}

/**
 * The one-line reason for a list that already shows the check's title beside it: checks word their errors as
 * `<title> (<detail>): expected …, got …`, so the title is dropped from the front instead of being read twice.
 */
export function reasonBesideTitle(check: CheckResult): string {
  const message = checkMessage(check);
  if (check.title === '' || !message.startsWith(check.title)) {
    return message;
  }
  const rest = message.slice(check.title.length).replace(/^:\s*/, '').trim();
  return rest === '' ? message : rest;
}

/**
 * The normative statement a check cites and how it was graded: `statement: MUST <link> "<words>"`, and the strict
 * profile's reason when it raised the level. Empty for a check that cites none.
 */
export function citationLines(check: CheckResult): string[] {
  return [
    ...(check.statement === undefined ? [] : [`statement: ${check.statement.keyword} ${check.statement.url} "${check.statement.says}"`]),
    ...(check.strict === undefined ? [] : [`graded MUST by regatta's strict profile (not the spec's words): ${check.strict}`]),
  ];
}

/** Multi-line detail of a non-passing check: each error with expected/actual/method/url/spec, then its statement. */
export function checkDetail(check: CheckResult): string {
  if (check.status === 'passed' || check.status === 'skipped' || check.status === 'disabled') {
    return checkMessage(check);
  }
  const citation = citationLines(check);
  const prefix = check.status === 'known' ? `${knownPrefix(check.known)}\n\n` : '';
  return prefix + check.errors
    .map((error) => {
      const lines = [error.message];
      if (error.expected !== undefined) {
        lines.push(`expected: ${error.expected}`);
      }
      if (error.actual !== undefined) {
        lines.push(`actual: ${error.actual}`);
      }
      if (error.method !== undefined || error.url !== undefined) {
        lines.push(`request: ${error.method ?? ''} ${error.url ?? ''}`.trim());
      }
      if (error.code !== undefined) {
        lines.push(`code: ${error.code}`);
      }
      const spec = error.spec ?? check.spec;
      if (spec.length > 0) {
        lines.push(`spec: ${spec.join(', ')}`);
      }
      return lines.join('\n');
    })
    .join('\n\n') + (citation.length === 0 ? '' : `\n${citation.join('\n')}`);
}
