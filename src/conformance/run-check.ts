import type { RegistryClient } from '../client/types.js';
import type { ResolvedTarget } from '../config/target.js';
import { TimeoutError } from '../errors/index.js';
import type { CheckError, CheckResult, Exchange } from '../model/index.js';
import type { CapabilityMap } from './capabilities.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import { classifyOutcome, type CheckOutcome } from './classify-outcome.js';
import { ruleOfCheck, stepOfRule } from './expect.js';
import { defaultGrading, gradeCheck, type Grading } from './grade-check.js';
import type { CheckContext, CheckDefinition, CleanupRegistry, SuiteDefinition } from './define-suite.js';
import { planLayout, type LayoutPlan } from './layout/layout-plan.js';
import { scopedCleanup, tagScopedClient } from './layout/tag-scoped-client.js';

/** Most exchanges kept in one check's transcript; a runaway loop must not fill memory or the report. */
const maxExchanges = 500;

/**
 * On Ctrl-C the running check gets this long to finish (its verdict then counts) before it is aborted: "stop after
 * the current check", yet within seconds (DESIGN: bounded).
 */
export const defaultInterruptGraceMs = 3000;

/** Everything one check needs from the runner. */
export interface RunCheckInput {
  readonly suite: SuiteDefinition;
  readonly check: CheckDefinition;
  /** Base client; the check gets one bound to its own transcript. */
  readonly client: RegistryClient;
  readonly target: ResolvedTarget;
  readonly namespace: string;
  readonly capabilities: CapabilityMap;
  readonly cleanup: CleanupRegistry;
  /** Aborted on Ctrl-C. */
  readonly runSignal: AbortSignal;
  /** Time budget unless the check sets its own. */
  readonly timeoutMs: number;
  /** How long a running check may finish after Ctrl-C. @default 3000 */
  readonly interruptGraceMs?: number;
  /** The target's breaker: when it opens, the running check ends at once, errored with its reason. */
  readonly breaker?: CircuitBreaker;
  /** Where checks push. @default the per-check layout under `namespace` */
  readonly layout?: LayoutPlan;
  /** Spec version and profile the check is graded against. @default {@link defaultGrading} */
  readonly grading?: Grading;
}

/** The common fields of a check result, graded at the run's spec version and profile. */
export function checkBase(
  suite: SuiteDefinition,
  check: CheckDefinition,
  grading: Grading = defaultGrading,
): Pick<CheckResult, 'id' | 'title' | 'level' | 'statement' | 'strict' | 'spec' | 'api'> {
  const grade = gradeCheck(check, grading);
  return {
    id: `${suite.id}/${check.id}`,
    title: check.title,
    level: grade.level,
    ...(grade.statement === undefined ? {} : { statement: grade.statement }),
    ...(grade.strict === undefined ? {} : { strict: grade.strict }),
    spec: [...check.spec],
    api: check.api,
  };
}

/** Assembles the result of a check that did not run (skipped, disabled). */
export function notRunResult(
  suite: SuiteDefinition,
  check: CheckDefinition,
  status: 'skipped' | 'disabled',
  reason: string,
  grading: Grading = defaultGrading,
): CheckResult {
  return { ...checkBase(suite, check, grading), status, reason, durationMs: 0, transcript: [] };
}

/** Assembles the result of a check errored before it ran (its capability undecided, its target stalled). */
export function erroredBeforeRun(suite: SuiteDefinition, check: CheckDefinition, error: CheckError, grading: Grading = defaultGrading): CheckResult {
  return { ...checkBase(suite, check, grading), status: 'errored', errors: [error], durationMs: 0, transcript: [] };
}

/**
 * Runs one check with its own transcript, repositories, seed and time budget, and classifies the outcome. Never
 * throws: whatever goes wrong becomes the check's status.
 */
