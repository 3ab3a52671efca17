/**
 * The distributed side of `regatta bench`: `--segment I/N` (one share of a run), `--phase setup|run|teardown` (one part
 * of it, each a separate process or Kubernetes Job) and `--iterations N` (a fixed count, so shares add up to the
 * whole). Kept apart from bench.ts, which only strips these flags and calls in here.
 */
import { hostname } from 'node:os';
import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { ExitCode } from '../exit-codes.js';
import { readPackageVersion } from '../../package/package-info.js';
import type { ResolvedTarget } from '../../config/target.js';
import { UsageError } from '../../errors/index.js';
import { applyOverrides, type ScenarioOverrides } from '../../load/apply-overrides.js';
import type { Scenario } from '../../load/define-scenario.js';
import { classifyError } from '../../load/http/load-failure.js';
import type { ScenarioRunExtras } from '../../run/run-pipeline.js';
import { benchPhases, describeState, prepareSegment, runSetupPhase, segmentEnv, type BenchPhase } from '../../load/segments/run-phases.js';
import { runTeardownPhase } from '../../load/segments/teardown-phase.js';
import { parseSegment, type Segment } from '../../load/segments/segment.js';
import { parseStartAt } from '../../load/segments/start-at.js';
import { resultLinePrefix } from '../../../reports/json/load-run-result.js';
import type { RunResult, ShareInfo } from '../../model/index.js';

/** The raw values of the distributed flags, as commander parsed them. */
export interface DistributedFlags {
  readonly segment?: unknown;
  readonly phase?: unknown;
  readonly iterations?: unknown;
  readonly startAt?: unknown;
  readonly resultLine?: unknown;
}

/** Declares `--segment`, `--phase` and `--iterations` on `regatta bench`. */
export function declareDistributedFlags(command: Command): void {
  command.option('--segment <I/N>', 'run only execution segment I of N (1-based) of the scenario; every share of a run needs the same --run-id');
  command.option('--phase <phase>', `one part of a distributed run: ${benchPhases.join(' | ')} (default with --segment: run)`);
  command.option('--iterations <count>', 'a fixed number of iterations shared by the VUs (closed model; shares add up to it)');
  command.option('--result-line', `also print the result as one line \`${resultLinePrefix}<JSON>\` on stdout (a pod's log is its output)`);
  command.option('--start-at <time>', 'with --segment: get ready, then start measuring at this ISO 8601 instant (e.g. 2026-12-02T14:00:00Z), so every share of a run starts together');
}

/** Parsed distributed settings of one bench invocation. */
export interface DistributedBench {
  /** Undefined: an ordinary single-process bench. */
  readonly phase?: BenchPhase;
  readonly segment?: Segment;
  readonly iterations?: number;
  /** Epoch ms the run phase starts measuring at (`--start-at`). */
  readonly startAt?: number;
}

/** Validates the distributed flags; every mistake is a UsageError naming the flag. */
export function parseDistributedFlags(flags: DistributedFlags, runId: string | undefined, nowMs: number = Date.now()): DistributedBench {
  // Commander hands over strings; anything else is shown as JSON rather than "[object Object]".
  const text = (value: unknown): string | undefined => (value === undefined ? undefined : typeof value === 'string' ? value : JSON.stringify(value));
  const segmentText = text(flags.segment);
  const phaseText = text(flags.phase);
  const iterationsText = text(flags.iterations);
  const startAtText = text(flags.startAt);
  const segment = segmentText === undefined ? undefined : parseSegment(segmentText);
  let phase: BenchPhase | undefined;
  if (phaseText !== undefined) {
    if (!(benchPhases as readonly string[]).includes(phaseText)) {
      throw new UsageError(`--phase: "${phaseText}" is not one of ${benchPhases.join(', ')}`);
    }
    phase = phaseText as BenchPhase;
  } else if (segment !== undefined) {
    phase = 'run';
  }
  if (phase !== undefined && runId === undefined) {
    throw new UsageError('--segment/--phase need --run-id (or REGATTA_RUN_ID): every share and phase of one run must name the same run');
  }
  if (segment !== undefined && phase !== 'run') {
    throw new UsageError(`--segment applies to --phase run only (set-up and teardown happen once), not --phase ${phase ?? ''}`);
  }
  if (phase === 'run' && segment === undefined) {
    throw new UsageError('--phase run needs --segment I/N (use 1/1 for a run phase on one machine)');
  }
  let iterations: number | undefined;
  if (iterationsText !== undefined) {
    iterations = Number(iterationsText);
    if (!/^\d+$/.test(iterationsText.trim()) || !Number.isSafeInteger(iterations) || iterations < 1) {
      throw new UsageError(`--iterations: "${iterationsText}" is not a positive whole number`);
    }
  }
  const startAt = startAtText === undefined ? undefined : parseStartAt(startAtText, nowMs);
  if (startAt !== undefined && phase !== 'run') {
    throw new UsageError('--start-at applies to the run phase of a share (--segment I/N): set-up and teardown are not measured');
  }
  return {
    ...(phase === undefined ? {} : { phase }),
    ...(segment === undefined ? {} : { segment }),
    ...(iterations === undefined ? {} : { iterations }),
    ...(startAt === undefined ? {} : { startAt }),
  };
}

