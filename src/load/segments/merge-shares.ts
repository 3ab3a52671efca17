/**
 * `report --merge-shares`: the results of the N shares of one distributed run folded into the one RunResult of that
 * run. Histograms merge exactly (HDR bucket counts add), counters add, time series are aligned by wall clock (each
 * share's start corrected by its clock skew against the registry) and thresholds are judged on the whole. Shares of
 * different runs, a missing or doubled share, or shares whose settings differ are refused with a UsageError that names
 * the files and what differs.
 */
import { UsageError } from '../../errors/index.js';
import { worst, type OperationMetrics, type RunResult, type ScenarioResult, type ShareInfo, type Status, type TargetResult } from '../../model/index.js';
import { decodeHistogram, encodeHistogram, mergeHistograms, summarize, type LatencyHistogram } from '../metrics/latency-histogram.js';
import { mergedSummary, sumCounts } from '../metrics/merge-parts.js';
import { executorConfigSchema } from '../executors/executor-config.js';
import { completedMetric, defaultMinIterations } from '../thresholds/completion.js';
import { evaluateThresholds, parseThresholds } from '../thresholds/evaluate-thresholds.js';
import { parseThreshold } from '../thresholds/parse-threshold.js';
import { firstDifference } from './first-difference.js';

/** One share's result and where it came from (for messages). */
export interface ShareFile {
  readonly file: string;
  readonly run: RunResult;
}

/** A share's result with its share block present. */
interface Share {
  readonly file: string;
  readonly run: RunResult;
  readonly info: ShareInfo;
}

/** Checks that the files are the complete, consistent set of shares of one run. */
function checkShares(files: readonly ShareFile[]): Share[] {
  if (files.length === 0) {
    throw new UsageError('--merge-shares needs the results.json of every share');
  }
  const shares = files.map(({ file, run }) => {
    if (run.share === undefined) {
      throw new UsageError(`--merge-shares: ${file} is not the result of one share (it was not written by \`bench --segment I/N\` or \`import k6\`)`);
    }
    return { file, run, info: run.share };
  });
  const [first, ...rest] = shares as [Share, ...Share[]];
  for (const share of rest) {
    if (share.run.runId !== first.run.runId) {
      throw new UsageError(`--merge-shares: shares of different runs: ${first.file} is run ${first.run.runId}, ${share.file} is run ${share.run.runId}`);
    }
    if (share.info.count !== first.info.count) {
      throw new UsageError(`--merge-shares: ${first.file} is one of ${first.info.count} shares, ${share.file} one of ${share.info.count}`);
    }
    if (share.info.engine !== first.info.engine) {
      throw new UsageError(`--merge-shares: ${first.file} was measured by ${first.info.engine}, ${share.file} by ${share.info.engine}`);
    }
    const difference = firstDifference(first.info.settings, share.info.settings);
    if (difference !== undefined) {
      throw new UsageError(
        `--merge-shares: settings differ at ${difference.path}: ${JSON.stringify(difference.left)} in ${first.file}, ${JSON.stringify(difference.right)} in ${share.file}`,
      );
    }
  }
  const byIndex = new Map<number, Share>();
  for (const share of shares) {
    const other = byIndex.get(share.info.index);
    if (other !== undefined) {
      throw new UsageError(`--merge-shares: share ${share.info.index}/${share.info.count} given twice (${other.file}, ${share.file})`);
    }
    byIndex.set(share.info.index, share);
  }
  const missing = Array.from({ length: first.info.count }, (_, index) => index + 1).filter((index) => !byIndex.has(index));
  if (missing.length > 0) {
    throw new UsageError(`--merge-shares: run ${first.run.runId} has ${first.info.count} shares; missing ${missing.map((index) => `${index}/${first.info.count}`).join(', ')}`);
  }
  return [...byIndex.values()].sort((a, b) => a.info.index - b.info.index);
}

/** Decodes a histogram a share must carry, or says which share lacks it. */
function histogramOf(encoded: string | undefined, what: string, file: string): LatencyHistogram {
  if (encoded === undefined) {
    throw new UsageError(`--merge-shares: ${file} has no ${what} histogram, so it cannot be merged exactly (written by an older regatta?)`);
  }
  return decodeHistogram(encoded);
}


