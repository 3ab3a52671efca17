import { cpus, hostname, totalmem } from 'node:os';
import { readPackageVersion } from '../cli/package-info.js';
import { createAuthProvider } from '../auth/create-auth-provider.js';
import { createRegistryClient } from '../client/index.js';
import type { RegistryClient, TranscriptRecorder } from '../client/types.js';
import type { ResolvedTarget } from '../config/target.js';
import { RESULT_SCHEMA_VERSION, worst, type RunEvents, type RunResult, type TargetResult } from '../model/index.js';
import type { SuiteDefinition } from './define-suite.js';
import { createRunId, runNamespace } from './run-id.js';
import { defaultCheckConcurrency } from './run-suites.js';
import { runTarget, safely } from './run-target.js';

/** Options of {@link runConformance}. */
export interface RunConformanceOptions {
  readonly targets: readonly ResolvedTarget[];
  /** Suites in run order (normally `suites/index.ts`). */
  readonly suites: readonly SuiteDefinition[];
  /** Suite id prefixes to run (`--suite`); others are listed as disabled. @default all */
  readonly suiteFilter?: readonly string[];
  /** Full check id prefixes to run (`--check`); others are listed as disabled. @default all */
  readonly checkFilter?: readonly string[];
  /** Run id, lowercase and short; part of the namespace. @default a fresh random id */
  readonly runId?: string;
  /** Leave everything pushed in place (`--keep`). @default false */
  readonly keep?: boolean;
  /** Ctrl-C: stop after the current check, clean up, return partial results with `interrupted: true`. */
  readonly signal?: AbortSignal;
  readonly events?: RunEvents;
  /**
   * Builds the client of a target; its transcript recorder is replaced per check via `withRecorder`.
   * @default the undici registry client (`createRegistryClient`)
   */
  readonly createClient?: (target: ResolvedTarget, recorder: TranscriptRecorder) => RegistryClient;
  /** Per-check time budget unless the check sets its own. @default 60000 */
  readonly checkTimeoutMs?: number;
  /**
   * Most checks of a target in flight at once (`--concurrency`), a positive whole number; 1 runs them one after
   * another. Verdicts and the order of results do not depend on it. @default 4 ({@link defaultCheckConcurrency})
   */
  readonly concurrency?: number;
  /** After Ctrl-C, how long the running check may finish (its verdict counts) before it is aborted. @default 3000 */
  readonly interruptGraceMs?: number;
  /** Redacted effective configuration to store in the result. @default targets by name, url and namespace */
  readonly config?: Readonly<Record<string, unknown>>;
}

/** The machine and tool that produced the run. */
function environment(): RunResult['environment'] {
  return {
    regattaVersion: readPackageVersion(),
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    hostname: hostname(),
    cpus: cpus().length,
    memoryBytes: totalmem(),
  };
}

/** A recorder that drops what it gets: the base client's own traffic is not part of any check. */
const discard: TranscriptRecorder = {
  record: () => undefined,
};

/** The real client, with the target's TLS settings, through the auth layer (token flow, Docker config, helpers). */
function defaultClient(target: ResolvedTarget, recorder: TranscriptRecorder): RegistryClient {
  return createRegistryClient({ target, recorder, auth: createAuthProvider(target, process.env) });
}

/**
 * Runs the conformance suites against every target, one target after another (the checks of a target up to
 * `concurrency` at once), and returns the RunResult. Never throws for registry or network problems: an unreachable
 * target is an errored target with one clear `error`.
 *
 * @throws RangeError when `concurrency` is not a positive whole number (a caller's bug: the config layer validates it).
 */
export async function runConformance(options: RunConformanceOptions): Promise<RunResult> {
  const concurrency = options.concurrency ?? defaultCheckConcurrency;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be a positive whole number, got ${concurrency}`);
  }
  const runId = options.runId ?? createRunId();
  const signal = options.signal ?? new AbortController().signal;
  const startedAt = new Date();
  safely(() =>
    options.events?.onRunStart?.({ runId, kind: 'conformance', targets: options.targets.map((target) => target.name) }),
  );
  const targets: TargetResult[] = [];
  for (const target of options.targets) {
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
    const client = (options.createClient ?? defaultClient)(target, discard);
    try {
      targets.push(
        await runTarget({
          target,
          client,
          suites: options.suites,
          filter: { suites: options.suiteFilter ?? [], checks: options.checkFilter ?? [] },
          namespace: runNamespace(target.namespace, runId),
          keep: options.keep ?? false,
          signal,
          checkTimeoutMs: options.checkTimeoutMs ?? 60_000,
          concurrency,
          ...(options.interruptGraceMs === undefined ? {} : { interruptGraceMs: options.interruptGraceMs }),
          ...(options.events === undefined ? {} : { events: options.events }),
        }),
      );
    } finally {
      await client.close();
    }
  }
  const endedAt = new Date();
  const run: RunResult = {
    schemaVersion: RESULT_SCHEMA_VERSION,
    runId,
    kind: 'conformance',
    startedAt: startedAt.toISOString(),
    endedAt: endedAt.toISOString(),
    durationMs: endedAt.getTime() - startedAt.getTime(),
    status: worst(targets.map((target) => target.status)),
    interrupted: signal.aborted,
    environment: environment(),
    config: options.config ?? {
      targets: options.targets.map(({ name, url, namespace }) => ({ name, url, namespace })),
    },
    targets,
  };
  safely(() => options.events?.onRunEnd?.(run));
  return run;
}
