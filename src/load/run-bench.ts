import { cpus, hostname, totalmem } from 'node:os';
import { readPackageVersion } from '../cli/package-info.js';
import type { ResolvedTarget } from '../config/target.js';
import { RESULT_SCHEMA_VERSION, worst, type RunEvents, type RunResult, type TargetResult } from '../model/index.js';
import type { ScenarioOverrides } from './apply-overrides.js';
import type { Scenario } from './define-scenario.js';
import { runScenario } from './run-scenario.js';

/** Options of {@link runBench}. */
export interface RunBenchOptions {
  readonly runId: string;
  readonly targets: readonly ResolvedTarget[];
  readonly scenarios: readonly Scenario[];
  readonly overrides?: ScenarioOverrides;
  readonly signal: AbortSignal;
  readonly events?: RunEvents;
  /** Threads per scenario (see `RunScenarioOptions.threads`); default: REGATTA_LOAD_THREADS, else by scenario (see `defaultLoadThreads`). */
  readonly threads?: number;
  /** Redacted effective configuration for the result. */
  readonly config: Readonly<Record<string, unknown>>;
}

/** Calls a reporter hook without letting it break the run. */
function safely(call: () => void): void {
  try {
    call();
  } catch {
    // A reporter bug must not end a benchmark.
  }
}

/**
 * Runs the scenarios on each target, one target after another (never at the same time: two registries on one machine
 * would share its CPU and disk and both numbers would be wrong). After an abort the remaining scenarios are not
 * started and the run is marked interrupted; what finished is kept.
 */
export async function runBench(options: RunBenchOptions): Promise<RunResult> {
  const startedAt = new Date();
  const started = performance.now();
  safely(() => options.events?.onRunStart?.({ runId: options.runId, kind: 'bench', targets: options.targets.map((t) => t.name) }));
  const targets: TargetResult[] = [];
  for (const target of options.targets) {
    if (options.signal.aborted) {
      break;
    }
    safely(() => options.events?.onTargetStart?.({ name: target.name, url: target.url }));
    const scenarios = [];
    for (const scenario of options.scenarios) {
      if (options.signal.aborted) {
        break;
      }
      scenarios.push(
        await runScenario({
          target,
          scenario,
          signal: options.signal,
          ...(options.threads === undefined ? {} : { threads: options.threads }),
          ...(options.overrides === undefined ? {} : { overrides: options.overrides }),
          ...(options.events === undefined ? {} : { events: options.events }),
        }),
      );
    }
    const result: TargetResult = {
      name: target.name,
      url: target.url,
      status: worst(scenarios.map((scenario) => scenario.status)),
      ...(target.tls.insecure ? { insecure: true } : {}),
      capabilities: [],
      suites: [],
      scenarios,
    };
    targets.push(result);
    safely(() => options.events?.onTargetEnd?.(result));
  }
  const run: RunResult = {
    schemaVersion: RESULT_SCHEMA_VERSION,
    runId: options.runId,
    kind: 'bench',
    startedAt: startedAt.toISOString(),
    endedAt: new Date().toISOString(),
    durationMs: performance.now() - started,
    status: worst(targets.map((target) => target.status)),
    interrupted: options.signal.aborted,
    environment: {
      regattaVersion: readPackageVersion(),
      node: process.version,
      platform: process.platform,
      arch: process.arch,
      hostname: hostname(),
      cpus: cpus().length,
      memoryBytes: totalmem(),
    },
    config: { ...options.config },
    targets,
  };
  safely(() => options.events?.onRunEnd?.(run));
  return run;
}