/** One scenario of one share, with where its measured phase began on the common (skew-corrected) clock. */
interface Part {
  readonly result: ScenarioResult;
  readonly share: Share;
  readonly startMs: number;
}

/** Merges one operation kind across parts over a run of `durationMs`. */
function mergeOperation(operation: string, parts: readonly Part[], durationMs: number): OperationMetrics {
  const mine = parts.flatMap((part) => part.result.operations.filter((metrics) => metrics.operation === operation).map((metrics) => ({ metrics, file: part.share.file })));
  const latency = mergeHistograms(mine.map(({ metrics, file }) => histogramOf(metrics.latencyHistogram, `${operation} latency`, file)));
  const ttfbs = mine.filter(({ metrics }) => metrics.ttfbHistogram !== undefined).map(({ metrics, file }) => histogramOf(metrics.ttfbHistogram, `${operation} TTFB`, file));
  const ttfb = mergeHistograms(ttfbs);
  const count = mine.reduce((sum, { metrics }) => sum + metrics.count, 0);
  const bytes = mine.reduce((sum, { metrics }) => sum + metrics.bytes, 0);
  const seconds = durationMs / 1000;
  const throttled = mine.reduce((total, { metrics }) => total + (metrics.throttled ?? 0), 0);
  const redirected = mine.filter(({ metrics }) => metrics.redirect !== undefined);
  const redirect = (() => {
    if (redirected.length === 0) {
      return {};
    }
    const hop = (pick: 'registryHopHistogram' | 'storageHopHistogram', what: string): LatencyHistogram =>
      mergeHistograms(redirected.map(({ metrics, file }) => histogramOf(metrics.redirect?.[pick], `${operation} ${what}`, file)));
    const registryHop = hop('registryHopHistogram', 'registry hop');
    const storageHop = hop('storageHopHistogram', 'storage hop');
    const storageBytes = redirected.reduce((total, { metrics }) => total + (metrics.redirect?.storageBytes ?? 0), 0);
    const union = (pick: 'storageHosts' | 'httpVersions'): string[] =>
      [...new Set(redirected.flatMap(({ metrics }) => metrics.redirect?.[pick] ?? []))].sort();
    return {
      redirect: {
        count: redirected.reduce((total, { metrics }) => total + (metrics.redirect?.count ?? 0), 0),
        registryHopMs: summarize(registryHop),
        storageHopMs: summarize(storageHop),
        registryHopHistogram: encodeHistogram(registryHop),
        storageHopHistogram: encodeHistogram(storageHop),
        storageBytes,
        storageMbps: seconds > 0 ? storageBytes / 1e6 / seconds : 0,
        storageHosts: union('storageHosts'),
        httpVersions: union('httpVersions'),
      },
    };
  })();
  return {
    operation,
    count,
    errors: mine.reduce((sum, { metrics }) => sum + metrics.errors, 0),
    bytes,
    opsPerSec: seconds > 0 ? count / seconds : 0,
    mbps: seconds > 0 ? bytes / 1e6 / seconds : 0,
    latencyMs: mergedSummary(latency, mine.map(({ metrics }) => metrics.latencyMs)),
    ...(ttfb.totalCount > 0 ? { ttfbMs: mergedSummary(ttfb, mine.map(({ metrics }) => metrics.ttfbMs)), ttfbHistogram: encodeHistogram(ttfb) } : {}),
    latencyHistogram: encodeHistogram(latency),
    ...(throttled > 0 ? { throttled, throttleWaitMs: mine.reduce((total, { metrics }) => total + (metrics.throttleWaitMs ?? 0), 0) } : {}),
    ...redirect,
  };
}

