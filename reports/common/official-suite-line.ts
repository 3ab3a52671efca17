import type { OfficialSuiteResult } from '../../src/model/index.js';
import { formatMs } from '../../src/model/format-number.js';

/**
 * One line about an imported official-suite run: its verdict, what it ran against, and its per-test counts, e.g.
 * `official OCI conformance suite (OCI_VERSION 1.1, 127.0.0.1:5000): failed · 860 tests: 762 passed, 76 failed, 22 skipped · 7.23 s`.
 */
export function officialSuiteLine(result: OfficialSuiteResult): string {
  const head = `official OCI conformance suite (OCI_VERSION ${result.specVersion}, ${result.registry}): ${result.status}`;
  const tests = result.tests;
  if (tests === undefined) {
    return head;
  }
  const total = tests.passed + tests.failed + tests.errored + tests.skipped;
  const errored = tests.errored > 0 ? `, ${tests.errored} errored` : '';
  return `${head} · ${total} tests: ${tests.passed} passed, ${tests.failed} failed${errored}, ${tests.skipped} skipped · ${formatMs(tests.durationMs)}`;
}
