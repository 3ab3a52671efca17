import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { compileLoadWorker, type CompiledWorker } from './test-support/compile-load-worker.js';
import { defineScenario, type ScenarioInput } from './define-scenario.js';
import { runScenario } from './run-scenario.js';
import { startScriptedRegistry, type ScriptedRegistry } from './test-support/scripted-registry.js';

let registry: ScriptedRegistry | undefined;
let compiled: CompiledWorker;
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

/** A short scenario over `flow`: 2 VUs, 6 iterations. */
function scenario(flow: ScenarioInput['flow']) {
  return defineScenario({ id: 'cleanup-test', description: 'cleanup test', executor: { type: 'constant-vus', vus: 2, iterations: 6 }, flow });
}

const flows: readonly ScenarioInput['flow'][] = [
  { kind: 'push-blobs', size: 2048, strategy: 'stream', reuse: false },
  { kind: 'pull-blobs', size: 2048, blobs: 3 },
  { kind: 'push-image', layers: [3000, 1000] },
  { kind: 'manifest-storm', method: 'both', manifests: 3 },
];

describe('bench cleanup', () => {
  it.each(flows)('$kind: deletes every manifest and blob the run wrote, set-up pools and unreferenced pushes alike', async (flow) => {
    registry = await startScriptedRegistry();
    const result = await runScenario({ target: registry.target, scenario: scenario(flow), cleanup: true });
    expect(result.status).toBe('passed');
    expect(result.cleanup?.leftovers).toEqual([]);
    expect((result.cleanup?.blobs ?? 0) + (result.cleanup?.manifests ?? 0)).toBeGreaterThan(0);
    expect(registry.storedBlobs()).toEqual([]);
    expect(registry.storedManifests()).toEqual([]);
    // The cleanup's requests are not measured: the figures are those of the 6 iterations alone.
    expect(result.operations.some((operation) => operation.operation.includes('delete'))).toBe(false);
  });

  it('deletes the blobs every worker thread pushed (their digests come back with the measurements)', async () => {
    registry = await startScriptedRegistry();
    const result = await runScenario({ target: registry.target, scenario: scenario(flows[0]!), cleanup: true, threads: 2, workerFile: compiled.workerFile });
    expect(result.threads).toBe(2);
    expect(result.cleanup).toEqual({ manifests: 0, blobs: 6, leftovers: [] });
    expect(registry.storedBlobs()).toEqual([]);
  });

  it('keeps everything without cleanup (--keep), and names what a registry refuses to delete', async () => {
    registry = await startScriptedRegistry();
    const kept = await runScenario({ target: registry.target, scenario: scenario(flows[0]!) });
    expect(kept.cleanup).toBeUndefined();
    expect(registry.storedBlobs()).toHaveLength(6);
    await registry.close();
    registry = await startScriptedRegistry({ failFirst: { method: 'DELETE', count: 1000, status: 405 } });
    const refused = await runScenario({ target: registry.target, scenario: scenario(flows[0]!), cleanup: true });
    expect(refused.cleanup?.blobs).toBe(0);
    expect(refused.cleanup?.leftovers).toHaveLength(6);
    expect(refused.cleanup?.leftovers[0]).toMatch(/^blob .*@sha256:[0-9a-f]{64} \(DELETE 405\)$/);
    expect(registry.storedBlobs()).toHaveLength(6);
  });
});
