/**
 * The three phases of a distributed run, each a separate process (a Kubernetes Job): `setup` pushes the pools the
 * scenario reads, once; `run` measures one execution segment over them; `teardown` deletes what the run wrote, once.
 * All three find the same repository and seeds from the shared run id alone.
 */
import { systemClock } from '../clock.js';
import type { ResolvedTarget } from '../../config/target.js';
import { runNamespace } from '../../model/run-id.js';
import type { Scenario } from '../define-scenario.js';
import type { FlowEnv, FlowState } from '../flows/flow-types.js';
import { flowKindOf } from '../flows/flow-kinds.js';
import { headerValue, LoadTarget } from '../http/load-target.js';
import { MetricsCollector } from '../metrics/metrics-collector.js';
import type { OpContext } from '../ops/op-context.js';
import { verifyFlowState } from './plan-flow-state.js';

/** Which part of a distributed run a process does. */
export const benchPhases = ['setup', 'run', 'teardown'] as const;
/** See {@link benchPhases}. */
export type BenchPhase = (typeof benchPhases)[number];

/** Where every phase of run `runId` works: `<namespace>/regatta-<runid>/<scenario>`, seeds from the run id. */
export function segmentEnv(target: ResolvedTarget, scenarioId: string, runId: string): FlowEnv {
  return { repository: `${runNamespace(target.namespace, runId)}/${scenarioId}`, seedPrefix: `${scenarioId}/${runId}` };
}

/** Runs `work` with a small connection pool to the target, closed afterwards. */
async function withTarget<T>(target: ResolvedTarget, work: (http: LoadTarget) => Promise<T>): Promise<T> {
  const http = new LoadTarget(target, 4, systemClock, new MetricsCollector(systemClock));
  try {
    return await work(http);
  } finally {
    await http.close().catch(() => undefined);
  }
}

/** What the set-up phase pushed, for its one-line report. */
export function describeState(state: FlowState): string {
  switch (state.kind) {
    case 'none':
      return 'nothing (the scenario reads nothing it did not write)';
    case 'blobs':
      return `${state.digests.length} blobs`;
    case 'images':
      return `${state.images.length} images`;
    case 'tags':
      return `${state.tags.length} manifests`;
  }
}

/** The set-up phase: pushes the scenario's pools under the run's repository (not measured). */
export function runSetupPhase(target: ResolvedTarget, scenario: Scenario, runId: string, signal: AbortSignal): Promise<FlowState> {
  const env = segmentEnv(target, scenario.id, runId);
  return withTarget(target, (http) => flowKindOf(scenario.flow).setup(scenario.flow, env, { http, verify: true, signal }));
}

/** What one segment's run phase starts from. */
export interface PreparedSegment {
  readonly env: FlowEnv;
  readonly state: FlowState;
  /** This machine's clock minus the registry's `Date`, ms (±500: the header has whole seconds); undefined without one. */
  readonly clockSkewMs?: number;
}

/** Local clock minus the registry's `Date` header, from one `GET /v2/`. */
async function measureClockSkew(ctx: OpContext): Promise<number | undefined> {
  const response = await ctx.http.send({ method: 'GET', path: '/v2/', scope: '', signal: ctx.signal }).catch(() => undefined);
  if (response === undefined) {
    return undefined;
  }
  const received = Date.now();
  await response.body.dump().catch(() => undefined);
  const date = Date.parse(headerValue(response.headers, 'date') ?? '');
  // The header is truncated to the second: its midpoint is the best estimate of the registry's time.
  return Number.isNaN(date) ? undefined : received - (date + 500);
}

/**
 * The run phase's start: the set-up's result rebuilt locally, checked on the registry (a UsageError when the set-up
 * phase has not run), and this machine's clock skew against the registry.
 */
export async function prepareSegment(target: ResolvedTarget, scenario: Scenario, runId: string, signal: AbortSignal): Promise<PreparedSegment> {
  const env = segmentEnv(target, scenario.id, runId);
  const state = await flowKindOf(scenario.flow).plan(scenario.flow, env);
  return withTarget(target, async (http) => {
    const ctx: OpContext = { http, verify: true, signal };
    await verifyFlowState(state, env, ctx, runId);
    const clockSkewMs = await measureClockSkew(ctx);
    return { env, state, ...(clockSkewMs === undefined ? {} : { clockSkewMs }) };
  });
}
