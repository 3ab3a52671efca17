import { diagnoseClientCertificate } from '../client/diagnose-client-certificate.js';
import type { RegistryClient } from '../client/types.js';
import type { ResolvedTarget } from '../config/target.js';
import type { CheckResult, RunEvents, TargetResult } from '../model/index.js';
import { worst } from '../model/index.js';
import type { CheckFilter } from './check-filter.js';
import { CleanupTracker } from './cleanup-tracker.js';
import type { SuiteDefinition } from './define-suite.js';
import { probeCapabilities } from './probe-capabilities.js';
import { probeTarget } from './probe-target.js';
import { defaultCheckConcurrency, runSuites } from './run-suites.js';

/** What one target's run needs. */
export interface RunTargetInput {
  readonly target: ResolvedTarget;
  /** Base client of the target (its transcript goes nowhere; checks get their own). */
  readonly client: RegistryClient;
  readonly suites: readonly SuiteDefinition[];
  readonly filter: CheckFilter;
  readonly namespace: string;
  readonly keep: boolean;
  readonly signal: AbortSignal;
  readonly checkTimeoutMs: number;
  /** Most checks in flight at once; 1 runs them one after another. @default 4 ({@link defaultCheckConcurrency}) */
  readonly concurrency?: number;
  /** How long a running check may finish after Ctrl-C. @default 3000 */
  readonly interruptGraceMs?: number;
  readonly events?: RunEvents;
}

/** Calls a reporter hook; a reporter that throws never breaks the run. */
export function safely(call: () => void): void {
  try {
    call();
  } catch {
    // Reporters are observers: their bugs must not change verdicts.
  }
}

/**
 * Runs every suite on one target: reachability first (one clear error when it is not a registry), then the
 * capability probe, then the checks of every suite (up to `concurrency` at once, results in declared order), then
 * cleanup of everything pushed (unless `keep`). Never throws.
 */
export async function runTarget(input: RunTargetInput): Promise<TargetResult> {
  const { target, client } = input;
  safely(() => input.events?.onTargetStart?.({ name: target.name, url: target.url }));
  const base = {
    name: target.name,
    url: target.url,
    namespace: input.namespace,
    ...(target.tls.insecure ? { insecure: true } : {}),
    scenarios: [],
  };
  const probe = await probeTarget(client, input.signal);
  if (!probe.ok) {
    // undici reports an mTLS refusal as "other side closed"; one raw handshake tells whether a client cert is wanted.
    const error = (await diagnoseClientCertificate(target, 3000, input.signal)) ?? probe.error;
    const result: TargetResult = { ...base, status: 'errored', capabilities: [], suites: [], error };
    safely(() => input.events?.onTargetEnd?.(result));
    return result;
  }
  const cleanup = new CleanupTracker(input.namespace);
  const capabilities = await probeCapabilities(client, `${input.namespace}/capability-probe`, cleanup, input.signal);
  const suites = await runSuites({
    suites: input.suites,
    filter: input.filter,
    client,
    target,
    namespace: input.namespace,
    capabilities: capabilities.map,
    capabilityResults: capabilities.results,
    cleanup,
    runSignal: input.signal,
    timeoutMs: input.checkTimeoutMs,
    concurrency: input.concurrency ?? defaultCheckConcurrency,
    ...(input.interruptGraceMs === undefined ? {} : { interruptGraceMs: input.interruptGraceMs }),
    onCheckEnd: (suite: SuiteDefinition, check: CheckResult) => {
      safely(() => input.events?.onCheckEnd?.(target.name, suite.id, check));
    },
  });
  const cleanupSummary = input.keep ? cleanup.keep() : await cleanup.run(client, capabilities.map, undefined, input.concurrency ?? defaultCheckConcurrency);
  const result: TargetResult = {
    ...base,
    ...(probe.product === undefined ? {} : { product: probe.product }),
    status: worst(suites.map((suite) => suite.status)),
    capabilities: capabilities.results,
    suites,
    cleanup: cleanupSummary,
  };
  safely(() => input.events?.onTargetEnd?.(result));
  return result;
}