/** The shares' 429 totals and Warning texts added up. */
function mergedTraffic(parts: readonly Part[]): Pick<ScenarioResult, 'throttle' | 'warnings'> {
  const throttles = parts.flatMap((part) => (part.result.throttle === undefined ? [] : [part.result.throttle]));
  const warnings = sumCounts(parts.map((part) => Object.fromEntries((part.result.warnings ?? []).map((warning) => [warning.text, warning.count]))));
  return {
    ...(throttles.length === 0
      ? {}
      : {
          throttle: {
            throttled: throttles.reduce((total, throttle) => total + throttle.throttled, 0),
            retries: throttles.reduce((total, throttle) => total + throttle.retries, 0),
            waitMs: throttles.reduce((total, throttle) => total + throttle.waitMs, 0),
          },
        }),
    ...(Object.keys(warnings).length === 0 ? {} : { warnings: Object.entries(warnings).map(([text, count]) => ({ text, count })) }),
  };
}

/** The whole run's view of one scenario from every share's part. */
function mergeScenario(parts: readonly Part[], settingsScenario: Record<string, unknown> | undefined): ScenarioResult {
  const [first] = parts as [Part, ...Part[]];
  const base = Math.min(...parts.map((part) => part.startMs));
  const durationMs = Math.max(...parts.map((part) => part.startMs - base + part.result.durationMs));
  const seconds = durationMs / 1000;
  const sum = (pick: (result: ScenarioResult) => number): number => parts.reduce((total, part) => total + pick(part.result), 0);
  const latency = mergeHistograms(parts.map((part) => histogramOf(part.result.latencyHistogram, 'iteration latency', part.share.file)));
  const series = new Map<number, { t: number; ops: number; bytes: number; errors: number }>();
  for (const part of parts) {
    const offset = Math.round((part.startMs - base) / 1000);
    for (const point of part.result.timeSeries) {
      const t = point.t + offset;
      const into = series.get(t) ?? { t, ops: 0, bytes: 0, errors: 0 };
      series.set(t, { t, ops: into.ops + point.ops, bytes: into.bytes + point.bytes, errors: into.errors + point.errors });
    }
  }
  const lastSecond = Math.max(-1, ...series.keys());
  const operations = [...new Set(parts.flatMap((part) => part.result.operations.map((metrics) => metrics.operation)))];
  const bytes = sum((result) => result.throughput.bytes);
  const requests = sum((result) => result.requests.total);
  const resources = parts.every((part) => part.result.resources !== undefined)
    ? {
        cpuSeconds: sum((result) => result.resources?.cpuSeconds ?? 0),
        peakRssBytes: Math.max(...parts.map((part) => part.result.resources?.peakRssBytes ?? 0)),
      }
    : undefined;
  // The whole run's minimum: the scenario's own, else one per VU of the whole executor (what the shares add up to).
  const ownMinimum = settingsScenario?.['minIterations'];
  const wholeExecutor = executorConfigSchema.safeParse(settingsScenario?.['executor']);
  const minIterations =
    typeof ownMinimum === 'number'
      ? ownMinimum
      : wholeExecutor.success
        ? defaultMinIterations(wholeExecutor.data)
        : sum((result) => result.minIterations ?? 1);
  const reasons = parts.filter((part) => part.result.reason !== undefined).map((part) => `share ${part.share.info.index}/${part.share.info.count}: ${part.result.reason ?? ''}`);
  const merged: ScenarioResult = {
    id: first.result.id,
    description: first.result.description,
    status: 'passed',
    executor: (settingsScenario?.['executor'] as Record<string, unknown> | undefined) ?? first.result.executor,
    engine: first.result.engine,
    durationMs,
    iterations: sum((result) => result.iterations),
    droppedIterations: sum((result) => result.droppedIterations),
    minIterations,
    interrupted: { iterations: sum((result) => result.interrupted?.iterations ?? 0), bytes: sum((result) => result.interrupted?.bytes ?? 0) },
    verified: parts.every((part) => part.result.verified),
    startedAt: new Date(base).toISOString(),
    latency: mergedSummary(latency, parts.map((part) => part.result.latency)),
    latencyHistogram: encodeHistogram(latency),
    requests: { total: requests, perSec: seconds > 0 ? requests / seconds : 0 },
    throughput: { bytes, mbps: seconds > 0 ? bytes / 1e6 / seconds : 0 },
    errors: sum((result) => result.errors),
    timeouts: sum((result) => result.timeouts),
    non2xx: sum((result) => result.non2xx),
    statusCodes: sumCounts(parts.map((part) => part.result.statusCodes)),
    errorClasses: sumCounts(parts.map((part) => part.result.errorClasses)),
    operations: operations.map((operation) => mergeOperation(operation, parts, durationMs)),
    ...mergedTraffic(parts),
    timeSeries: Array.from({ length: lastSecond + 1 }, (_, t) => series.get(t) ?? { t, ops: 0, bytes: 0, errors: 0 }),
    thresholds: [],
    ...(resources === undefined ? {} : { resources }),
    ...(reasons.length > 0 ? { reason: reasons.join('; ') } : {}),
  };
  const thresholds = evaluateThresholds(merged, [
    ...parseThresholds((settingsScenario?.['thresholds'] as Record<string, string> | undefined) ?? {}),
    parseThreshold(completedMetric, `>=${minIterations}`),
  ]);
  // A share that errored or never measured leaves the whole incomplete: the merged run errored, whatever the rest says.
  const incomplete = parts.some((part) => part.result.status === 'errored' || part.result.status === 'skipped');
  const status: Status = incomplete ? 'errored' : thresholds.some((threshold) => !threshold.passed) ? 'failed' : 'passed';
  return { ...merged, thresholds, status };
}

