import type { AuthCredentials, CredentialSource } from '../auth/auth-credentials.js';
import { diagnoseClientCertificate } from '../client/diagnose-client-certificate.js';
import type { RegistryClient } from '../client/types.js';
import type { ResolvedTarget } from '../config/target.js';
import type { CheckResult, RunEvents, TargetResult } from '../model/index.js';
import type { CheckFilter } from './check-filter.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { CleanupTracker } from './cleanup-tracker.js';
import { UploadSessions } from './upload-sessions.js';
import { hookedClient } from './layout/hooked-client.js';
import { planLayout } from './layout/layout-plan.js';
import { RepositoryHookRunner } from './layout/repository-hooks.js';
import { scopedCleanup, tagScopedClient } from './layout/tag-scoped-client.js';
import type { SuiteDefinition } from './define-suite.js';
import { probeCapabilities } from './probe-capabilities.js';
import { probeTarget, type TargetProbe } from './probe-target.js';
import { defaultCheckConcurrency } from '../config/check-concurrency.js';
import { runSuites } from './run-suites.js';
import type { Grading } from './grade-check.js';
import { diagnoseCredentials } from './diagnose-credentials.js';
import { createProfileJudge, isoDay } from '../profiles/judge-with-profile.js';

/** What the checks of one target need. */
export interface RunTargetChecksInput {
  readonly target: ResolvedTarget;
  /** Base client of the target (its transcript goes nowhere; checks get their own). */
  readonly client: RegistryClient;
  readonly suites: readonly SuiteDefinition[];
  readonly filter: CheckFilter;
  readonly namespace: string;
  /** The run id: in a fixed layout it prefixes every tag and seeds every digest of the run. @default '' */
  readonly runId?: string;
  readonly keep: boolean;
  readonly signal: AbortSignal;
  readonly checkTimeoutMs: number;
  /** Most checks in flight at once; 1 runs them one after another. @default 4 ({@link defaultCheckConcurrency}) */
  readonly concurrency?: number;
  /** How long a running check may finish after Ctrl-C. @default 3000 */
  readonly interruptGraceMs?: number;
  readonly events?: RunEvents;
  /** Clock deciding which known deviations have expired. @default new Date() */
  readonly now?: Date;
  /** Spec version and profile the checks are graded against. @default {@link defaultGrading} */
  readonly grading?: Grading;
}

/** What the checks of one target found, and what cleanup did. */
export type TargetChecks = Pick<TargetResult, 'capabilities' | 'suites' | 'cleanup'>;

/** Calls a reporter hook; a reporter that throws never breaks the run. */
export function safely(call: () => void): void {
  try {
    call();
  } catch {
    // Reporters are observers: their bugs must not change verdicts.
  }
}

/**
 * Finds out whether the target can be run at all: it answers, is a registry and lets us in with the credentials we
 * have (else one clear line: the mTLS diagnosis when an https registry closed the connection on us, or what
 * credentials to set).
 */
export async function reachTarget(
  target: ResolvedTarget,
  client: RegistryClient,
  signal: AbortSignal,
  credentials: { readonly credentials: AuthCredentials; readonly source: CredentialSource } = {
    credentials: target.credentials,
    source: target.credentials.kind === 'anonymous' ? 'anonymous' : 'target',
  },
): Promise<TargetProbe> {
  const probe = await probeTarget(client, signal);
  if (probe.ok) {
    // Credentials missing or refused: one line before the run, never a run of 401 failures blamed on the registry.
    const refused = diagnoseCredentials(target.url, probe.status, credentials.credentials, credentials.source);
    return refused === undefined ? probe : { ok: false, error: refused };
  }
  // undici reports an mTLS refusal as "other side closed"; one raw handshake tells whether a client cert is wanted.
  const error = (await diagnoseClientCertificate(target, 3000, signal)) ?? probe.error;
  return { ok: false, error };
}

/**
 * Runs the suites on one reachable target: the capability probe, then the checks of every suite (up to
 * `concurrency` at once, results in declared order), then cleanup of everything pushed (unless `keep`). Never throws.
 */
export async function runTargetChecks(input: RunTargetChecksInput): Promise<TargetChecks> {
  const { target } = input;
  // Every request goes through the breaker: a registry that stops answering mid-run ends this target in one request
  // timeout or so, not one per remaining request.
  const breaker = new CircuitBreaker();
  // Live lines show the verdict the profile gives; the pipeline judges the whole target the same way at its end.
  const judge = target.expect === undefined ? undefined : createProfileJudge(target.expect, isoDay(input.now ?? new Date()));
  const layout = planLayout(target.layout, input.namespace, input.runId ?? '');
  const cleanup = new CleanupTracker(
    layout.runTagPrefix === undefined
      ? { ownsRepository: layout.ownsRepository }
      : { ownsRepository: layout.ownsRepository, shared: { runTagPrefix: layout.runTagPrefix } },
  );
  // Every upload session a check opens is watched, so cleanup can cancel the ones left open (or say they are).
  const tracked = UploadSessions.track(breaker.wrap(input.client), cleanup.uploads);
  const hooks =
    target.layout?.kind === 'per-check' && target.layout.hooks !== undefined
      ? new RepositoryHookRunner({ hooks: target.layout.hooks, owns: layout.ownsRepository })
      : undefined;
  // Checks and the probe write through the preCreate hook; cleanup's deletes need no repository created.
  const client = hooks === undefined ? tracked : hookedClient(tracked, hooks);
  const probeTags = layout.probe.tagPrefix;
  const capabilities = await probeCapabilities(
    probeTags === undefined ? client : tagScopedClient(client, probeTags, layout.shared ?? new Set()),
    layout.probe,
    probeTags === undefined ? cleanup : scopedCleanup(cleanup, probeTags),
    input.signal,
  );
  const suites = await runSuites({
    suites: input.suites,
    filter: input.filter,
    client,
    layout,
    target,
    namespace: input.namespace,
    capabilities: capabilities.map,
    capabilityResults: capabilities.results,
    cleanup,
    runSignal: input.signal,
    timeoutMs: input.checkTimeoutMs,
    concurrency: input.concurrency ?? defaultCheckConcurrency,
    ...(input.interruptGraceMs === undefined ? {} : { interruptGraceMs: input.interruptGraceMs }),
    ...(input.grading === undefined ? {} : { grading: input.grading }),
    breaker,
    ...(target.expect === undefined
      ? {}
      : { required: { profile: target.expect.profile.name, capabilities: new Set(target.expect.profile.requires) } }),
    onCheckEnd: (suite: SuiteDefinition, check: CheckResult) => {
      safely(() => input.events?.onCheckEnd?.(target.name, suite.id, judge === undefined ? check : judge.judgeCheck(check)));
    },
  });
  const cleanupSummary = input.keep
    ? cleanup.keep()
    : breaker.reason !== undefined
      ? cleanup.abandon(breaker.reason)
      : await cleanup.run(tracked, capabilities.map, undefined, input.concurrency ?? defaultCheckConcurrency, { stop: input.signal });
  // postDelete goes last, after everything in the repositories is gone; what it could not delete is a leftover too.
  const hookProblems = hooks === undefined || input.keep || breaker.reason !== undefined ? [] : await hooks.deleteAll();
  return {
    capabilities: capabilities.results,
    suites,
    cleanup: hookProblems.length === 0 ? cleanupSummary : { ...cleanupSummary, leftovers: [...cleanupSummary.leftovers, ...hookProblems] },
  };
}
