import { openTargetSession, type TargetSession } from '../auth/target-session.js';
import type { RegistryClient, TranscriptRecorder } from '../client/types.js';
import type { ResolvedTarget } from '../config/target.js';
import { createRunId, runNamespace, runTagPrefixOf } from '../model/run-id.js';
import { reachTarget, runTargetChecks, safely, type TargetChecks } from '../conformance/run-target.js';
import type { SuiteDefinition } from '../conformance/define-suite.js';
import { defaultCheckConcurrency } from '../config/check-concurrency.js';
import type { ScenarioOverrides } from '../load/apply-overrides.js';
import type { Scenario } from '../load/define-scenario.js';
import type { RunScenarioOptions } from '../load/run-scenario.js';
import { AuthError } from '../errors/index.js';
import { RESULT_SCHEMA_VERSION, worst, type RunEvents, type RunResult, type TargetResult } from '../model/index.js';
import { createProfileJudge, isoDay } from '../profiles/judge-with-profile.js';
import { runEnvironment } from './run-environment.js';
import type { TargetLoad } from './run-load-stage.js';
import { runPlaces, type RunInProgress } from './run-places.js';
import { gradingFields, RunProgress } from './run-progress.js';
import { defaultGrading, type Grading } from '../conformance/grade-check.js';
import { withScenarioTraffic } from './target-traffic.js';

/** The conformance stage: which suites and checks, and how they run. */
export interface ConformanceStage {
  /** Suites in run order (normally `suites/index.ts`). */
  readonly suites: readonly SuiteDefinition[];
  /** Suite id prefixes to run (`--suite`); others are listed as disabled. @default all */
  readonly suiteFilter?: readonly string[];
  /** Full check id prefixes to run (`--check`); others are listed as disabled. @default all */
  readonly checkFilter?: readonly string[];
  /** Leave everything pushed in place (`--keep`). @default false */
  readonly keep?: boolean;
  /** Per-check time budget unless the check sets its own. @default 60000 */
  readonly checkTimeoutMs?: number;
  /** Most checks of a target in flight at once. @default 4 ({@link defaultCheckConcurrency}) */
  readonly concurrency?: number;
  /** After Ctrl-C, how long the running check may finish before it is aborted. @default 3000 */
  readonly interruptGraceMs?: number;
  /** Spec version and profile the checks are graded against. @default {@link defaultGrading} */
  readonly grading?: Grading;
}

/** The load stage: scenarios run on each target after its checks, one after another. */
export interface LoadStage {
  readonly scenarios: readonly Scenario[];
  /** What the user set (`--duration`, `--vus`, …); the scenarios' own settings otherwise. */
  readonly overrides?: ScenarioOverrides;
  /** Threads per scenario (see `RunScenarioOptions.threads`). */
  readonly threads?: number;
  /**
   * Per target and scenario, more options of `runScenario` (an execution segment: its share, its env, the set-up's
   * state). May throw a UsageError, which ends the run before anything is measured.
   */
  readonly prepareScenario?: (target: ResolvedTarget, scenario: Scenario) => Promise<ScenarioRunExtras>;
  /** Independent trials of every scenario on every target (`bench --trials`), targets interleaved. @default 1 */
  readonly trials?: number;
  /**
   * Delete what each scenario run wrote once it ends (`bench` unless `--keep`); never for a share of a distributed
   * run, whose teardown phase cleans. @default false
   */
  readonly cleanup?: boolean;
}

/** What {@link LoadStage.prepareScenario} may add to a scenario's run. */
export type ScenarioRunExtras = Partial<Pick<RunScenarioOptions, 'scenario' | 'segment' | 'env' | 'state' | 'startAt'>>;

/**
 * The part of a {@link TargetSession} the pipeline uses; tests plug in sessions over fake clients (without TLS or
 * credentials of their own, the load engine then reads them from the target).
 */
export type PipelineSession = Pick<TargetSession, 'target' | 'createClient' | 'close'> &
  Partial<Pick<TargetSession, 'connect' | 'handoff' | 'credentials' | 'credentialSource'>>;

