import { afterEach, describe, expect, it } from 'vitest';
import type { ScenarioTick } from '../model/index.js';
import { scenarioResultSchema } from '../model/index.js';
import { defineScenario, type ScenarioInput } from './define-scenario.js';
import { runScenario } from './run-scenario.js';
import { startScriptedRegistry, type ScriptedRegistry } from './test-support/scripted-registry.js';

let registry: ScriptedRegistry | undefined;
afterEach(async () => {
  await registry?.close();
  registry = undefined;
});

/** A scenario with the given executor and flow and no thresholds unless given. */
function scenario(input: Partial<ScenarioInput> & Pick<ScenarioInput, 'executor' | 'flow'>) {
  return defineScenario({ id: 'test', description: 'test scenario', ...input });
}

describe('runScenario against a scripted registry', () => {
  it('pull: known delay and body size give matching latency, TTFB, byte counts and a valid result', async () => {
    registry = await startScriptedRegistry({ pullDelayMs: 100 });
    const size = 64 * 1024;
    const ticks: ScenarioTick[] = [];
    const result = await runScenario({
      target: registry.target,
      scenario: scenario({
        executor: { type: 'constant-vus', vus: 2, iterations: 10 },
        flow: { kind: 'pull-blobs', size, blobs: 2 },
      }),
      events: { onScenarioTick: (tick) => ticks.push(tick) },
      tickIntervalMs: 50,
    });
    expect(scenarioResultSchema.parse(result)).toEqual(result);
    expect(result.status).toBe('passed');
    expect(result.iterations).toBe(10);
    expect(result.errors).toBe(0);
    expect(result.throughput.bytes).toBe(10 * size);
    expect(result.requests.total).toBe(10);
    expect(result.statusCodes).toEqual({ '200': 10 });
    const pull = result.operations.find((op) => op.operation === 'blob-pull');
    expect(pull?.count).toBe(10);
    expect(pull?.bytes).toBe(10 * size);
    // The server waits 100 ms before the headers: latency and TTFB are at least that, and (tolerance) not absurdly more.
    expect(pull?.latencyMs.min).toBeGreaterThanOrEqual(99);
    expect(pull?.ttfbMs?.min).toBeGreaterThanOrEqual(99);
    expect(pull?.latencyMs.p50).toBeLessThan(2000);
    expect(result.latency.min).toBeGreaterThanOrEqual(99);
    expect(pull?.latencyHistogram).toMatch(/^[A-Za-z0-9+/=]+$/);
    expect(result.verified).toBe(true);
    expect(result.resources?.cpuSeconds).toBeGreaterThan(0);
    expect(result.timeSeries.reduce((sum, point) => sum + point.ops, 0)).toBe(10);
    expect(ticks.length).toBeGreaterThan(0);
    expect(ticks.at(-1)?.scenario).toBe('test');
  });

  it('push: unique content per iteration, exact bytes and the POST/PATCH/PUT status counts', async () => {
    registry = await startScriptedRegistry();
    const result = await runScenario({
      target: registry.target,
      scenario: scenario({
        executor: { type: 'constant-vus', vus: 3, iterations: 6 },
        flow: { kind: 'push-blobs', size: 100_000 },
      }),
    });
    expect(result.errors).toBe(0);
    expect(result.throughput.bytes).toBe(600_000);
    expect(result.statusCodes).toEqual({ '202': 12, '201': 6 });
    const put = registry.seen.filter((line) => line.startsWith('PUT'));
    expect(put).toHaveLength(6);
    expect(result.operations.map((op) => op.operation)).toEqual(['blob-push']);
  });

  it('describes the run from the settings it used (overrides included): VUs, size, threads, not the defaults', async () => {
    registry = await startScriptedRegistry();
    const result = await runScenario({
      target: registry.target,
      scenario: scenario({
        description: 'Push unique 16 MiB blobs from 8 workers',
        executor: { type: 'constant-vus', vus: 8, durationMs: 30_000 },
        flow: { kind: 'push-blobs', size: 16 * 1024 * 1024 },
      }),
      overrides: { vus: 2, sizeBytes: 1000, durationMs: 300, verify: false },
      threads: 1,
    });
    expect(result.description).toBe('Push unique 1000 B blobs (streamed PATCH, not verified), 2 VUs for 300 ms');
    expect(result.sizeBytes).toBe(1000);
    expect(result.threads).toBe(1);
    expect(result.executor).toMatchObject({ vus: 2, durationMs: 300 });
  });

  it('chunked and monolithic strategies push the same bytes the registry accepts by digest', async () => {
    registry = await startScriptedRegistry();
    for (const flow of [
      { kind: 'push-blobs' as const, size: 300_000, strategy: 'chunked' as const, chunkBytes: 128 * 1024 },
      { kind: 'push-blobs' as const, size: 300_000, strategy: 'monolithic' as const },
    ]) {
      const result = await runScenario({
        target: registry.target,
        scenario: scenario({ executor: { type: 'constant-vus', vus: 1, iterations: 2 }, flow }),
      });
      expect(result.errors).toBe(0);
      expect(result.operations.find((op) => op.operation === 'blob-push')?.count).toBe(2);
    }
    expect(registry.seen.filter((line) => line.startsWith('PATCH'))).toHaveLength(6);
  });

  it('keeps chunks within the target’s limits: a 128 KiB chunk wanted, 100 KB allowed (GHCR-like cap) or 150 KB required', async () => {
    registry = await startScriptedRegistry();
    const flow = { kind: 'push-blobs' as const, size: 300_000, strategy: 'chunked' as const, chunkBytes: 128 * 1024 };
    for (const limits of [{ maxChunkBytes: 100_000 }, { minChunkBytes: 150_000 }]) {
      const result = await runScenario({ target: { ...registry.target, ...limits }, scenario: scenario({ executor: { type: 'constant-vus', vus: 1, iterations: 1 }, flow }) });
      expect(result.errors).toBe(0);
    }
    // 300 000 bytes: three 100 000-byte chunks under the cap, then two (150 000 each) at the minimum.
    expect(registry.seen.filter((line) => line.startsWith('PATCH'))).toHaveLength(5);
  });

  it('image push and pull record manifest, blob and whole-image operations', async () => {
    registry = await startScriptedRegistry();
    const pull = await runScenario({
      target: registry.target,
      scenario: scenario({
        executor: { type: 'constant-vus', vus: 2, iterations: 4 },
        flow: { kind: 'pull-image', layers: [50_000, 20_000], images: 2 },
      }),
    });
    expect(pull.errors).toBe(0);
    const byOp = Object.fromEntries(pull.operations.map((op) => [op.operation, op.count]));
    expect(byOp).toEqual({ 'manifest-get': 4, 'blob-pull': 12, 'image-pull': 4 });
    const storm = await runScenario({
      target: registry.target,
      scenario: scenario({
        executor: { type: 'constant-arrival-rate', rate: 50, durationMs: 400, maxVUs: 4 },
        flow: { kind: 'manifest-storm', method: 'both', manifests: 3 },
      }),
    });
    expect(storm.errors).toBe(0);
    expect(storm.iterations + storm.droppedIterations).toBe(20);
    expect(storm.operations.map((op) => op.operation).sort()).toEqual(['manifest-get', 'manifest-head']);
  });

  it('a crossed threshold fails the scenario and says which', async () => {
    registry = await startScriptedRegistry({ pullDelayMs: 50 });
    const result = await runScenario({
      target: registry.target,
      scenario: scenario({
        executor: { type: 'constant-vus', vus: 1, iterations: 2 },
        flow: { kind: 'pull-blobs', size: 1000, blobs: 1 },
        thresholds: { 'latency.p99': '<1ms', 'errors.rate': '<1%' },
      }),
    });
    expect(result.status).toBe('failed');
    expect(result.thresholds).toEqual([
      { metric: 'latency.p99', condition: '<1ms', actual: result.latency.p99, passed: false },
      { metric: 'errors.rate', condition: '<1%', actual: 0, passed: true },
      { metric: 'iterations.completed', condition: '>=1', actual: 2, passed: true },
    ]);
  });

  it('a registry killed mid-run: errors are counted by class and the run still ends with results', async () => {
    registry = await startScriptedRegistry({ pullDelayMs: 20 });
    const killed = registry;
    setTimeout(() => void killed.kill(), 300);
    const result = await runScenario({
      target: registry.target,
      scenario: scenario({
        executor: { type: 'constant-vus', vus: 2, durationMs: 1200 },
        flow: { kind: 'pull-blobs', size: 10_000, blobs: 2 },
      }),
    });
    expect(result.iterations).toBeGreaterThan(0);
    expect(result.errors).toBeGreaterThan(0);
    expect(result.errorClasses['OCI_NETWORK']).toBeGreaterThan(0);
    expect(result.operations.find((op) => op.operation === 'blob-pull')?.errors).toBe(result.errors);
  });

  it('a stalled response (no headers) ends in OCI_TIMEOUT at the per-request timeout', async () => {
    registry = await startScriptedRegistry({ stallPulls: true });
    const result = await runScenario({
      target: { ...registry.target, requestTimeoutMs: 300 },
      scenario: scenario({
        executor: { type: 'constant-vus', vus: 1, iterations: 2 },
        flow: { kind: 'pull-blobs', size: 1000, blobs: 1 },
      }),
    });
    expect(result.errors).toBe(2);
    expect(result.timeouts).toBe(2);
    expect(result.errorClasses).toEqual({ OCI_TIMEOUT: 2 });
  });

  it('a body that stalls half-way ends in OCI_TIMEOUT too', async () => {
    registry = await startScriptedRegistry({ stallAfterBytes: 100 });
    const result = await runScenario({
      target: { ...registry.target, requestTimeoutMs: 300 },
      scenario: scenario({
        executor: { type: 'constant-vus', vus: 1, iterations: 1 },
        flow: { kind: 'pull-blobs', size: 10_000, blobs: 1 },
      }),
    });
    expect(result.errorClasses).toEqual({ OCI_TIMEOUT: 1 });
  });

  it('an abort (Ctrl-C) returns partial results within seconds', async () => {
    registry = await startScriptedRegistry({ pullDelayMs: 20 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const started = Date.now();
    const result = await runScenario({
      target: registry.target,
      signal: controller.signal,
      scenario: scenario({
        executor: { type: 'constant-vus', vus: 2, durationMs: 600_000 },
        flow: { kind: 'pull-blobs', size: 10_000, blobs: 2 },
      }),
    });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.reason).toBe('interrupted: partial results');
    expect(result.iterations).toBeGreaterThan(0);
    expect(result.errors).toBe(0);
  });

  it('rejects a malformed threshold before sending anything', async () => {
    registry = await startScriptedRegistry();
    await expect(
      runScenario({
        target: registry.target,
        scenario: scenario({
          executor: { type: 'constant-vus', vus: 1, iterations: 1 },
          flow: { kind: 'pull-blobs', size: 10, blobs: 1 },
          thresholds: { 'latency.p99': 'fast please' },
        }),
      }),
    ).rejects.toThrow('threshold latency.p99: cannot parse "fast please"; expected e.g. <250ms, <1%, >50');
    expect(registry.seen).toEqual([]);
  });
});
