/** Checks run by a conformance tool, by outcome. */
export interface CheckCounts {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
}

/** Ginkgo statuses that mean the spec did not hold (its JUnit `status` attribute). */
const failedStatuses = new Set(['failed', 'panicked', 'timedout', 'aborted', 'interrupted']);
/** Ginkgo statuses of specs that did not run. */
const skippedStatuses = new Set(['skipped', 'pending']);

/**
 * Counts the test cases of a JUnit report (as written by the public OCI conformance suite's Ginkgo runner).
 * Each `<testcase>` is classified by its Ginkgo `status` attribute when present, else by a `<failure>`/`<error>`
 * (failed) or `<skipped>` (skipped) child. Ginkgo's `[ReportAfterSuite]`/`[ReportBeforeSuite]` entries are reporter
 * hooks, not checks, so they are left out.
 */
export function parseJunitCounts(xml: string): CheckCounts {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  // A test case is either self-closing or runs to its </testcase>; the lazy body stops at the first close tag.
  const testcase = /<testcase\b([^>]*?)(?:\/>|>([\s\S]*?)<\/testcase>)/g;
  for (const match of xml.matchAll(testcase)) {
    const attributes = match[1] ?? '';
    const body = match[2] ?? '';
    const name = /\bname="([^"]*)"/.exec(attributes)?.[1] ?? '';
    if (/^\[Report(After|Before)Suite\]/.test(name)) {
      continue;
    }
    const status = /\bstatus="([^"]*)"/.exec(attributes)?.[1];
    if (status !== undefined ? failedStatuses.has(status) : /<(failure|error)\b/.test(body)) {
      failed += 1;
    } else if (status !== undefined ? skippedStatuses.has(status) : /<skipped\b/.test(body)) {
      skipped += 1;
    } else {
      passed += 1;
    }
  }
  return { passed, failed, skipped };
}
