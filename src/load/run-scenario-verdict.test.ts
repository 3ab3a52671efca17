import { afterEach, describe, expect, it } from 'vitest';
import { scenarioResultSchema, type ScenarioResult } from '../model/index.js';
import { defineScenario, type ScenarioInput } from './define-scenario.js';
import { runScenario } from './run-scenario.js';
import { defaultMinIterations } from './thresholds/completion.js';
import { startScriptedRegistry, type ScriptedRegistry, type ScriptedRegistryOptions } from './test-support/scripted-registry.js';

let registry: ScriptedRegistry | undefined;
afterEach(async () => {
  await registry?.close();
  registry = undefined;
});

/** A short pull-blobs run (2 VUs, 600 ms, 300 ms graceful stop) against a scripted registry behaving as told. */
async function pullRun(behaviour: ScriptedRegistryOptions, input: Partial<ScenarioInput> = {}, minIterations?: number): Promise<ScenarioResult> {
  registry = await startScriptedRegistry(behaviour);
  const result = await runScenario({
    // A long request timeout: the stop, not the timeout, must end a stalled iteration.
    target: { ...registry.target, requestTimeoutMs: 30_000 },
    threads: 1,
    scenario: defineScenario({
      id: 'verdict',
      description: 'verdict test',
      executor: { type: 'constant-vus', vus: 2, durationMs: 600, gracefulStopMs: 300 },
      flow: { kind: 'pull-blobs', size: 4096, blobs: 1 },
      ...input,
    }),
    ...(minIterations === undefined ? {} : { overrides: { minIterations } }),
  });
  expect(scenarioResultSchema.safeParse(result).success).toBe(true);
  return result;
}

/** The completion threshold row of a result. */
function completion(result: ScenarioResult): ScenarioResult['thresholds'][number] | undefined {
  return result.thresholds.find((threshold) => threshold.metric === 'iterations.completed');
}

describe('load verdicts: a scenario passes only when iterations completed', () => {
  it('a healthy registry passes with the default minimum of one iteration per VU', async () => {
    const result = await pullRun({});
    expect(result.status).toBe('passed');
    expect(result.minIterations).toBe(2);
    expect(completion(result)).toMatchObject({ condition: '>=2', passed: true });
    expect(result.iterations).toBeGreaterThanOrEqual(2);
    expect(result.reason).toBeUndefined();
  });

  it('a registry that stalls every response fails: no iteration completed, every VU interrupted, and it says why', async () => {
    const result = await pullRun({ stallPulls: true });
    expect(result.status).toBe('failed');
    expect(result.iterations).toBe(0);
    expect(result.errors).toBe(0);
    expect(result.interrupted?.iterations).toBe(2);
    expect(completion(result)).toEqual({ metric: 'iterations.completed', condition: '>=2', actual: 0, passed: false });
    expect(result.reason).toBe(
      `no iterations completed in ${(result.durationMs / 1000).toFixed(1)} s (at least 2 required); 2 still running at the end ` +
        'were interrupted (the 0.0 MB they moved is not counted as throughput); the registry stalled or never finished a response',
    );
  });

  it('an endless body is interrupted bytes, not throughput, and fails the run', async () => {
    const result = await pullRun({ endlessPulls: true });
    expect(result.status).toBe('failed');
    expect(result.iterations).toBe(0);
    expect(result.interrupted?.iterations).toBe(2);
    expect(result.interrupted?.bytes).toBeGreaterThan(1_000_000);
    expect(result.throughput).toEqual({ bytes: 0, mbps: 0 });
    expect(result.timeSeries.reduce((sum, point) => sum + point.bytes, 0)).toBe(0);
    expect(result.reason).toContain('2 still running at the end were interrupted');
    expect(result.reason).toContain('MB they moved is not counted as throughput');
  });

  it('--min-iterations above what completed fails the run; a scenario may set its own minimum', async () => {
    const capped = { executor: { type: 'constant-vus' as const, vus: 1, iterations: 3, gracefulStopMs: 300 } };
    const tooMany = await pullRun({}, capped, 4);
    expect(tooMany.iterations).toBe(3);
    expect(tooMany.status).toBe('failed');
    expect(completion(tooMany)).toEqual({ metric: 'iterations.completed', condition: '>=4', actual: 3, passed: false });
    expect(tooMany.reason).toBe('3 iterations completed in ' + (tooMany.durationMs / 1000).toFixed(1) + ' s (at least 4 required)');
    const own = await pullRun({}, { ...capped, minIterations: 3 });
    expect(own.status).toBe('passed');
    expect(completion(own)?.condition).toBe('>=3');
  });

  it('failed iterations are not completed ones', async () => {
    const result = await pullRun({ pullStatus: 500 });
    expect(result.iterations).toBeGreaterThan(0);
    expect(result.errors).toBe(result.iterations);
    expect(completion(result)?.actual).toBe(0);
    expect(result.status).toBe('failed');
    expect(result.reason).toContain(`${result.errors} failed`);
  });

  it('the default minimum is one per VU, never more than the executor can start', () => {
    expect(defaultMinIterations({ type: 'constant-vus', vus: 8, durationMs: 1000, maxDurationMs: 600_000, gracefulStopMs: 0 })).toBe(8);
    expect(defaultMinIterations({ type: 'constant-vus', vus: 8, iterations: 3, maxDurationMs: 600_000, gracefulStopMs: 0 })).toBe(3);
    expect(defaultMinIterations({ type: 'constant-arrival-rate', rate: 2, durationMs: 1500, maxVUs: 64, gracefulStopMs: 0 })).toBe(3);
    expect(defaultMinIterations({ type: 'constant-arrival-rate', rate: 0.1, durationMs: 1000, maxVUs: 64, gracefulStopMs: 0 })).toBe(1);
    expect(defaultMinIterations({ type: 'ramping-vus', startVUs: 0, stages: [{ durationMs: 1000, target: 5 }, { durationMs: 1000, target: 0 }], gracefulStopMs: 0 })).toBe(5);
  });
});