export async function runCheck(input: RunCheckInput): Promise<CheckResult> {
  const { suite, check } = input;
  const fullId = `${suite.id}/${check.id}`;
  const transcript: Exchange[] = [];
  const notes: string[] = [];
  let dropped = 0;
  const recorder = {
    record(exchange: Exchange): void {
      if (transcript.length < maxExchanges) {
        transcript.push(exchange);
      } else {
        dropped += 1;
      }
    },
  };
  const controller = new AbortController();
  const timeoutMs = check.timeoutMs ?? input.timeoutMs;
  const interruptGraceMs = input.interruptGraceMs ?? defaultInterruptGraceMs;
  const layout = input.layout ?? planLayout(undefined, input.namespace, '');
  const places = layout.forCheck(suite.id, check.id);
  const client = input.client.withRecorder(recorder);
  const rule = ruleOfCheck(check);
  const grading = input.grading ?? defaultGrading;
  const grade = gradeCheck(check, grading);
  const context: CheckContext = {
    client: places.tagPrefix === undefined ? client : tagScopedClient(client, places.tagPrefix, places.shared ?? new Set()),
    target: input.target,
    namespace: input.namespace,
    repo: places.repo,
    absentRepo: places.absentRepo,
    layout: layout.kind,
    seed: places.seed,
    capabilities: input.capabilities,
    cleanup: places.tagPrefix === undefined ? input.cleanup : scopedCleanup(input.cleanup, places.tagPrefix),
    note: (text: string) => {
      notes.push(text);
    },
    rule,
    step: (text, options) => stepOfRule(rule, text, options),
    specVersion: grading.specVersion,
    signal: controller.signal,
  };
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  let graceTimer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  let onStall: (() => void) | undefined;
  let outcome: CheckOutcome;
  try {
    const stop = new Promise<'timeout' | 'interrupted' | 'stalled'>((resolve) => {
      timer = setTimeout(() => {
        resolve('timeout');
      }, timeoutMs);
      onAbort = () => {
        graceTimer = setTimeout(() => {
          resolve('interrupted');
        }, interruptGraceMs);
      };
      input.runSignal.addEventListener('abort', onAbort, { once: true });
      onStall = () => {
        resolve('stalled');
      };
      input.breaker?.signal.addEventListener('abort', onStall, { once: true });
    });
    // A check that throws before its first await is classified like one that rejects, never errored by the runner.
    const run = Promise.resolve()
      .then(() => check.run(context))
      .then(
        () => ({ completed: true as const, thrown: undefined }),
        (thrown: unknown) => ({ completed: false as const, thrown }),
      );
    const ended = input.runSignal.aborted ? 'interrupted' : input.breaker?.open === true ? 'stalled' : await Promise.race([run, stop]);
    if (ended === 'stalled') {
      const stalled = input.breaker?.stalled();
      controller.abort(stalled);
      outcome = { status: 'errored', errors: [{ message: stalled?.message ?? 'the registry stopped answering', code: stalled?.code ?? 'OCI_TARGET_STALLED' }] };
    } else if (ended === 'timeout') {
      controller.abort(new TimeoutError(`check ${fullId} exceeded its time budget of ${timeoutMs} ms`, timeoutMs));
      outcome = {
        status: 'errored',
        errors: [{ message: `check exceeded its time budget of ${timeoutMs} ms`, code: 'OCI_TIMEOUT' }],
      };
    } else if (ended === 'interrupted') {
      controller.abort(new Error('interrupted'));
      outcome = { status: 'skipped', reason: `interrupted (the check did not finish within ${interruptGraceMs} ms of the stop)` };
    } else {
      outcome = classifyOutcome(grade.level, ended.thrown, ended.completed);
    }
  } finally {
    clearTimeout(timer);
    clearTimeout(graceTimer);
    if (onAbort !== undefined) {
      input.runSignal.removeEventListener('abort', onAbort);
    }
    if (onStall !== undefined) {
      input.breaker?.signal.removeEventListener('abort', onStall);
    }
  }
  if (dropped > 0) {
    notes.push(`transcript truncated: ${dropped} more exchanges not recorded`);
  }
  if (outcome.status === 'passed' && outcome.note !== undefined) {
    notes.unshift(outcome.note);
  }
  const base = {
    ...checkBase(suite, check, grading),
    durationMs: Math.max(0, performance.now() - started),
    transcript,
    ...(notes.length > 0 ? { notes } : {}),
  };
  switch (outcome.status) {
    case 'passed':
      return { ...base, status: 'passed' };
    case 'skipped':
      return { ...base, status: 'skipped', reason: outcome.reason };
    default:
      return { ...base, status: outcome.status, errors: outcome.errors };
  }
}
