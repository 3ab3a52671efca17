import { UsageError } from '../errors/index.js';
import { scenarioSchema, type Scenario } from './define-scenario.js';

/** What the command line may change in a scenario. */
export interface ScenarioOverrides {
  readonly durationMs?: number;
  /** Concurrency: VUs of closed executors, max VUs of the open one. */
  readonly vus?: number;
  /** Iterations per second; turns the executor into `constant-arrival-rate`. */
  readonly rate?: number;
  /** Blob size (blob flows) or size of every layer (image flows). */
  readonly sizeBytes?: number;
  readonly verify?: boolean;
  /** Bytes per thread of verified copies (`--verify-copies`); 0 hashes every pull. */
  readonly verifyCopyBytes?: number;
  /**
   * A fixed iteration count shared by all VUs (k6's shared-iterations): turns the executor into `constant-vus` with
   * this budget; the scenario's own duration no longer applies (`--duration` still caps it when given).
   */
  readonly iterations?: number;
  /** Fewest successful iterations for a pass (`--min-iterations`); replaces the scenario's own minimum. */
  readonly minIterations?: number;
}

/** The scenario with overrides applied and re-validated (a bad combination is a UsageError). */
export function applyOverrides(scenario: Scenario, overrides: ScenarioOverrides): Scenario {
  let executor: Record<string, unknown> = { ...scenario.executor };
  const duration = overrides.durationMs;
  if (overrides.iterations !== undefined) {
    if (overrides.rate !== undefined) {
      throw new UsageError('--iterations and --rate exclude each other (a fixed count is a closed model)');
    }
    const vus = overrides.vus ?? ('vus' in scenario.executor ? scenario.executor.vus : 'maxVUs' in scenario.executor ? scenario.executor.maxVUs : undefined);
    if (vus === undefined) {
      throw new UsageError('--iterations on a ramping-vus scenario needs --vus');
    }
    executor = {
      type: 'constant-vus',
      vus,
      iterations: overrides.iterations,
      ...(duration === undefined ? {} : { durationMs: duration }),
      gracefulStopMs: scenario.executor.gracefulStopMs,
    };
  } else if (overrides.rate !== undefined) {
    const maxVUs = overrides.vus ?? ('maxVUs' in scenario.executor ? scenario.executor.maxVUs : 64);
    const durationMs = duration ?? ('durationMs' in scenario.executor ? (scenario.executor.durationMs ?? 30_000) : 30_000);
    executor = { type: 'constant-arrival-rate', rate: overrides.rate, maxVUs, durationMs, gracefulStopMs: scenario.executor.gracefulStopMs };
  } else {
    if (overrides.vus !== undefined) {
      if (executor['type'] === 'constant-vus') {
        executor['vus'] = overrides.vus;
      } else if (executor['type'] === 'constant-arrival-rate') {
        executor['maxVUs'] = overrides.vus;
      } else {
        throw new UsageError('--vus does not apply to a ramping-vus scenario; edit its stages');
      }
    }
    if (duration !== undefined) {
      if (executor['type'] === 'ramping-vus') {
        throw new UsageError('--duration does not apply to a ramping-vus scenario; edit its stages');
      }
      executor['durationMs'] = duration;
    }
  }
  let flow: Record<string, unknown> = { ...scenario.flow };
  if (overrides.sizeBytes !== undefined) {
    if ('size' in scenario.flow) {
      flow['size'] = overrides.sizeBytes;
    } else if ('layers' in scenario.flow) {
      flow = { ...flow, layers: scenario.flow.layers.map(() => overrides.sizeBytes) };
    } else {
      throw new UsageError(`--size does not apply to scenario ${scenario.id}`);
    }
  }
  const parsed = scenarioSchema.safeParse({
    ...scenario,
    executor,
    flow,
    verify: overrides.verify ?? scenario.verify,
    verifyCopyBytes: overrides.verifyCopyBytes ?? scenario.verifyCopyBytes,
    ...(overrides.minIterations === undefined ? {} : { minIterations: overrides.minIterations }),
  });
  if (!parsed.success) {
    throw new UsageError(`scenario ${scenario.id}: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`);
  }
  return parsed.data;
}
