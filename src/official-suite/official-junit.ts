import { ConfigError } from '../errors/index.js';

/** What regatta takes from the official suite's junit.xml. */
export interface OfficialJunit {
  readonly counts: {
    readonly passed: number;
    readonly failed: number;
    readonly errored: number;
    readonly skipped: number;
    readonly durationMs: number;
  };
  /** Failed and errored tests in file order, messages decoded but not yet redacted. */
  readonly failures: readonly { readonly test: string; readonly status: 'failed' | 'errored'; readonly message: string }[];
}

/** The five XML entities and numeric references (Go's encoding/xml writes `&#34;`, `&#xA;`…). */
function decodeXmlText(text: string): string {
  const named: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (whole, entity: string) => {
    if (entity.startsWith('#x')) {
      return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    }
    if (entity.startsWith('#')) {
      return String.fromCodePoint(Number.parseInt(entity.slice(1), 10));
    }
    return named[entity] ?? whole;
  });
}

/** The value of attribute `name` in an attribute list, decoded, or undefined. */
function attribute(attributes: string, name: string): string | undefined {
  const value = new RegExp(`\\b${name}="([^"]*)"`).exec(attributes)?.[1];
  return value === undefined ? undefined : decodeXmlText(value);
}

/**
 * Reads the junit.xml of the official OCI conformance suite (2026, data-driven): one `<testcase>` per leaf test with
 * a `status` of passed, skipped (also disabled tests), failure or error, and the test's errors in `<system-out>`.
 * Names lose the suite's root (`OCI Conformance Test/`). Throws a ConfigError naming the file when it is not such a
 * report. Regex, not a DOM: the file is machine-written and a run's is ~1.5 MB.
 */
export function parseOfficialJunit(xml: string, file: string): OfficialJunit {
  const root = /<testsuites\b([^>]*)>/.exec(xml);
  if (root === null) {
    throw new ConfigError(`RESULTS_DIR: ${file} is not a JUnit report (no <testsuites>)`);
  }
  const suiteName = attribute(/<testsuite\b([^>]*)>/.exec(xml)?.[1] ?? '', 'name');
  const prefix = suiteName === undefined ? '' : `${suiteName}/`;
  const counts = { passed: 0, failed: 0, errored: 0, skipped: 0, durationMs: Number(attribute(root[1] ?? '', 'time') ?? 0) * 1000 };
  const failures: { test: string; status: 'failed' | 'errored'; message: string }[] = [];
  const testcase = /<testcase\b([^>]*?)(?:\/>|>([\s\S]*?)<\/testcase>)/g;
  for (const match of xml.matchAll(testcase)) {
    const attributes = match[1] ?? '';
    const name = attribute(attributes, 'name') ?? '';
    const test = name.startsWith(prefix) ? name.slice(prefix.length) : name;
    const status = attribute(attributes, 'status');
    if (status === 'failure' || status === 'error') {
      const out = /<system-out>([\s\S]*?)<\/system-out>/.exec(match[2] ?? '')?.[1];
      failures.push({ test, status: status === 'failure' ? 'failed' : 'errored', message: out === undefined ? '' : decodeXmlText(out).trim() });
      counts[status === 'failure' ? 'failed' : 'errored'] += 1;
    } else if (status === 'skipped') {
      counts.skipped += 1;
    } else if (status === 'passed') {
      counts.passed += 1;
    } else {
      throw new ConfigError(`RESULTS_DIR: ${file}: test "${test}" has status "${status ?? ''}", not one the official suite writes (passed, skipped, failure, error)`);
    }
  }
  if (!Number.isFinite(counts.durationMs) || counts.durationMs < 0) {
    throw new ConfigError(`RESULTS_DIR: ${file}: <testsuites time> is not a duration in seconds`);
  }
  return { counts, failures };
}