/** Where a run's checkpoints go; `reports/json/results-checkpoint.ts` writes them to results.json. */
export interface RunCheckpoints {
  /**
   * Told at the run's start and after each check, scenario and target that the run moved on, with a function that
   * gives the run so far ({@link RunProgress}). The snapshot is built only when called: a writer that writes once a
   * second does not pay for one snapshot per check (that was quadratic in the number of checks). Must not throw.
   */
  write(snapshot: () => RunResult): void;
  /**
   * A load scenario (or the round-trip measurement before the scenarios) starts: no snapshot may be built until
   * {@link RunCheckpoints.release}. Building, redacting and serialising one holds the main thread (~0.4 s for a demo's
   * 22 MB results), which would stall the scenario's virtual users and show up as its latency and rate.
   */
  hold(): void;
  /** The scenario ended: a write that came due during the hold may be done now, before the next one starts. */
  release(): void;
}

/** Options of {@link runPipeline}. */
export interface RunPipelineOptions {
  /** The command that runs it, recorded as the run's kind. */
  readonly kind: 'conformance' | 'bench' | 'demo';
  readonly targets: readonly ResolvedTarget[];
  /** Environment for credential lookup (Docker config, helpers on PATH). @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Run id, lowercase and short; part of the namespace. @default a fresh random id */
  readonly runId?: string;
  /** Ctrl-C: stop after the current check or scenario, clean up, return partial results with `interrupted: true`. */
  readonly signal?: AbortSignal;
  readonly events?: RunEvents;
  /** Told the run id and every place the run will push to, before anything is pushed (for a forced exit to print). */
  readonly onRunStarted?: (run: RunInProgress) => void;
  /** Redacted effective configuration to store in the result: the settings the run really used. */
  readonly config?: Readonly<Record<string, unknown>>;
  /** Run the suites; absent: no checks. */
  readonly conformance?: ConformanceStage;
  /** Run the scenarios; absent: no load. */
  readonly load?: LoadStage;
  /** Clock deciding which known deviations of an expectation profile have expired. @default new Date() */
  readonly now?: Date;
  /** `--label key=value` pairs recorded with the run. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Where the run so far is written as it goes (results.json), so a killed run keeps what it had. */
  readonly checkpoints?: RunCheckpoints;
  /** Opens a target's session. @default {@link openTargetSession} with `env` */
  readonly openSession?: (target: ResolvedTarget) => Promise<PipelineSession>;
}

/** A recorder that drops what it gets: the base client's own traffic is not part of any check. */
const discard: TranscriptRecorder = { record: () => undefined };

/** Opens every target's session before any request: a broken Docker config or helper stops the run at once. */
async function openSessions(options: RunPipelineOptions): Promise<PipelineSession[]> {
  const env = options.env ?? process.env;
  const open = options.openSession ?? ((target: ResolvedTarget) => openTargetSession(target, env));
  const sessions: PipelineSession[] = [];
  try {
    for (const target of options.targets) {
      const session = await open(target);
      sessions.push(session);
      if (options.load !== undefined && session.credentials?.kind === 'identity-token') {
        // The load engine sends Basic or ready bearer credentials only: never run a bench quietly anonymous.
        throw new AuthError(`${target.url}: the Docker config holds an identity token for this registry, which load scenarios cannot use yet`, {
          hint: 'give the target a user name and password (--username with --password-stdin, or OCI_USERNAME / OCI_PASSWORD)',
        });
      }
    }
  } catch (error) {
    await Promise.all(sessions.map((session) => session.close().catch(() => undefined)));
    throw error;
  }
  return sessions;
}

/** A target after its checks: reached (the load stage may run on it) or not. */
interface CheckedTarget {
  readonly session: PipelineSession;
  readonly result: TargetResult;
  readonly reached: boolean;
}

