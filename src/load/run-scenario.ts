import { buildSecureConnectOptions, createTlsConnectOptions, type SecureConnectOptions, type TlsConnectOptions } from '../client/dispatcher.js';
import type { ResolvedTarget } from '../config/target.js';
import type { RunEvents, ScenarioResult, Status } from '../model/index.js';
import { systemClock, type Clock } from './clock.js';
import { applyOverrides, type ScenarioOverrides } from './apply-overrides.js';
import type { Scenario } from './define-scenario.js';
import { describeScenario } from './describe-scenario.js';
import type { ExecutorOutcome } from './executors/executor-types.js';
import { peakConcurrency, plannedDurationMs } from './executors/run-executor.js';
import { splitExecutor, type ExecutorShare } from './executors/split-executor.js';
import type { FlowEnv, FlowState } from './flows/flow-types.js';
import { flowKindOf } from './flows/flow-kinds.js';
import { withSetupRetries } from './setup-retry.js';
import { describeLoadError } from './http/load-failure.js';
import { deleteRunContent } from './ops/delete-run-content.js';
import { LoadTarget } from './http/load-target.js';
import { measureFlow, type IterationNumbering } from './measure-flow.js';
import { segmentExecutor, segmentNumbering, type Segment } from './segments/segment.js';
import { waitUntil } from './segments/start-at.js';
import { encodeHistogram, summarize } from './metrics/latency-histogram.js';
import { MetricsCollector, type MetricsSnapshot } from './metrics/metrics-collector.js';
import { startResourceMonitor } from './metrics/resource-monitor.js';
import { completedMetric, completionShortfall, defaultMinIterations } from './thresholds/completion.js';
import { evaluateThresholds, parseThresholds } from './thresholds/evaluate-thresholds.js';
import { parseThreshold } from './thresholds/parse-threshold.js';
import { defaultLoadThreads } from './workers/load-threads.js';
import { defaultWorkerFile, runInWorkers } from './workers/run-in-workers.js';
import type { LoadWorkerInput } from './workers/worker-protocol.js';

/** Options of {@link runScenario}. */
export interface RunScenarioOptions {
  readonly target: ResolvedTarget;
  /**
   * The target session's TLS: its parsed context for this thread's pools and its PEM material for worker threads.
   * @default read from `target` once for this scenario
   */
  readonly tls?: { readonly connect: SecureConnectOptions; readonly material: TlsConnectOptions };
  readonly scenario: Scenario;
  /** Command-line overrides (`--duration`, `--vus`, `--rate`, `--size`, `--no-verify`). */
  readonly overrides?: ScenarioOverrides;
  /** Abort (Ctrl-C): the run stops within seconds and returns partial results. */
  readonly signal?: AbortSignal;
  readonly events?: RunEvents;
  /** Repository the scenario works in; default `<namespace>/regatta-bench-<id>-<random>`. */
  readonly repository?: string;
  readonly clock?: Clock;
  /** Interval of `onScenarioTick`. */
  readonly tickIntervalMs?: number;
  /**
   * Threads the virtual users are spread over, each with its own connection pool (hashing and HTTP parsing then use
   * more than one core). Default {@link defaultLoadThreads} (by flow); 1 measures in the calling thread. Never more threads than
   * the executor has VUs.
   */
  readonly threads?: number;
  /**
   * Compiled worker entry (`load-worker.js`). Default: the one next to this module; when there is none (running from
   * TypeScript sources) the run uses the calling thread only.
   */
  readonly workerFile?: URL | string;
  /**
   * Run only this execution segment (share I of N): its part of the executor and its slice of the iteration numbers
   * (see segments/segment.ts). Every share of one run must get the same `env`.
   */
  readonly segment?: Segment;
  /** Where the flow works and what seeds its content; default a unique repository and seed per call. */
  readonly env?: FlowEnv;
  /** What the set-up made, when another phase ran it: the set-up is skipped. */
  readonly state?: FlowState;
  /**
   * Delete what the run wrote once it ends (its tagged manifests, their blobs and every blob it pushed), reporting
   * what is left. Off for `--keep` and for a share of a distributed run (its teardown phase cleans). @default false
   */
  readonly cleanup?: boolean;
  /**
   * Wall-clock instant (epoch ms) the measured phase starts at, for the shares of one run to start together
   * (`bench --start-at`): set-up and worker start-up happen first, then the run waits for it. Already past: at once.
   */
  readonly startAt?: number;
}

