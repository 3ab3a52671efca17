import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { suites } from '../../suites/index.js';
import { runConformance } from '../conformance/run-conformance.js';
import { defaultCheckConcurrency } from '../config/check-concurrency.js';
import type { LabTarget } from '../lab/index.js';
import { labResolvedTarget } from '../lab/index.js';
import { parseJunitCounts, type CheckCounts } from './junit-counts.js';
import { runTool } from './run-tool.js';

/** One line of the conformance speed table. */
export interface ConformanceBenchRow extends CheckCounts {
  readonly tool: string;
  readonly wallSeconds: number;
  /** Why the counts may be incomplete (a timeout, an exit without a report…). */
  readonly note?: string;
}

/** The public suite takes about a second on a local registry; a hang must not hang the bench. */
const ociTimeoutMs = 5 * 60 * 1000;

/**
 * Runs regatta's full conformance (every suite, at the default concurrency) against one lab registry, timed from the
 * call to the result. Counts are per check: warned counts as passed (a SHOULD was missed, the check ran), errored as
 * failed, disabled as skipped; the note gives the concurrency, then warned and errored separately.
 */
export async function benchRegattaConformance(target: LabTarget): Promise<ConformanceBenchRow> {
  const start = performance.now();
  // The default concurrency, named here so the table says what the figure measured.
  const concurrency = defaultCheckConcurrency;
  const run = await runConformance({ targets: [labResolvedTarget(target)], suites, concurrency });
  const wallSeconds = (performance.now() - start) / 1000;
  const checks = run.targets.flatMap((result) => result.suites.flatMap((suite) => suite.checks));
  const count = (...statuses: string[]): number => checks.filter((check) => statuses.includes(check.status)).length;
  const targetError = run.targets.find((result) => result.error !== undefined)?.error;
  return {
    tool: 'regatta conformance',
    passed: count('passed', 'warned'),
    failed: count('failed', 'errored'),
    skipped: count('skipped', 'disabled'),
    wallSeconds,
    note: `concurrency ${concurrency}, ${count('warned')} warned, ${count('errored')} errored${targetError === undefined ? '' : `; ${targetError}`}`,
  };
}

/**
 * Runs the public OCI conformance suite (the `go test -c` binary of the `oci-conformance` lab component) against
 * `rootUrl` with every workflow on, cwd and report dir in `workDir`, timed by GNU time; counts come from the
 * junit.xml it writes.
 */
export async function benchOciConformance(binary: string, rootUrl: string, workDir: string): Promise<ConformanceBenchRow> {
  const reportDir = join(workDir, 'oci-conformance-report');
  await mkdir(reportDir, { recursive: true });
  const env = {
    OCI_ROOT_URL: rootUrl,
    OCI_NAMESPACE: 'regatta-oci/conformance',
    OCI_CROSSMOUNT_NAMESPACE: 'regatta-oci/other',
    OCI_TEST_PULL: '1',
    OCI_TEST_PUSH: '1',
    OCI_TEST_CONTENT_DISCOVERY: '1',
    OCI_TEST_CONTENT_MANAGEMENT: '1',
    OCI_DELETE_MANIFEST_BEFORE_BLOBS: '1',
    OCI_REPORT_DIR: reportDir,
  };
  // A failed spec exits 1 by design; only a missing report makes the counts unknown.
  const run = await runTool(binary, [], { timeoutMs: ociTimeoutMs, workDir, env, cwd: workDir });
  const junit = await readFile(join(reportDir, 'junit.xml'), 'utf8').catch(() => undefined);
  const counts = junit === undefined ? { passed: 0, failed: 0, skipped: 0 } : parseJunitCounts(junit);
  const note =
    junit === undefined
      ? `no junit.xml (exit ${run.exitCode}): ${run.stderr.trim().split('\n').at(-1) ?? ''}`
      : `exit ${run.exitCode}`;
  return { tool: 'OCI conformance (Go)', ...counts, wallSeconds: run.wallSeconds, note };
}

/** Renders the rows as a Markdown table; `ratio` = this tool's wall time / the public suite's (the reference). */
export function formatConformanceTable(rows: readonly ConformanceBenchRow[], reference: string): string {
  const base = rows.find((row) => row.tool === reference)?.wallSeconds ?? Number.NaN;
  const lines = [
    '| tool | checks run (passed/failed/skipped) | wall s | ms per check | wall ratio vs public suite | note |',
    '|---|---|---|---|---|---|',
  ];
  for (const row of rows) {
    const ran = row.passed + row.failed;
    const ratio = base > 0 ? (row.wallSeconds / base).toFixed(2) : '';
    const perCheck = ran > 0 ? ((row.wallSeconds * 1000) / ran).toFixed(1) : '';
    lines.push(
      `| ${row.tool} | ${ran} (${row.passed}/${row.failed}/${row.skipped}) | ${row.wallSeconds.toFixed(2)} | ${perCheck} | ${ratio} | ${row.note ?? ''} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