/** Runs one target's first stages: reachability, then checks (capabilities, suites, cleanup). */
async function checkOne(options: RunPipelineOptions, session: PipelineSession, runId: string, signal: AbortSignal): Promise<CheckedTarget> {
  const target = session.target;
  safely(() => options.events?.onTargetStart?.({ name: target.name, url: target.url }));
  const namespace = runNamespace(target.namespace, runId);
  const fixed = target.layout?.kind === 'fixed' ? target.layout : undefined;
  const base = {
    name: target.name,
    url: target.url,
    ...(options.conformance === undefined
      ? {}
      : fixed === undefined
        ? { namespace, layout: { kind: 'per-check' as const } }
        : { layout: { kind: 'fixed' as const, repositories: [...fixed.repositories], tagPrefix: runTagPrefixOf(runId) } }),
    ...(target.tls.insecure ? { insecure: true } : {}),
  };
  const client: RegistryClient = session.createClient(discard);
  let result: TargetResult;
  let ok = false;
  try {
    const reached = await reachTarget(
      target,
      client,
      signal,
      session.credentials === undefined ? undefined : { credentials: session.credentials, source: session.credentialSource ?? 'target' },
    );
    if (!reached.ok) {
      result = { ...base, status: 'errored', capabilities: [], suites: [], scenarios: [], error: reached.error };
    } else {
      const stage = options.conformance;
      const checks: TargetChecks =
        stage === undefined
          ? { capabilities: [], suites: [] }
          : await runTargetChecks({
              target,
              client,
              suites: stage.suites,
              filter: { suites: stage.suiteFilter ?? [], checks: stage.checkFilter ?? [] },
              namespace,
              runId,
              keep: stage.keep ?? false,
              signal,
              checkTimeoutMs: stage.checkTimeoutMs ?? 60_000,
              concurrency: stage.concurrency ?? defaultCheckConcurrency,
              ...(stage.interruptGraceMs === undefined ? {} : { interruptGraceMs: stage.interruptGraceMs }),
              grading: stage.grading ?? defaultGrading,
              ...(options.events === undefined ? {} : { events: options.events }),
            });
      ok = true;
      const traffic = client.observations?.().summary();
      result = {
        ...base,
        ...(reached.product === undefined ? {} : { product: reached.product }),
        status: worst(checks.suites.map((suite) => suite.status)),
        capabilities: checks.capabilities,
        suites: checks.suites,
        scenarios: [],
        ...(checks.cleanup === undefined ? {} : { cleanup: checks.cleanup }),
        // The 429s waited out and the Warning headers of every request the checks, probe and cleanup sent.
        ...(traffic === undefined ? {} : { traffic }),
      };
    }
  } finally {
    await client.close();
  }
  return { session, result, reached: ok };
}

/** Ends one target: its load figures added, judged with its profile, reported. */
function finishOne(options: RunPipelineOptions, checked: CheckedTarget, load: TargetLoad | undefined): TargetResult {
  const target = checked.session.target;
  let result = checked.result;
  if (load !== undefined) {
    result = {
      ...result,
      status: worst([...result.suites.map((suite) => suite.status), ...load.scenarios.map((scenario) => scenario.status)]),
      scenarios: [...load.scenarios],
      roundTrip: load.roundTrip,
    };
    const traffic = withScenarioTraffic(result.traffic, load.scenarios);
    result = traffic === undefined ? result : { ...result, traffic };
  }
  // A profile never changes what a check observed: it marks listed deviations known and fails missing requirements.
  if (target.expect !== undefined) {
    result = createProfileJudge(target.expect, isoDay(options.now ?? new Date())).judgeTarget(result);
  }
  safely(() => options.events?.onTargetEnd?.(result));
  return result;
}

/** The caller's events, with the run's progress recorded (and a checkpoint taken) after each check, scenario, target. */
function withProgress(events: RunEvents | undefined, progress: RunProgress, checkpoint: () => void): RunEvents {
  return {
    ...events,
    onTargetStart: (target) => {
      progress.targetStarted(target);
      events?.onTargetStart?.(target);
    },
    onCheckEnd: (target, suiteId, check) => {
      progress.checkEnded(target, suiteId, check);
      checkpoint();
      events?.onCheckEnd?.(target, suiteId, check);
    },
    onScenarioEnd: (target, scenario) => {
      progress.scenarioEnded(target, scenario);
      checkpoint();
      events?.onScenarioEnd?.(target, scenario);
    },
    onTargetEnd: (target) => {
      progress.targetEnded(target);
      checkpoint();
      events?.onTargetEnd?.(target);
    },
  };
}

