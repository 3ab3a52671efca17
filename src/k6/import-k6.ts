/**
 * `regatta import k6`: k6 runners' summaries as regatta results. Each summary becomes one share (engine k6) whose
 * histograms are rebuilt from the script's per-bucket Counters; several runners of one run (k6-operator's `parallelism`,
 * which does not aggregate them) are merged by the same exact merge as regatta's own shares: bucket counts add, so the
 * merged percentiles are those of all runners' latencies together, never an average of percentiles.
 */
import { UsageError } from '../errors/index.js';
import type { Scenario } from '../load/define-scenario.js';
import { createLatencyHistogram, encodeHistogram, summarize, type LatencyHistogram } from '../load/metrics/latency-histogram.js';
import { mergeShares } from '../load/segments/merge-shares.js';
import { evaluateThresholds, parseThresholds } from '../load/thresholds/evaluate-thresholds.js';
import { RESULT_SCHEMA_VERSION, type OperationMetrics, type RunResult, type ScenarioResult } from '../model/index.js';
import { readPackageVersion } from '../package/package-info.js';
import { bucketValueMs, parseBucketMetricName } from './latency-buckets.js';
import type { K6Summary } from './k6-summary.js';

/** One summary and the file it came from. */
export interface K6SummaryFile {
  readonly file: string;
  readonly summary: K6Summary;
}

/** A Counter's count (0 when the metric never received a sample: k6 leaves such metrics out). */
function count(summary: K6Summary, metric: string): number {
  return summary.metrics[metric]?.values['count'] ?? 0;
}

/** Histograms per operation, rebuilt from the bucket Counters (each bucket's count at its middle value). */
function bucketHistograms(summary: K6Summary): Map<string, LatencyHistogram> {
  const histograms = new Map<string, LatencyHistogram>();
  for (const [name, metric] of Object.entries(summary.metrics)) {
    const parsed = parseBucketMetricName(name);
    const samples = metric.values['count'] ?? 0;
    if (parsed === undefined || metric.type !== 'counter' || samples === 0) {
      continue;
    }
    const histogram = histograms.get(parsed.operation) ?? createLatencyHistogram();
    histograms.set(parsed.operation, histogram);
    // Every sample of the bucket at the bucket's value, in µs like every regatta histogram.
    histogram.recordValueWithCount(Math.max(1, Math.round(bucketValueMs(parsed.bucket) * 1000)), samples);
  }
  return histograms;
}

/** The operations a summary measured (the whole iteration is the scenario's own latency, not an operation). */
function operationsOf(summary: K6Summary, histograms: ReadonlyMap<string, LatencyHistogram>, durationMs: number): OperationMetrics[] {
  const names = new Set([...histograms.keys()]);
  for (const name of Object.keys(summary.metrics)) {
    const match = /^regatta_err_([a-z_]+)$/.exec(name);
    if (match !== null) {
      names.add((match[1] ?? '').replace(/_/g, '-'));
    }
  }
  names.delete('iteration');
  const seconds = durationMs / 1000;
  return [...names].sort().map((operation) => {
    const histogram = histograms.get(operation) ?? createLatencyHistogram();
    const key = operation.replace(/-/g, '_');
    const errors = count(summary, `regatta_err_${key}`);
    const bytes = count(summary, `regatta_bytes_${key}`);
    const finished = histogram.totalCount + errors;
    return {
      operation,
      count: finished,
      errors,
      bytes,
      opsPerSec: seconds > 0 ? finished / seconds : 0,
      mbps: seconds > 0 ? bytes / 1e6 / seconds : 0,
      latencyMs: summarize(histogram),
      latencyHistogram: encodeHistogram(histogram),
    };
  });
}

/** One runner's summary as the result of one share of the run. */
export function k6SummaryToShare({ file, summary }: K6SummaryFile, index: number, shareCount: number): RunResult {
  const meta = summary.regatta;
  const scenario = meta.settings.scenario as unknown as Scenario;
  const durationMs = summary.state.testRunDurationMs;
  const endedAt = Date.parse(meta.endedAt);
  const startedAt = new Date(endedAt - durationMs).toISOString();
  const histograms = bucketHistograms(summary);
  const iteration = histograms.get('iteration') ?? createLatencyHistogram();
  const seconds = durationMs / 1000;
  const requests = count(summary, 'http_reqs');
  const bytes = count(summary, 'regatta_bytes');
  const measured: ScenarioResult = {
    id: scenario.id,
    description: typeof scenario.description === 'string' ? scenario.description : scenario.id,
    status: 'passed',
    executor: { ...scenario.executor },
    engine: 'k6',
    durationMs,
    iterations: count(summary, 'iterations'),
    droppedIterations: count(summary, 'dropped_iterations'),
    verified: scenario.verify,
    startedAt,
    latency: summarize(iteration),
    latencyHistogram: encodeHistogram(iteration),
    requests: { total: requests, perSec: seconds > 0 ? requests / seconds : 0 },
    throughput: { bytes, mbps: seconds > 0 ? bytes / 1e6 / seconds : 0 },
    errors: count(summary, 'regatta_failed_iterations'),
    timeouts: 0,
    non2xx: summary.metrics['http_req_failed']?.values['passes'] ?? 0,
    statusCodes: {},
    errorClasses: {},
    operations: operationsOf(summary, histograms, durationMs),
    timeSeries: [],
    thresholds: [],
  };
  // A share judges no thresholds (the merge does, on the whole); a single runner is the whole run.
  const thresholds = shareCount === 1 ? evaluateThresholds(measured, parseThresholds(scenario.thresholds)) : [];
  const result: ScenarioResult = { ...measured, thresholds, status: thresholds.some((threshold) => !threshold.passed) ? 'failed' : 'passed' };
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    runId: meta.runId,
    kind: 'bench',
    startedAt,
    endedAt: meta.endedAt,
    durationMs,
    status: result.status,
    interrupted: false,
    environment: {
      regattaVersion: meta.settings.regattaVersion,
      node: 'k6',
      platform: 'unknown',
      arch: 'unknown',
      hostname: `k6 runner ${index} (${file})`,
      cpus: 0,
      memoryBytes: 0,
    },
    config: { importedFrom: 'k6', summary: file, importedBy: readPackageVersion() },
    targets: [{ name: 'target', url: meta.target, status: result.status, capabilities: [], suites: [], scenarios: [result] }],
    share: {
      index,
      count: shareCount,
      engine: 'k6',
      hostname: `k6 runner ${index}`,
      startedAt,
      endedAt: meta.endedAt,
      settings: meta.settings,
    },
  };
}

/** The run of one or several runners' summaries (several: merged exactly, refusing runners of different runs). */
export function importK6(files: readonly K6SummaryFile[]): RunResult {
  if (files.length === 0) {
    throw new UsageError('import k6 needs at least one summary file');
  }
  const shares = files.map((file, index) => k6SummaryToShare(file, index + 1, files.length));
  const [only] = shares;
  if (shares.length === 1 && only !== undefined) {
    return only;
  }
  return mergeShares(shares.map((run, index) => ({ file: files[index]?.file ?? '', run })));
}