/** Most connections per pool: beyond this, more sockets only add contention on loopback. */
const maxConnections = 512;

/** What every default repository of a scenario on a target starts with: `<namespace>/regatta-bench-<scenario>-`. */
export function benchRepositoryPrefix(namespace: string, scenarioId: string): string {
  const name = `regatta-bench-${scenarioId}-`;
  return namespace === '' ? name : `${namespace}/${name}`;
}

/** Default repository: unique per call, under the target's namespace. */
function defaultRepository(target: ResolvedTarget, scenario: Scenario): string {
  const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 36 ** 4).toString(36)}`;
  return `${benchRepositoryPrefix(target.namespace, scenario.id)}${suffix}`;
}

/** Calls a reporter hook; a throwing reporter never breaks the run (RunEvents contract). */
function safely(call: () => void): void {
  try {
    call();
  } catch {
    // Reporter bugs are theirs; the run goes on.
  }
}

/**
 * Runs one scenario against one target and returns its result: setup (unmeasured: pools of blobs or images to pull),
 * then the executor driving the flow, with ticks about once a second. Never throws for registry or network failures
 * (they are counted); throws UsageError for a bad scenario (thresholds, overrides) before sending anything.
 */
export async function runScenario(options: RunScenarioOptions): Promise<ScenarioResult> {
  const whole = applyOverrides(options.scenario, options.overrides ?? {});
  const segmentShare = options.segment === undefined ? undefined : segmentExecutor(whole.executor, options.segment);
  const scenario = segmentShare === undefined ? whole : { ...whole, executor: segmentShare.config };
  const numbering = (thread: IterationNumbering): IterationNumbering =>
    options.segment === undefined || segmentShare === undefined ? thread : segmentNumbering(thread, options.segment, segmentShare.vuOffset);
  // A share of a segmented run needs its own part of the minimum; the merge judges the whole against the scenario's.
  const minIterations = (segmentShare === undefined ? scenario.minIterations : undefined) ?? defaultMinIterations(scenario.executor);
  const thresholds = [...parseThresholds(scenario.thresholds), parseThreshold(completedMetric, `>=${minIterations}`)];
  const threads = options.threads ?? defaultLoadThreads(scenario, process.env, options.target.url);
  const clock = options.clock ?? systemClock;
  const signal = options.signal ?? new AbortController().signal;
  const connections = Math.min(maxConnections, peakConcurrency(scenario.executor) * flowKindOf(scenario.flow).fanOut(scenario.flow));
  const material = options.tls?.material ?? createTlsConnectOptions(options.target);
  const connect = options.tls?.connect ?? buildSecureConnectOptions(material);
  // The set-up's own collector: it measures nothing, but it knows which pool blobs the set-up pushed (cleanup).
  const setupMetrics = new MetricsCollector(clock);
  const http = new LoadTarget(options.target, connections, clock, setupMetrics, connect);
  const env: FlowEnv = options.env ?? {
    repository: options.repository ?? defaultRepository(options.target, scenario),
    seedPrefix: `${scenario.id}/${Date.now()}/${Math.random()}`,
  };
  const shares = splitExecutor(scenario.executor, threads);
  const size = flowKindOf(scenario.flow).iterationBytes(scenario.flow);
  const base = {
    id: scenario.id,
    description: describeScenario(scenario),
    executor: { ...scenario.executor } as Record<string, unknown>,
    engine: 'undici',
    threads: shares.length,
    ...(size === undefined ? {} : { sizeBytes: size }),
    verified: scenario.verify,
  };
  try {
    let state: FlowState;
    try {
      state = options.state ?? (await withSetupRetries(() => flowKindOf(scenario.flow).setup(scenario.flow, env, { http, verify: scenario.verify, signal }), signal));
    } catch (error) {
      const empty = signal.aborted
        ? emptyResult(base, 'skipped', 'interrupted during set-up')
        : emptyResult(base, 'errored', `set-up failed: ${describeLoadError(error)}`);
      safely(() => options.events?.onScenarioEnd?.(options.target.name, empty));
      return empty;
    }
    const workerFile = shares.length > 1 ? (options.workerFile ?? defaultWorkerFile()) : undefined;
    const metrics = new MetricsCollector(clock);
    let monitor = startResourceMonitor();
    const totalMs = plannedDurationMs(scenario.executor);
    let measuredFrom = clock.now();
    let measuredFromWall = Date.now();
    let started = options.startAt === undefined;
    // The measured clock (and the resource monitor) start when the load does: after a synchronised start's wait.
    const startMeasuring = (): void => {
      monitor.stop();
      monitor = startResourceMonitor();
      measuredFrom = clock.now();
      measuredFromWall = Date.now();
      started = true;
    };
    const waitForStart = async (): Promise<void> => {
      if (options.startAt !== undefined) {
        await waitUntil(options.startAt, signal);
      }
    };
    let snapshot: () => MetricsSnapshot;
    let measured: Promise<{ outcome: ExecutorOutcome; failures: readonly string[] }>;
    if (workerFile === undefined) {
      http.metrics = metrics;
      snapshot = () => metrics.snapshot();
      const flow = flowKindOf(scenario.flow).bind(scenario.flow, env, state);
      const only = numbering({ index: 0, stride: 1, vuOffset: 0 });
      measured = waitForStart().then(async () => {
        startMeasuring();
        const outcome = await measureFlow({ executor: scenario.executor, flow, http, metrics, verify: scenario.verify, verifyCopyBytes: scenario.verifyCopyBytes, clock, signal, numbering: only });
        return { outcome, failures: [] };
      });
    } else {
      const input = (share: ExecutorShare, thread: number): LoadWorkerInput => {
        const global = numbering({ index: thread, stride: shares.length, vuOffset: share.vuOffset });
        return {
          target: options.target,
          tls: material,
          scenario,
          env,
          state,
          share: { ...share, vuOffset: global.vuOffset },
          index: global.index,
          stride: global.stride,
          connections: Math.min(maxConnections, peakConcurrency(share.config) * flowKindOf(scenario.flow).fanOut(scenario.flow)),
          tokens: http.cachedTokens(),
          progressIntervalMs: Math.max(50, Math.min(1000, (options.tickIntervalMs ?? 1000) / 2)),
        };
      };
      const run = runInWorkers({
        workerFile,
        inputs: shares.map(input),
        signal,
        metrics,
        boundMs: totalMs + scenario.executor.gracefulStopMs,
        beforeStart: waitForStart,
        // Loading the workers' modules is start-up, like the setup: CPU and memory count from the start signal.
        onStart: startMeasuring,
      });
      snapshot = () => run.snapshot();
      measured = run.done;
    }
    let last = snapshot();
    let lastAt = 0;
    const ticker = setInterval(() => {
      if (!started) {
        return;
      }
      const now = snapshot();
      const at = clock.now() - measuredFrom;
      const seconds = Math.max(0.001, (at - lastAt) / 1000);
      const tick = {
        target: options.target.name,
        scenario: scenario.id,
        elapsedMs: at,
        totalMs,
        ops: now.ops,
        bytes: now.bytes,
        errors: now.errors,
        opsPerSec: (now.ops - last.ops) / seconds,
        requestsPerSec: (now.requests - last.requests) / seconds,
        mbps: (now.bytes - last.bytes) / 1e6 / seconds,
      };
      last = now;
      lastAt = at;
      safely(() => options.events?.onScenarioTick?.(tick));
    }, options.tickIntervalMs ?? 1000);
    ticker.unref();
    const { outcome, failures } = await measured;
    clearInterval(ticker);
    const resources = monitor.stop();
    const durationMs = outcome.durationMs;
    const seconds = durationMs / 1000;
    const result: ScenarioResult = {
      ...base,
      status: 'passed',
      durationMs,
      iterations: metrics.iterations,
      droppedIterations: outcome.dropped,
      minIterations,
      interrupted: { iterations: metrics.interruptedIterations, bytes: metrics.interruptedBytes },
      startedAt: new Date(measuredFromWall).toISOString(),
      latency: summarize(metrics.iterationLatency),
      latencyHistogram: encodeHistogram(metrics.iterationLatency),
      requests: { total: metrics.requests, perSec: seconds > 0 ? metrics.requests / seconds : 0 },
      throughput: { bytes: metrics.bytes, mbps: seconds > 0 ? metrics.bytes / 1e6 / seconds : 0 },
      errors: metrics.failedIterations,
      timeouts: metrics.timeouts,
      non2xx: metrics.non2xx,
      statusCodes: metrics.statusCodes,
      errorClasses: metrics.errorClasses,
      operations: metrics.operations().map((recorder) => recorder.toMetrics(durationMs)),
      ...(metrics.throttled > 0
        ? { throttle: { throttled: metrics.throttled, retries: metrics.throttleRetries, waitMs: metrics.throttleWaitMs } }
        : {}),
      ...(Object.keys(metrics.warnings).length > 0
        ? { warnings: Object.entries(metrics.warnings).map(([text, count]) => ({ text, count })) }
        : {}),
      timeSeries: metrics.timeSeries(),
      thresholds: [],
      resources,
      ...(failures.length > 0 ? { reason: failures.join('; ') } : outcome.aborted ? { reason: 'interrupted: partial results' } : {}),
    };
    const evaluated = evaluateThresholds(result, thresholds);
    const crossed = evaluated.some((threshold) => !threshold.passed);
    // A worker thread that failed leaves its share unmeasured: the figures are incomplete, so the run errored.
    const status: Status = failures.length > 0 ? 'errored' : crossed ? 'failed' : 'passed';
    // A run that completed too few iterations says why in its reason (a stall, an endless body), not only in a row.
    const shortfall = failures.length > 0 || outcome.aborted ? undefined : completionShortfall(result, minIterations);
    // A registry that stalled or timed out gets the short budget: the cleanup must not hang the bench on it too.
    const hurried = signal.aborted || metrics.timeouts > 0 || metrics.iterations === 0;
    const cleanup = options.cleanup === true ? await cleanUp(http, clock, env.repository, [setupMetrics, metrics], hurried) : undefined;
    const final: ScenarioResult = {
      ...result,
      thresholds: evaluated,
      status,
      ...(shortfall === undefined ? {} : { reason: shortfall }),
      ...(cleanup === undefined ? {} : { cleanup }),
    };
    safely(() => options.events?.onScenarioEnd?.(options.target.name, final));
    return final;
  } finally {
    await http.close().catch(() => undefined);
  }
}

/** Most time the cleanup may take: a minute normally; 3 s after Ctrl-C (as conformance's cleanup) or a stalled run. */
const cleanupBudgetMs = { normal: 60_000, hurried: 3_000 };

/**
 * Deletes what the run wrote (see {@link deleteRunContent}) with requests that measure nothing, within a bounded
 * time; blobs pushed beyond the recorded bound, or a cleanup cut short, are named as left behind.
 */
async function cleanUp(
  http: LoadTarget,
  clock: Clock,
  repository: string,
  collectors: readonly MetricsCollector[],
  hurried: boolean,
): Promise<NonNullable<ScenarioResult['cleanup']>> {
  http.metrics = new MetricsCollector(clock);
  const blobs = new Set(collectors.flatMap((collector) => [...collector.writtenBlobs]));
  const unrecorded = collectors.reduce((sum, collector) => sum + collector.unrecordedBlobs, 0);
  const unrecordedNote = unrecorded > 0 ? [`${unrecorded} blobs pushed beyond the ${blobs.size} recorded (left to the registry's garbage collection)`] : [];
  try {
    const deleted = await deleteRunContent(http, repository, blobs, AbortSignal.timeout(hurried ? cleanupBudgetMs.hurried : cleanupBudgetMs.normal));
    return { manifests: deleted.manifests, blobs: deleted.blobs, leftovers: [...deleted.leftovers, ...unrecordedNote] };
  } catch (error) {
    return { manifests: 0, blobs: 0, leftovers: [`${repository}: cleanup stopped (${describeLoadError(error)}); what it had not deleted is left`, ...unrecordedNote] };
  }
}

/** A result for a scenario that measured nothing (setup failed, interrupted before start). */
function emptyResult(
  base: Pick<ScenarioResult, 'id' | 'description' | 'executor' | 'engine' | 'threads' | 'sizeBytes' | 'verified'>,
  status: Status,
  reason: string,
): ScenarioResult {
  const zero = { min: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, max: 0, stddev: 0 };
  return {
    ...base,
    status,
    durationMs: 0,
    iterations: 0,
    droppedIterations: 0,
    latency: zero,
    requests: { total: 0, perSec: 0 },
    throughput: { bytes: 0, mbps: 0 },
    errors: 0,
    timeouts: 0,
    non2xx: 0,
    statusCodes: {},
    errorClasses: {},
    operations: [],
    timeSeries: [],
    thresholds: [],
    reason,
  };
}