/**
 * The one run pipeline of `conformance`, `bench` and `demo`: every target's session is opened first (credentials
 * resolved, TLS read), then each target in turn goes reachability → capabilities → suites → cleanup → scenarios and
 * gives one TargetResult (never two targets at once: they would share this machine's CPU and disk). Never throws for
 * registry or network problems: a target that cannot be run is an errored target with one clear `error`. Throws for
 * what the user must fix before anything is sent (credential sources, TLS files).
 */
export async function runPipeline(options: RunPipelineOptions): Promise<RunResult> {
  const concurrency = options.conformance?.concurrency ?? defaultCheckConcurrency;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be a positive whole number, got ${concurrency}`);
  }
  const runId = options.runId ?? createRunId();
  const signal = options.signal ?? new AbortController().signal;
  const startedAt = new Date();
  const config = options.config ?? { targets: options.targets.map(({ name, url, namespace }) => ({ name, url, namespace })) };
  const progress = new RunProgress({
    runId,
    kind: options.kind,
    startedAt,
    config,
    suiteTitles: new Map((options.conformance?.suites ?? []).map((suite) => [suite.id, suite.title])),
    ...(options.conformance === undefined ? {} : { grading: options.conformance.grading ?? defaultGrading }),
  });
  const checkpoint = (): void => safely(() => options.checkpoints?.write(() => progress.snapshot()));
  options = { ...options, events: withProgress(options.events, progress, checkpoint) };
  const sessions = await openSessions(options);
  const places = runPlaces(options.targets, runId, {
    conformance: options.conformance !== undefined,
    scenarioIds: options.load?.scenarios.map((scenario) => scenario.id) ?? [],
  });
  safely(() => options.onRunStarted?.({ runId, places }));
  safely(() => options.events?.onRunStart?.({ runId, kind: options.kind, targets: options.targets.map((target) => target.name) }));
  checkpoint();
  const targets: TargetResult[] = [];
  const environment = runEnvironment();
  try {
    const checked: (CheckedTarget | TargetResult)[] = [];
    for (const session of sessions) {
      const target = session.target;
      if (signal.aborted) {
        checked.push({
          name: target.name,
          url: target.url,
          status: 'skipped',
          capabilities: [],
          suites: [],
          scenarios: [],
          error: 'interrupted before this target ran',
        });
        continue;
      }
      const done = await checkOne(options, session, runId, signal);
      // Without load each target ends as soon as its checks do, so a live report reads target by target.
      checked.push(options.load === undefined ? finishOne(options, done, undefined) : done);
    }
    const reachable = checked.filter((entry): entry is CheckedTarget => 'session' in entry && entry.reached);
    const loads =
      options.load === undefined || signal.aborted
        ? new Map<PipelineSession, TargetLoad>()
        : // Imported only by runs with scenarios: the load engine, its histograms and worker pools are ~100 modules a
          // conformance run (the common call) would otherwise load and compile for nothing.
          await (await import('./run-load-stage.js')).runLoadStage(
            reachable.map((entry) => entry.session),
            {
              load: options.load,
              signal,
              environment,
              ...(options.events === undefined ? {} : { events: options.events }),
              ...(options.checkpoints === undefined ? {} : { checkpoints: options.checkpoints }),
            },
          );
    for (const entry of checked) {
      targets.push('session' in entry ? finishOne(options, entry, loads.get(entry.session)) : entry);
    }
  } finally {
    await Promise.all(sessions.map((session) => session.close().catch(() => undefined)));
  }
  const endedAt = new Date();
  const run: RunResult = {
    schemaVersion: RESULT_SCHEMA_VERSION,
    runId,
    kind: options.kind,
    startedAt: startedAt.toISOString(),
    endedAt: endedAt.toISOString(),
    durationMs: endedAt.getTime() - startedAt.getTime(),
    status: worst(targets.map((target) => target.status)),
    interrupted: signal.aborted,
    environment,
    config,
    ...gradingFields(options.conformance === undefined ? undefined : (options.conformance.grading ?? defaultGrading)),
    ...(options.labels === undefined || Object.keys(options.labels).length === 0 ? {} : { labels: { ...options.labels } }),
    targets,
  };
  safely(() => options.events?.onRunEnd?.(run));
  return run;
}
