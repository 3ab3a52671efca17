import { openTargetSession, type TargetSession } from '../auth/target-session.js';
import type { RegistryClient, TranscriptRecorder } from '../client/types.js';
import type { ResolvedTarget } from '../config/target.js';
import { createRunId, runNamespace, runTagPrefixOf } from '../model/run-id.js';
import { reachTarget, runTargetChecks, safely, type TargetChecks } from '../conformance/run-target.js';
import type { SuiteDefinition } from '../conformance/define-suite.js';
import { defaultCheckConcurrency } from '../config/check-concurrency.js';
import type { ScenarioOverrides } from '../load/apply-overrides.js';
import type { Scenario } from '../load/define-scenario.js';
import { runScenario, type RunScenarioOptions } from '../load/run-scenario.js';
import { AuthError } from '../errors/index.js';
import { RESULT_SCHEMA_VERSION, worst, type RunEvents, type RunResult, type ScenarioResult, type TargetResult } from '../model/index.js';
import { createProfileJudge, isoDay } from '../profiles/judge-with-profile.js';
import { runEnvironment } from './run-environment.js';
import { runPlaces, type RunInProgress } from './run-places.js';

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
}

/** What {@link LoadStage.prepareScenario} may add to a scenario's run. */
export type ScenarioRunExtras = Partial<Pick<RunScenarioOptions, 'scenario' | 'segment' | 'env' | 'state' | 'startAt'>>;

/**
 * The part of a {@link TargetSession} the pipeline uses; tests plug in sessions over fake clients (without TLS or
 * credentials of their own, the load engine then reads them from the target).
 */
export type PipelineSession = Pick<TargetSession, 'target' | 'createClient' | 'close'> &
  Partial<Pick<TargetSession, 'connect' | 'handoff' | 'credentials' | 'credentialSource'>>;

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

/** Runs the scenarios of the load stage on one target, one after another, until an abort. */
async function runScenarios(session: PipelineSession, load: LoadStage, signal: AbortSignal, events?: RunEvents): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (const scenario of load.scenarios) {
    if (signal.aborted) {
      break;
    }
    const extras = (await load.prepareScenario?.(session.target, scenario)) ?? {};
    results.push(
      await runScenario({
        target: session.target,
        // The session's TLS context, parsed once for the whole run (and handed to worker threads as PEM text).
        ...(session.connect === undefined || session.handoff === undefined
          ? {}
          : { tls: { connect: session.connect, material: session.handoff().tls } }),
        scenario,
        ...extras,
        signal,
        ...(load.threads === undefined ? {} : { threads: load.threads }),
        ...(load.overrides === undefined ? {} : { overrides: load.overrides }),
        ...(events === undefined ? {} : { events }),
      }),
    );
  }
  return results;
}

/** Runs one target through the stages: reachability, then checks (capabilities, suites, cleanup), then scenarios. */
async function runOne(options: RunPipelineOptions, session: PipelineSession, runId: string, signal: AbortSignal): Promise<TargetResult> {
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
              ...(options.events === undefined ? {} : { events: options.events }),
            });
      const scenarios = options.load === undefined || signal.aborted ? [] : await runScenarios(session, options.load, signal, options.events);
      result = {
        ...base,
        ...(reached.product === undefined ? {} : { product: reached.product }),
        status: worst([...checks.suites.map((suite) => suite.status), ...scenarios.map((scenario) => scenario.status)]),
        capabilities: checks.capabilities,
        suites: checks.suites,
        scenarios,
        ...(checks.cleanup === undefined ? {} : { cleanup: checks.cleanup }),
      };
    }
  } finally {
    await client.close();
  }
  // A profile never changes what a check observed: it marks listed deviations known and fails missing requirements.
  if (target.expect !== undefined) {
    result = createProfileJudge(target.expect, isoDay(options.now ?? new Date())).judgeTarget(result);
  }
  safely(() => options.events?.onTargetEnd?.(result));
  return result;
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
  const sessions = await openSessions(options);
  const places = runPlaces(options.targets, runId, {
    conformance: options.conformance !== undefined,
    scenarioIds: options.load?.scenarios.map((scenario) => scenario.id) ?? [],
  });
  safely(() => options.onRunStarted?.({ runId, places }));
  safely(() => options.events?.onRunStart?.({ runId, kind: options.kind, targets: options.targets.map((target) => target.name) }));
  const targets: TargetResult[] = [];
  try {
    for (const session of sessions) {
      const target = session.target;
      if (signal.aborted) {
        targets.push({
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
      targets.push(await runOne(options, session, runId, signal));
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
    environment: runEnvironment(),
    config: options.config ?? { targets: options.targets.map(({ name, url, namespace }) => ({ name, url, namespace })) },
    targets,
  };
  safely(() => options.events?.onRunEnd?.(run));
  return run;
}
