import type { RegistryResponse } from '../client/types.js';
import { ConformanceFailure } from '../errors/index.js';
import { errorEntriesOf } from '../oci/error-body.js';

/** Where an expectation comes from: a one-line rule and its spec sections. */
export interface Rule {
  /** The rule in words, used as the failure message prefix: "HEAD on a missing blob returns 404". */
  readonly rule: string;
  readonly spec?: readonly string[];
  /** `SHOULD` makes a miss warn even inside a MUST check. */
  readonly level?: 'MUST' | 'SHOULD';
}

/** The request a failure names: a response's method and final URL, or those of a request that got no response. */
export type RequestLine = Pick<RegistryResponse, 'method' | 'url'>;

/** Request line of a response (method and final URL), for failure details. */
function requestOf(response: RequestLine): { readonly method: string; readonly url: string } {
  return { method: response.method, url: response.url };
}

/** Short description of a response for "actual": status, error codes and a body excerpt. */
export function describeResponse(response: RegistryResponse): string {
  const codes = errorCodesOf(response);
  const suffix = codes.length > 0 ? ` ${codes.join(',')}` : '';
  return `status ${response.status}${suffix}`;
}

/** Throws a ConformanceFailure built from a rule, expected and actual. */
export function fail(rule: Rule, expected: string, actual: string, response?: RequestLine): never {
  throw new ConformanceFailure(`${rule.rule}: expected ${expected}, got ${actual}`, {
    expected,
    actual,
    ...(response === undefined ? {} : requestOf(response)),
    ...(rule.spec === undefined ? {} : { spec: rule.spec }),
    ...(rule.level === undefined ? {} : { level: rule.level }),
  });
}

/** The response status must be one of `statuses`. The status is checked before anything else (PR #420). */
export function expectStatus(response: RegistryResponse, statuses: readonly number[], rule: Rule): void {
  if (!statuses.includes(response.status)) {
    fail(rule, `status ${statuses.join(' or ')}`, describeResponse(response), response);
  }
}

/** The header must be present (non-empty); returns its value. */
export function expectHeader(response: RegistryResponse, name: string, rule: Rule): string {
  const value = response.headers[name.toLowerCase()];
  if (value === undefined || value === '') {
    fail(rule, `header ${name}`, `no ${name} header (${describeResponse(response)})`, response);
  }
  return value;
}

/** The header must equal `expected` exactly. */
export function expectHeaderEquals(response: RegistryResponse, name: string, expected: string, rule: Rule): void {
  const value = expectHeader(response, name, rule);
  if (value !== expected) {
    fail(rule, `${name}: ${expected}`, `${name}: ${value}`, response);
  }
}

/** Error codes in a JSON error body (`{"errors":[{"code":…}]}`), empty when the body is not such JSON. */
export function errorCodesOf(response: RegistryResponse): string[] {
  return errorEntriesOf(response.json()).map((entry) => entry.code);
}

/**
 * The body must be a JSON error body carrying one of `codes` (code-N). A 4xx MAY have any body (spec §2), so callers
 * use `level: 'SHOULD'` unless the rule makes the code mandatory.
 */
export function expectErrorCode(response: RegistryResponse, codes: readonly string[], rule: Rule): void {
  const found = errorCodesOf(response);
  if (!found.some((code) => codes.includes(code))) {
    const actual = found.length > 0 ? `error codes ${found.join(', ')}` : `no JSON error code (body: ${excerpt(response)})`;
    fail(rule, `error code ${codes.join(' or ')}`, actual, response);
  }
}

/** A printable excerpt of a response body, at most `max` characters. */
export function excerpt(response: RegistryResponse, max = 200): string {
  const text = response.text().replace(/\s+/g, ' ').trim();
  if (text === '') {
    return '(empty)';
  }
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Asserts a condition about anything; `actual` describes what was seen when it is false. */
export function expectThat(condition: boolean, rule: Rule, expected: string, actual: string, response?: RequestLine): void {
  if (!condition) {
    fail(rule, expected, actual, response);
  }
}

/** The rule a check's definition states: its title is the sentence, its spec sections the source. */
export function ruleOfCheck(check: { readonly title: string; readonly spec: readonly string[] }): Rule {
  return { rule: check.title, spec: check.spec };
}

/** A sub-step derived from a check's rule: its own sentence, the check's spec unless given, an optional SHOULD. */
export function stepOfRule(rule: Rule, text: string, options: { readonly spec?: readonly string[]; readonly level?: 'SHOULD' | undefined } = {}): Rule {
  const spec = options.spec ?? rule.spec;
  return { rule: text, ...(spec === undefined ? {} : { spec }), ...(options.level === undefined ? {} : { level: options.level }) };
}
