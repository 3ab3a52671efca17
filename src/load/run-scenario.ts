import type { ResolvedTarget } from '../config/target.js';
import type { RunEvents, ScenarioResult, Status } from '../model/index.js';
import { systemClock, type Clock } from './clock.js';
import { applyOverrides, type ScenarioOverrides } from './apply-overrides.js';
import type { Scenario } from './define-scenario.js';
import { peakConcurrency, plannedDurationMs, runExecutor } from './executors/run-executor.js';
import type { FlowEnv } from './flows/flow-types.js';
import { prepareFlow } from './flows/prepare-flow.js';
import { classifyError } from './http/load-failure.js';
import { LoadTarget } from './http/load-target.js';
import { summarize } from './metrics/latency-histogram.js';
import { MetricsCollector } from './metrics/metrics-collector.js';
import { startResourceMonitor } from './metrics/resource-monitor.js';
import type { OpContext } from './ops/op-context.js';
import { evaluateThresholds, parseThresholds } from './thresholds/evaluate-thresholds.js';

/** Options of {@link runScenario}. */
export interface RunScenarioOptions {
  readonly target: ResolvedTarget;
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
}

/** Most connections per pool: beyond this, more sockets only add contention on loopback. */
const maxConnections = 512;

/** How many requests one iteration may have in flight at once (image flows fetch layers in parallel). */
function fanOut(scenario: Scenario): number {
  switch (scenario.flow.kind) {
    case 'push-image':
    case 'pull-image':
      return scenario.flow.layers.length + 1;
    case 'mixed':
      return scenario.flow.layersPerImage + 1;
    default:
      return 1;
  }
}

/** Default repository: unique per call, under the target's namespace. */
function defaultRepository(target: ResolvedTarget, scenario: Scenario): string {
  const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 36 ** 4).toString(36)}`;
  const name = `regatta-bench-${scenario.id}-${suffix}`;
  return target.namespace === '' ? name : `${target.namespace}/${name}`;
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
  const scenario = applyOverrides(options.scenario, options.overrides ?? {});
  const thresholds = parseThresholds(scenario.thresholds);
  const clock = options.clock ?? systemClock;
  const signal = options.signal ?? new AbortController().signal;
  const connections = Math.min(maxConnections, peakConcurrency(scenario.executor) * fanOut(scenario));
  const http = new LoadTarget(options.target, connections, clock, new MetricsCollector(clock));
  const env: FlowEnv = {
    repository: options.repository ?? defaultRepository(options.target, scenario),
    seedPrefix: `${scenario.id}/${Date.now()}/${Math.random()}`,
  };
  const base = {
    id: scenario.id,
    description: scenario.description,
    executor: { ...scenario.executor } as Record<string, unknown>,
    engine: 'undici',
    verified: scenario.verify,
  };
  try {
    let flow;
    try {
      flow = await prepareFlow(scenario.flow, env, { http, verify: scenario.verify, signal });
    } catch (error) {
      return emptyResult(base, signal.aborted ? 'skipped' : 'errored', `setup failed (${classifyError(error)}): ${String(error)}`);
    }
    const metrics = new MetricsCollector(clock);
    http.metrics = metrics;
    const monitor = startResourceMonitor();
    const totalMs = plannedDurationMs(scenario.executor);
    let last = metrics.snapshot();
    let lastAt = metrics.elapsedMs();
    const ticker = setInterval(() => {
      const now = metrics.snapshot();
      const at = metrics.elapsedMs();
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
        mbps: (now.bytes - last.bytes) / 1e6 / seconds,
      };
      last = now;
      lastAt = at;
      safely(() => options.events?.onScenarioTick?.(tick));
    }, options.tickIntervalMs ?? 1000);
    ticker.unref();
    const outcome = await runExecutor(scenario.executor, {
      clock,
      signal,
      onDropped: (count) => metrics.recordDropped(count),
      iterate: async (iteration) => {
        const ctx: OpContext = { http, verify: scenario.verify, signal: iteration.signal };
        const started = clock.now();
        try {
          await flow.iterate(ctx, iteration);
          metrics.recordIteration(clock.now() - started, true);
        } catch (error) {
          const errorClass = classifyError(error);
          // An iteration cut off by the stop (Ctrl-C or the end of the graceful stop) is not the registry's failure.
          if (iteration.signal.aborted && errorClass === 'aborted') {
            return;
          }
          metrics.recordErrorClass(errorClass);
          metrics.recordIteration(clock.now() - started, false);
        }
      },
    });
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
      latency: summarize(metrics.iterationLatency),
      requests: { total: metrics.requests, perSec: seconds > 0 ? metrics.requests / seconds : 0 },
      throughput: { bytes: metrics.bytes, mbps: seconds > 0 ? metrics.bytes / 1e6 / seconds : 0 },
      errors: metrics.failedIterations,
      timeouts: metrics.timeouts,
      non2xx: metrics.non2xx,
      statusCodes: metrics.statusCodes,
      errorClasses: metrics.errorClasses,
      operations: metrics.operations().map((recorder) => recorder.toMetrics(durationMs)),
      timeSeries: metrics.timeSeries(),
      thresholds: [],
      resources,
      ...(outcome.aborted ? { reason: 'interrupted: partial results' } : {}),
    };
    const evaluated = evaluateThresholds(result, thresholds);
    const crossed = evaluated.some((threshold) => !threshold.passed);
    const final: ScenarioResult = { ...result, thresholds: evaluated, status: crossed ? 'failed' : 'passed' };
    safely(() => options.events?.onScenarioEnd?.(options.target.name, final));
    return final;
  } finally {
    await http.close().catch(() => undefined);
  }
}

/** A result for a scenario that measured nothing (setup failed, interrupted before start). */
function emptyResult(
  base: Pick<ScenarioResult, 'id' | 'description' | 'executor' | 'engine' | 'verified'>,
  status: Status,
  reason: string,
): ScenarioResult {
  const zero = { min: 0, mean: 0, p50: 0, p90: 0, p99: 0, max: 0, stddev: 0 };
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
