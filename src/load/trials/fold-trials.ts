/**
 * `bench --trials N`: the N results of one scenario on one target, measured one after another, folded into the one
 * scenario result reports show (counters added, histograms merged exactly, the time series laid end to end), with
 * every trial kept beside it so `regatta compare` can judge the spread between trials.
 */
import { worst, type OperationMetrics, type ScenarioResult, type TrialResult } from '../../model/index.js';
import { decodeHistogram, encodeHistogram, mergeHistograms, type LatencyHistogram } from '../metrics/latency-histogram.js';
import { mergedSummary, sumCounts } from '../metrics/merge-parts.js';
import { evaluateThresholds } from '../thresholds/evaluate-thresholds.js';
import { completedMetric } from '../thresholds/completion.js';
import { parseThreshold, type Threshold } from '../thresholds/parse-threshold.js';

/** The figures compare reads from one trial (its own histograms included). */
export function toTrialResult(result: ScenarioResult, trial: number): TrialResult {
  return {
    trial,
    status: result.status,
    durationMs: result.durationMs,
    iterations: result.iterations,
    errors: result.errors,
    requests: result.requests.total,
    throttled: result.statusCodes['429'] ?? 0,
    bytes: result.throughput.bytes,
    opsPerSec: result.requests.perSec,
    mbps: result.throughput.mbps,
    latency: result.latency,
    operations: result.operations,
  };
}

/** Histograms that were recorded (a trial whose set-up failed has none). */
function decodedAll(encoded: readonly (string | undefined)[]): LatencyHistogram[] {
  return encoded.filter((text): text is string => text !== undefined).map(decodeHistogram);
}


/** One operation kind over every trial, its rates over the trials' summed duration. */
function foldOperation(operation: string, trials: readonly ScenarioResult[], durationMs: number): OperationMetrics {
  const mine = trials.flatMap((trial) => trial.operations.filter((metrics) => metrics.operation === operation));
  const latency = mergeHistograms(decodedAll(mine.map((metrics) => metrics.latencyHistogram)));
  const ttfb = mergeHistograms(decodedAll(mine.map((metrics) => metrics.ttfbHistogram)));
  const count = mine.reduce((sum, metrics) => sum + metrics.count, 0);
  const bytes = mine.reduce((sum, metrics) => sum + metrics.bytes, 0);
  const seconds = durationMs / 1000;
  return {
    operation,
    count,
    errors: mine.reduce((sum, metrics) => sum + metrics.errors, 0),
    bytes,
    opsPerSec: seconds > 0 ? count / seconds : 0,
    mbps: seconds > 0 ? bytes / 1e6 / seconds : 0,
    latencyMs: mergedSummary(latency, mine.map((metrics) => metrics.latencyMs)),
    ...(ttfb.totalCount > 0 ? { ttfbMs: mergedSummary(ttfb, mine.map((metrics) => metrics.ttfbMs)), ttfbHistogram: encodeHistogram(ttfb) } : {}),
    latencyHistogram: encodeHistogram(latency),
  };
}

/**
 * Folds the trials of one scenario on one target, in trial order, into one result: rates over the summed measured
 * time, thresholds (and the summed minimum of completed iterations) judged on the whole, the worst trial status kept (an errored trial leaves the whole errored).
 * One trial is returned as it is.
 */
export function foldTrials(trials: readonly ScenarioResult[], thresholds: readonly Threshold[]): ScenarioResult {
  const [first, ...rest] = trials;
  if (first === undefined) {
    throw new RangeError('foldTrials needs at least one trial');
  }
  if (rest.length === 0) {
    return first;
  }
  const sum = (pick: (result: ScenarioResult) => number): number => trials.reduce((total, trial) => total + pick(trial), 0);
  const durationMs = sum((result) => result.durationMs);
  const seconds = durationMs / 1000;
  const latency = mergeHistograms(decodedAll(trials.map((trial) => trial.latencyHistogram)));
  const bytes = sum((result) => result.throughput.bytes);
  const requests = sum((result) => result.requests.total);
  // Trials run one after another: each one's series continues where the previous one ended.
  let offset = 0;
  const timeSeries = trials.flatMap((trial) => {
    const points = trial.timeSeries.map((point) => ({ ...point, t: point.t + offset }));
    offset += Math.max(trial.timeSeries.length, Math.ceil(trial.durationMs / 1000));
    return points;
  });
  const resources = trials.every((trial) => trial.resources !== undefined)
    ? {
        cpuSeconds: sum((result) => result.resources?.cpuSeconds ?? 0),
        peakRssBytes: Math.max(...trials.map((trial) => trial.resources?.peakRssBytes ?? 0)),
      }
    : undefined;
  const reasons = trials.flatMap((trial, index) => (trial.reason === undefined ? [] : [`trial ${index + 1}: ${trial.reason}`]));
  const operations = [...new Set(trials.flatMap((trial) => trial.operations.map((metrics) => metrics.operation)))];
  const { trials: _nested, fingerprint: _fingerprint, reason: _reason, minIterations: _min, interrupted: _interrupted, ...shape } = first;
  const minimums = trials.map((trial) => trial.minIterations);
  const minIterations = minimums.every((value) => value !== undefined) ? minimums.reduce((total: number, value) => total + (value ?? 0), 0) : undefined;
  const interrupted = trials.some((trial) => trial.interrupted !== undefined)
    ? { iterations: sum((result) => result.interrupted?.iterations ?? 0), bytes: sum((result) => result.interrupted?.bytes ?? 0) }
    : undefined;
  const folded: ScenarioResult = {
    ...shape,
    status: 'passed',
    durationMs,
    iterations: sum((result) => result.iterations),
    droppedIterations: sum((result) => result.droppedIterations),
    ...(minIterations === undefined ? {} : { minIterations }),
    ...(interrupted === undefined ? {} : { interrupted }),
    verified: trials.every((trial) => trial.verified),
    latency: mergedSummary(latency, trials.map((trial) => (trial.iterations > 0 ? trial.latency : undefined))),
    latencyHistogram: encodeHistogram(latency),
    requests: { total: requests, perSec: seconds > 0 ? requests / seconds : 0 },
    throughput: { bytes, mbps: seconds > 0 ? bytes / 1e6 / seconds : 0 },
    errors: sum((result) => result.errors),
    timeouts: sum((result) => result.timeouts),
    non2xx: sum((result) => result.non2xx),
    statusCodes: sumCounts(trials.map((trial) => trial.statusCodes)),
    errorClasses: sumCounts(trials.map((trial) => trial.errorClasses)),
    operations: operations.map((operation) => foldOperation(operation, trials, durationMs)),
    timeSeries,
    thresholds: [],
    ...(resources === undefined ? {} : { resources }),
    ...(reasons.length > 0 ? { reason: reasons.join('; ') } : {}),
    trials: trials.map((trial, index) => toTrialResult(trial, index + 1)),
  };
  // Each trial met (or missed) its own minimum; the whole needs the sum of them.
  const judged = evaluateThresholds(folded, [...thresholds, ...(minIterations === undefined ? [] : [parseThreshold(completedMetric, `>=${minIterations}`)])]);
  const crossed = judged.some((threshold) => !threshold.passed);
  return { ...folded, thresholds: judged, status: worst([...trials.map((trial) => trial.status), crossed ? 'failed' : 'passed']) };
}
