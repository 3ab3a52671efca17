import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { scenarioResultSchema, type ScenarioTick } from '../../model/index.js';
import { defineScenario, type ScenarioInput } from '../define-scenario.js';
import { decodeHistogram } from '../metrics/latency-histogram.js';
import { runScenario } from '../run-scenario.js';
import { compileLoadWorker, type CompiledWorker } from '../test-support/compile-load-worker.js';
import { startScriptedRegistry, type ScriptedRegistry } from '../test-support/scripted-registry.js';

let compiled: CompiledWorker;
let registry: ScriptedRegistry | undefined;
/** Counts worker threads that started: each drops a file in here before loading the real entry. */
let startsDir = '';
let countingWorker: URL;
let runs = 0;

beforeAll(async () => {
  compiled = await compileLoadWorker();
}, 60_000);
afterAll(async () => {
  await compiled.remove();
});
afterEach(async () => {
  await registry?.close();
  registry = undefined;
});

/** A fresh counting wrapper around the compiled worker entry (one per test, so counts do not mix). */
async function countingWorkerFile(): Promise<URL> {
  runs += 1;
  startsDir = join(compiled.dir, `starts-${runs}`);
  const { mkdir } = await import('node:fs/promises');
  await mkdir(startsDir);
  const file = join(compiled.dir, `counting-worker-${runs}.js`);
  await writeFile(
    file,
    [
      "import { writeFileSync } from 'node:fs';",
      "import { threadId } from 'node:worker_threads';",
      `writeFileSync(${JSON.stringify(startsDir)} + '/' + threadId, '');`,
      `await import(${JSON.stringify(compiled.workerFile.href)});`,
    ].join('\n'),
  );
  return pathToFileURL(file);
}

/** Worker threads that started since the last {@link countingWorkerFile}. */
async function workerStarts(): Promise<number> {
  return (await readdir(startsDir)).length;
}

function scenario(input: Partial<ScenarioInput> & Pick<ScenarioInput, 'executor' | 'flow'>) {
  return defineScenario({ id: 'threads', description: 'worker thread scenario', ...input });
}