/** Folds the results of every share of one run into that run's result. Throws UsageError for an inconsistent set. */
export function mergeShares(files: readonly ShareFile[]): RunResult {
  const shares = checkShares(files);
  const [first] = shares as [Share, ...Share[]];
  const shape = (share: Share): string => share.run.targets.map((target) => `${target.name}[${target.scenarios.map((s) => s.id).join(',')}]`).join(' ');
  for (const share of shares) {
    if (shape(share) !== shape(first)) {
      throw new UsageError(`--merge-shares: ${first.file} measured ${shape(first)}, ${share.file} measured ${shape(share)}`);
    }
  }
  const settingsScenario = first.info.settings['scenario'] as Record<string, unknown> | undefined;
  const targets: TargetResult[] = first.run.targets.map((target, targetIndex) => {
    const scenarios = target.scenarios.map((scenario, scenarioIndex) =>
      mergeScenario(
        shares.map((share) => {
          const result = share.run.targets[targetIndex]?.scenarios[scenarioIndex] ?? scenario;
          const started = Date.parse(result.startedAt ?? share.info.startedAt);
          return { result, share, startMs: started - (share.info.clockSkewMs ?? 0) };
        }),
        settingsScenario,
      ),
    );
    const errors = shares.map((share) => share.run.targets[targetIndex]?.error).filter((error): error is string => error !== undefined);
    return {
      name: target.name,
      url: target.url,
      status: worst([...scenarios.map((scenario) => scenario.status), ...(errors.length > 0 ? (['errored'] as const) : [])]),
      ...(shares.some((share) => share.run.targets[targetIndex]?.insecure === true) ? { insecure: true } : {}),
      ...(target.namespace === undefined ? {} : { namespace: target.namespace }),
      capabilities: [],
      suites: [],
      scenarios,
      ...(errors.length > 0 ? { error: errors.join('; ') } : {}),
    };
  });
  const startedAt = Math.min(...shares.map((share) => Date.parse(share.run.startedAt)));
  const endedAt = Math.max(...shares.map((share) => Date.parse(share.run.endedAt)));
  // Several shares may run on one machine: each machine's CPUs and memory count once.
  const machines = new Map(shares.map((share) => [share.info.hostname, share.run.environment]));
  const hosts = [...machines.keys()];
  return {
    schemaVersion: first.run.schemaVersion,
    runId: first.run.runId,
    kind: first.run.kind,
    startedAt: new Date(startedAt).toISOString(),
    endedAt: new Date(endedAt).toISOString(),
    durationMs: endedAt - startedAt,
    status: worst(targets.map((target) => target.status)),
    interrupted: shares.some((share) => share.run.interrupted),
    environment: {
      ...first.run.environment,
      hostname: hosts.join(', '),
      cpus: [...machines.values()].reduce((sum, environment) => sum + environment.cpus, 0),
      memoryBytes: [...machines.values()].reduce((sum, environment) => sum + environment.memoryBytes, 0),
    },
    config: { ...first.run.config },
    targets,
    shares: shares.map((share) => share.info),
  };
}
