import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { suites } from '../../suites/index.js';
import { runConformance } from '../conformance/run-conformance.js';
import { defaultCheckConcurrency } from '../config/check-concurrency.js';
import type { LabTarget } from '../lab/index.js';
import { labResolvedTarget, loggedRequests, processCpuSeconds } from '../lab/index.js';
import { labProductHasReferrers, officialSuiteEnv } from '../official-suite/official-suite-env.js';
import { readOfficialResults } from '../official-suite/read-official-results.js';
import { runTool } from './run-tool.js';

/** The official suite's row name: the reference of the table's wall ratio. */
export const officialSuiteTool = 'official OCI conformance suite';

/** One line of the conformance speed table. */
export interface ConformanceBenchRow {
  readonly tool: string;
  /** Checks (regatta) or leaf tests (official suite) by outcome. */
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly wallSeconds: number;
  /** CPU (user + system) of the tool itself, in seconds: this process for regatta, the suite's process for the official one. */
  readonly toolCpuSeconds?: number | undefined;
  /**
   * CPU the registry spent meanwhile, in seconds. With the tool's, it shows which side of a 2-core machine a run
   * loaded: a run that keeps both cores busy cannot go faster than their sum allows, whatever its concurrency.
   */
  readonly registryCpuSeconds?: number | undefined;
  /**
   * Requests the registry answered meanwhile, counted in its access log (undefined for a registry without one): with
   * its CPU, what each tool asked of it, counted the same way for both.
   */
  readonly registryRequests?: number | undefined;
  /** Why the counts may be incomplete (a timeout, an exit without a report…). */
  readonly note?: string;
}

/** The official suite takes seconds on a local registry; a hang must not hang the bench. */
const ociTimeoutMs = 5 * 60 * 1000;

/** The growth between two readings of a counter (CPU seconds, logged requests), or undefined when either is missing. */
function spent(before: number | undefined, after: number | undefined): number | undefined {
  return before === undefined || after === undefined ? undefined : after - before;
}

/** Lets the registry's access log catch up: it writes a request's line just after sending the answer. */
const logSettleMs = 200;

/** The registry's counters at one moment: CPU seconds so far, and requests logged so far (undefined when unreadable). */
interface RegistryCounters {
  readonly cpu: number | undefined;
  readonly requests: number | undefined;
}

/** What the registry spent on a run: its CPU, and the requests it logged (read once its log has caught up). */
async function registrySide(target: LabTarget, before: RegistryCounters): Promise<Pick<ConformanceBenchRow, 'registryCpuSeconds' | 'registryRequests'>> {
  const registryCpuSeconds = spent(before.cpu, processCpuSeconds(target.pid));
  await new Promise((resolve) => setTimeout(resolve, logSettleMs));
  return { registryCpuSeconds, registryRequests: spent(before.requests, loggedRequests(target)) };
}

/** The registry's counters before a run, for {@link registrySide}. */
function registryBefore(target: LabTarget): RegistryCounters {
  return { cpu: processCpuSeconds(target.pid), requests: loggedRequests(target) };
}

/**
 * Runs regatta's full conformance (every suite, at the default concurrency) against one lab registry, timed from the
 * call to the result. Counts are per check: warned counts as passed (a SHOULD was missed, the check ran), errored as
 * failed, disabled as skipped; the note gives the concurrency, then warned and errored separately.
 */
export async function benchRegattaConformance(target: LabTarget): Promise<ConformanceBenchRow> {
  const before = registryBefore(target);
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  // The default concurrency, named here so the table says what the figure measured.
  const concurrency = defaultCheckConcurrency;
  const run = await runConformance({ targets: [labResolvedTarget(target)], suites, concurrency });
  const wallSeconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const registry = await registrySide(target, before);
  const checks = run.targets.flatMap((result) => result.suites.flatMap((suite) => suite.checks));
  const count = (...statuses: string[]): number => checks.filter((check) => statuses.includes(check.status)).length;
  const targetError = run.targets.find((result) => result.error !== undefined)?.error;
  return {
    tool: 'regatta conformance',
    passed: count('passed', 'warned'),
    failed: count('failed', 'errored'),
    skipped: count('skipped', 'disabled'),
    wallSeconds,
    toolCpuSeconds: (cpu.user + cpu.system) / 1e6,
    ...registry,
    note: `concurrency ${concurrency}, ${count('warned')} warned, ${count('errored')} errored${targetError === undefined ? '' : `; ${targetError}`}`,
  };
}

