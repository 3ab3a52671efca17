import { cpus } from 'node:os';
import type { BenchFingerprint, RunResult, ScenarioResult } from '../model/index.js';
import type { Scenario } from './define-scenario.js';
import { peakConcurrency, plannedDurationMs } from './executors/run-executor.js';

/** How a bench's content was seeded: fresh bytes every run, or from the run id (execution segments share one). */
export type DataSeed = 'unique-per-run' | 'run-id';

/** Blob and layer sizes of a flow, in flow order (the mixed flow's distribution as median, p90 and cap). */
function flowSizes(scenario: Scenario): number[] {
  const flow = scenario.flow;
  switch (flow.kind) {
    case 'push-blobs':
    case 'pull-blobs':
      return [flow.size];
    case 'push-image':
    case 'pull-image':
      return [...flow.layers];
    case 'mixed':
      return [flow.medianBytes * flow.scale, flow.p90Bytes * flow.scale, flow.maxLayerBytes];
    case 'manifest-storm':
      return [];
  }
}

/** Everything else that shapes the work, as sorted key=value text: flow settings beyond sizes and the executor's extras. */
function flowText(scenario: Scenario): string {
  const { kind, ...flow } = scenario.flow as Record<string, unknown> & { kind: string };
  for (const size of ['size', 'layers']) {
    delete flow[size];
  }
  const executor = scenario.executor;
  const extras: Record<string, unknown> = {
    ...(executor.type === 'constant-vus' && executor.iterations !== undefined ? { iterations: executor.iterations } : {}),
    ...(executor.type === 'ramping-vus' ? { startVUs: executor.startVUs, stages: executor.stages.map((stage) => `${stage.target}@${stage.durationMs}ms`).join('>') } : {}),
  };
  const pairs = Object.entries({ ...flow, ...extras })
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return [`kind=${kind}`, ...pairs].join(' ');
}

/**
 * The fingerprint of one scenario's bench: the effective scenario (overrides applied), the threads and engine the
 * result says were used, and the client that measured. Two results compare only when these agree.
 */
export function benchFingerprint(
  scenario: Scenario,
  result: Pick<ScenarioResult, 'threads' | 'engine'>,
  environment: Pick<RunResult['environment'], 'regattaVersion' | 'cpus' | 'node'>,
  dataSeed: DataSeed,
): BenchFingerprint {
  const executor = scenario.executor;
  const cpuModel = cpus()[0]?.model.trim();
  return {
    scenario: scenario.id,
    executor: executor.type,
    vus: peakConcurrency(executor),
    ...(executor.type === 'constant-arrival-rate' ? { rate: executor.rate } : {}),
    durationMs: plannedDurationMs(executor),
    sizesBytes: flowSizes(scenario),
    flow: flowText(scenario),
    threads: result.threads ?? 1,
    engine: result.engine,
    verify: scenario.verify,
    ...(scenario.verify ? { verifyCopyBytes: scenario.verifyCopyBytes } : {}),
    dataSeed,
    regattaVersion: environment.regattaVersion,
    clientCpus: environment.cpus,
    ...(cpuModel === undefined || cpuModel === '' ? {} : { clientCpuModel: cpuModel }),
    node: environment.node,
  };
}