/** What every share of one run must agree on; the merge refuses shares whose settings differ. */
export function shareSettings(scenario: Scenario, targets: readonly ResolvedTarget[]): Record<string, unknown> {
  return {
    regattaVersion: readPackageVersion(),
    scenario,
    targets: targets.map((target) => ({ name: target.name, url: target.url, namespace: target.namespace })),
  };
}

/** Options of {@link runOnePhase}. */
export interface PhaseOptions {
  readonly phase: 'setup' | 'teardown';
  readonly runId: string;
  readonly targets: readonly ResolvedTarget[];
  /** After overrides. */
  readonly scenario: Scenario;
  readonly io: CliIo;
}

/** Runs the set-up or teardown phase on every target; one line per target; exit 0, or 3 when a target failed. */
export async function runOnePhase(options: PhaseOptions): Promise<number> {
  const { io, scenario, runId } = options;
  let exitCode: number = ExitCode.ok;
  for (const target of options.targets) {
    const where = `${target.name}: ${segmentEnv(target, scenario.id, runId).repository}`;
    try {
      if (options.phase === 'setup') {
        const state = await runSetupPhase(target, scenario, runId, io.signal);
        io.stdout(`set-up of run ${runId} done on ${where}: ${describeState(state)}\n`);
      } else {
        const report = await runTeardownPhase(target, scenario, runId, io.signal);
        io.stdout(`teardown of run ${runId} on ${where}: ${report}\n`);
      }
    } catch (error) {
      if (error instanceof UsageError) {
        throw error;
      }
      io.stderr(`${options.phase} of run ${runId} failed on ${where} (${classifyError(error)}): ${error instanceof Error ? error.message : String(error)}\n`);
      exitCode = io.signal.aborted ? ExitCode.interrupted : ExitCode.harnessError;
    }
  }
  return exitCode;
}

/**
 * The run phase of one segment: the `runBench` hook that gives each scenario its share and the set-up's rebuilt state,
 * and the step that stamps the result as that share. Thresholds are left to the merge: a share's part of a latency
 * or a rate says nothing about the whole run.
 */
export function segmentRun(
  distributed: DistributedBench & { readonly segment: Segment },
  runId: string,
  overrides: ScenarioOverrides,
  signal: AbortSignal,
): { prepare: (target: ResolvedTarget, scenario: Scenario) => Promise<ScenarioRunExtras>; stamp: (run: RunResult, targets: readonly ResolvedTarget[], scenario: Scenario) => RunResult } {
  const { segment, startAt } = distributed;
  let clockSkewMs: number | undefined;
  return {
    prepare: async (target, scenario) => {
      const whole = applyOverrides(scenario, overrides);
      const prepared = await prepareSegment(target, whole, runId, signal);
      clockSkewMs ??= prepared.clockSkewMs;
      return { scenario: { ...scenario, thresholds: {} }, segment, env: prepared.env, state: prepared.state, ...(startAt === undefined ? {} : { startAt }) };
    },
    stamp: (run, targets, scenario) => {
      const share: ShareInfo = {
        index: segment.index + 1,
        count: segment.count,
        engine: 'regatta',
        hostname: hostname(),
        startedAt: run.startedAt,
        endedAt: run.endedAt,
        ...(clockSkewMs === undefined ? {} : { clockSkewMs }),
        ...(startAt === undefined ? {} : { startAt: new Date(startAt).toISOString() }),
        settings: shareSettings(applyOverrides(scenario, overrides), targets),
      };
      return { ...run, share };
    },
  };
}

/**
 * How late the share's measured phase began after `--start-at`, ms, when it was more than a second late (it was not
 * ready in time: a slow set-up check or worker start): the merged throughput then counts a share that overlapped the
 * others for less than the whole duration, which the user must know. Undefined when on time or not synchronised.
 */
export function lateStartMs(run: RunResult): number | undefined {
  const wanted = run.share?.startAt;
  const began = run.targets[0]?.scenarios[0]?.startedAt;
  if (wanted === undefined || began === undefined) {
    return undefined;
  }
  const lateMs = Date.parse(began) - Date.parse(wanted);
  return lateMs > 1000 ? lateMs : undefined;
}