/**
 * Runs the official OCI conformance suite (2026, the `oci-conformance` lab component) against one lab registry with
 * `OCI_VERSION=1.1` and its referrers toggle set to what the product serves, cwd and results dir in `workDir`, timed
 * by GNU time; counts are its leaf tests, from the junit.xml it writes (errored counted as failed, disabled as
 * skipped).
 */
export async function benchOciConformance(binary: string, target: LabTarget, workDir: string): Promise<ConformanceBenchRow> {
  const resultsDir = join(workDir, 'oci-conformance-results');
  const referrers = labProductHasReferrers(target.product);
  const env = officialSuiteEnv({ registryUrl: target.url, resultsDir, repositories: ['regatta-oci/conformance', 'regatta-oci/other'], referrers });
  // A found deviation exits 1 by design; only a missing or unreadable report makes the counts unknown.
  const before = registryBefore(target);
  const run = await runTool(binary, [], { timeoutMs: ociTimeoutMs, workDir, env, cwd: workDir });
  const cpu = { toolCpuSeconds: run.cpuSeconds, ...(await registrySide(target, before)) };
  const settings = `OCI_VERSION 1.1, referrers ${referrers ? 'on' : 'off'}`;
  try {
    const tests = (await readOfficialResults(resultsDir)).tests;
    if (tests === undefined) {
      throw new Error('no junit.xml');
    }
    return {
      tool: officialSuiteTool,
      passed: tests.passed,
      failed: tests.failed + tests.errored,
      skipped: tests.skipped,
      wallSeconds: run.wallSeconds,
      ...cpu,
      note: `${settings}, exit ${run.exitCode}`,
    };
  } catch (error) {
    const why = `${(error as Error).message} (exit ${run.exitCode}): ${run.stderr.trim().split('\n').at(-1) ?? ''}`;
    return { tool: officialSuiteTool, passed: 0, failed: 0, skipped: 0, wallSeconds: run.wallSeconds, ...cpu, note: `${settings}; no counts: ${why}` };
  }
}

/** A CPU figure for the table: seconds with two decimals, empty when it was not measured. */
function cpuCell(seconds: number | undefined): string {
  return seconds === undefined || !Number.isFinite(seconds) ? '' : seconds.toFixed(2);
}

/** Renders the rows as a Markdown table; `ratio` = this tool's wall time / the reference tool's (the official suite). */
export function formatConformanceTable(rows: readonly ConformanceBenchRow[], reference: string): string {
  const base = rows.find((row) => row.tool === reference)?.wallSeconds ?? Number.NaN;
  const lines = [
    '| tool | checks or tests run (passed/failed/skipped) | wall s | ms per check | wall ratio vs official suite | tool CPU s | registry CPU s | registry requests | note |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const row of rows) {
    const ran = row.passed + row.failed;
    const ratio = base > 0 ? (row.wallSeconds / base).toFixed(2) : '';
    const perCheck = ran > 0 ? ((row.wallSeconds * 1000) / ran).toFixed(1) : '';
    lines.push(
      `| ${row.tool} | ${ran} (${row.passed}/${row.failed}/${row.skipped}) | ${row.wallSeconds.toFixed(2)} | ${perCheck} | ${ratio} | ${cpuCell(row.toolCpuSeconds)} | ${cpuCell(row.registryCpuSeconds)} | ${row.registryRequests ?? ''} | ${row.note ?? ''} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