describe('runScenario over worker threads', () => {
  it('two workers share the iteration budget exactly and their histograms and counters merge', async () => {
    registry = await startScriptedRegistry();
    countingWorker = await countingWorkerFile();
    const size = 32 * 1024;
    const result = await runScenario({
      target: registry.target,
      scenario: scenario({ executor: { type: 'constant-vus', vus: 4, iterations: 13 }, flow: { kind: 'pull-blobs', size, blobs: 3 } }),
      threads: 2,
      workerFile: countingWorker,
    });
    expect(await workerStarts()).toBe(2);
    expect(scenarioResultSchema.parse(result)).toEqual(result);
    expect(result.status).toBe('passed');
    expect(result.reason).toBeUndefined();
    expect(result.iterations).toBe(13);
    expect(result.errors).toBe(0);
    const gets = registry.seen.filter((line) => line.startsWith('GET') && line.includes('/blobs/sha256:'));
    expect(gets).toHaveLength(13);
    // Global iteration numbers are unique across threads, so every blob of the pool is pulled.
    expect(new Set(gets).size).toBe(3);
    expect(result.requests.total).toBe(13);
    expect(result.statusCodes).toEqual({ '200': 13 });
    expect(result.throughput.bytes).toBe(13 * size);
    const pull = result.operations.find((op) => op.operation === 'blob-pull');
    expect(pull?.count).toBe(13);
    expect(pull?.bytes).toBe(13 * size);
    expect(decodeHistogram(pull?.latencyHistogram ?? '').totalCount).toBe(13);
    expect(result.timeSeries.reduce((sum, point) => sum + point.ops, 0)).toBe(13);
    expect(result.latency.max).toBeGreaterThanOrEqual(result.latency.p50);
    expect(result.latency.min).toBeGreaterThan(0);
  });

  it('push flows get unique content per global iteration across workers', async () => {
    registry = await startScriptedRegistry();
    countingWorker = await countingWorkerFile();
    const result = await runScenario({
      target: registry.target,
      scenario: scenario({ executor: { type: 'constant-vus', vus: 2, iterations: 6 }, flow: { kind: 'push-blobs', size: 10_000 } }),
      threads: 2,
      workerFile: countingWorker,
    });
    expect(await workerStarts()).toBe(2);
    expect(result.errors).toBe(0);
    const puts = registry.seen.filter((line) => line.startsWith('PUT'));
    expect(puts).toHaveLength(6);
    // Streamed push: POST and PATCH (202 each), then PUT (201).
    expect(result.statusCodes).toEqual({ '202': 12, '201': 6 });
    expect(result.throughput.bytes).toBe(60_000);
    // Global iteration numbers seed the content: six distinct blobs, none deduplicated between the threads.
    expect(new Set(registry.storedBlobs()).size).toBe(6);
  });

  it('a digest mismatch is still caught inside the workers', async () => {
    registry = await startScriptedRegistry({ corruptPulls: true });
    countingWorker = await countingWorkerFile();
    const result = await runScenario({
      target: registry.target,
      scenario: scenario({ executor: { type: 'constant-vus', vus: 2, iterations: 6 }, flow: { kind: 'pull-blobs', size: 4096, blobs: 2 } }),
      threads: 2,
      workerFile: countingWorker,
    });
    expect(await workerStarts()).toBe(2);
    expect(result.iterations).toBe(6);
    expect(result.errors).toBe(6);
    expect(result.errorClasses).toEqual({ 'digest-mismatch': 6 });
    expect(result.operations.find((op) => op.operation === 'blob-pull')?.errors).toBe(6);
  });

  it('without verification the corrupted bytes pass (the check above is the digest, not the transport)', async () => {
    registry = await startScriptedRegistry({ corruptPulls: true });
    const result = await runScenario({
      target: registry.target,
      scenario: scenario({
        executor: { type: 'constant-vus', vus: 2, iterations: 4 },
        flow: { kind: 'pull-blobs', size: 4096, blobs: 2 },
        verify: false,
      }),
      threads: 2,
      workerFile: compiled.workerFile,
    });
    expect(result.errors).toBe(0);
    expect(result.verified).toBe(false);
  });

  it('an abort stops every worker and what they measured is still reported', async () => {
    registry = await startScriptedRegistry({ pullDelayMs: 20 });
    countingWorker = await countingWorkerFile();
    const controller = new AbortController();
    const ticks: ScenarioTick[] = [];
    const running = runScenario({
      target: registry.target,
      scenario: scenario({ executor: { type: 'constant-vus', vus: 4, durationMs: 60_000 }, flow: { kind: 'pull-blobs', size: 4096, blobs: 2 } }),
      threads: 2,
      workerFile: countingWorker,
      signal: controller.signal,
      events: { onScenarioTick: (tick) => ticks.push(tick) },
      tickIntervalMs: 50,
    });
    const blobGets = (): number => registry?.seen.filter((line) => line.startsWith('GET') && line.includes('/blobs/')).length ?? 0;
    // Wait (bounded) until the workers have pulled a few blobs and a progress tick has shown them.
    for (let attempt = 0; attempt < 200 && (blobGets() < 12 || !ticks.some((tick) => tick.ops > 0)); attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    controller.abort();
    const result = await running;
    expect(await workerStarts()).toBe(2);
    expect(result.reason).toBe('interrupted: partial results');
    expect(result.durationMs).toBeLessThan(30_000);
    expect(result.iterations).toBeGreaterThan(0);
    expect(result.errors).toBe(0);
    const pull = result.operations.find((op) => op.operation === 'blob-pull');
    expect(pull?.count).toBe(result.iterations);
    expect(decodeHistogram(pull?.latencyHistogram ?? '').totalCount).toBe(result.iterations);
    // Progress ticks carry the workers' running totals.
    expect(ticks.some((tick) => tick.ops > 0 && tick.bytes > 0)).toBe(true);
    expect(Math.max(...ticks.map((tick) => tick.ops))).toBeLessThanOrEqual(result.iterations);
    // Nothing is sent after the run returned: every worker has stopped.
    const after = blobGets();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(blobGets()).toBe(after);
  });

  it('a worker that cannot start makes the run errored with the reason, not a hang', async () => {
    registry = await startScriptedRegistry();
    const broken = join(compiled.dir, 'broken-worker.js');
    await writeFile(broken, "throw new Error('no such engine');\n");
    const result = await runScenario({
      target: registry.target,
      scenario: scenario({ executor: { type: 'constant-vus', vus: 2, iterations: 4 }, flow: { kind: 'pull-blobs', size: 4096, blobs: 1 } }),
      threads: 2,
      workerFile: pathToFileURL(broken),
    });
    expect(result.status).toBe('errored');
    expect(result.reason).toMatch(/load worker \d (crashed|exited).*/);
    expect(result.iterations).toBe(0);    // A path Worker refuses outright (not absolute, not ./-relative): no thread at all, same outcome.
    const unstartable = await runScenario({
      target: registry.target,
      scenario: scenario({ executor: { type: 'constant-vus', vus: 2, iterations: 4 }, flow: { kind: 'pull-blobs', size: 4096, blobs: 1 } }),
      threads: 2,
      workerFile: 'no-such-dir/load-worker.js',
    });
    expect(unstartable.status).toBe('errored');
    expect(unstartable.reason).toMatch(/load worker 0 could not start/);
  });

  it('open and ramping executors are shared out too: slots and drops add up, every VU range is used', async () => {
    registry = await startScriptedRegistry();
    countingWorker = await countingWorkerFile();
    const open = await runScenario({
      target: registry.target,
      scenario: scenario({
        executor: { type: 'constant-arrival-rate', rate: 40, durationMs: 500, maxVUs: 4 },
        flow: { kind: 'manifest-storm', method: 'both', manifests: 3 },
      }),
      threads: 2,
      workerFile: countingWorker,
    });
    expect(await workerStarts()).toBe(2);
    expect(open.errors).toBe(0);
    // Each thread runs 20/s for 500 ms: 10 slots each, started or dropped.
    expect(open.iterations + open.droppedIterations).toBe(20);
    expect(open.operations.map((op) => op.operation).sort()).toEqual(['manifest-get', 'manifest-head']);
    const ramp = await runScenario({
      target: registry.target,
      scenario: scenario({
        executor: { type: 'ramping-vus', startVUs: 2, stages: [{ durationMs: 400, target: 4 }] },
        flow: { kind: 'pull-blobs', size: 1024, blobs: 2 },
      }),
      threads: 2,
      workerFile: compiled.workerFile,
    });
    expect(ramp.errors).toBe(0);
    expect(ramp.iterations).toBeGreaterThan(0);
    expect(ramp.operations.find((op) => op.operation === 'blob-pull')?.count).toBe(ramp.iterations);
    expect(ramp.timeSeries.reduce((sum, point) => sum + point.ops, 0)).toBe(ramp.iterations);
  });

  it('threads: 1 runs in the calling thread (no worker starts)', async () => {
    registry = await startScriptedRegistry();
    countingWorker = await countingWorkerFile();
    const result = await runScenario({
      target: registry.target,
      scenario: scenario({ executor: { type: 'constant-vus', vus: 2, iterations: 4 }, flow: { kind: 'pull-blobs', size: 4096, blobs: 1 } }),
      threads: 1,
      workerFile: countingWorker,
    });
    expect(await workerStarts()).toBe(0);
    expect(result.iterations).toBe(4);
  });
});
