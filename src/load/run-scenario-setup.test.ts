import { afterEach, describe, expect, it } from 'vitest';
import type { ScenarioResult } from '../model/index.js';
import { defineScenario, type ScenarioInput } from './define-scenario.js';
import { formatScenarioEnd } from './progress/bench-progress.js';
import { runScenario } from './run-scenario.js';
import { startScriptedRegistry, type ScriptedRegistry } from './test-support/scripted-registry.js';

let registry: ScriptedRegistry | undefined;
afterEach(async () => {
  await registry?.close();
  registry = undefined;
});

/** A short scenario over `flow`. */
function scenario(flow: ScenarioInput['flow']) {
  return defineScenario({ id: 'setup-test', description: 'set-up test', executor: { type: 'constant-vus', vus: 2, iterations: 4 }, flow });
}

const imageFlows: readonly ScenarioInput['flow'][] = [
  { kind: 'manifest-storm', method: 'both', manifests: 3 },
  { kind: 'mixed', readRatio: 0.5, medianBytes: 2000, p90Bytes: 8000, maxLayerBytes: 20_000, layersPerImage: 2, images: 2 },
  { kind: 'pull-image', layers: [3000, 1000], images: 2 },
  { kind: 'push-image', layers: [3000, 1000] },
];

describe('scenario set-up and image pushes', () => {
  it.each(imageFlows)('$kind pushes image configs a config-checking registry (zot) accepts', async (flow) => {
    registry = await startScriptedRegistry();
    const result = await runScenario({ target: registry.target, scenario: scenario(flow) });
    expect(result.reason).toBeUndefined();
    expect(result.errors).toBe(0);
    expect(result.status).toBe('passed');
    expect(result.iterations).toBe(4);
  });

  it('a set-up the registry refuses errors with its status and error code, and the end line says why instead of zeros', async () => {
    registry = await startScriptedRegistry({
      rejectManifests: { status: 400, code: 'MANIFEST_INVALID', message: 'manifest invalid' },
    });
    const ended: ScenarioResult[] = [];
    const result = await runScenario({
      target: registry.target,
      scenario: scenario({ kind: 'manifest-storm', method: 'HEAD', manifests: 2 }),
      events: { onScenarioEnd: (_target, end) => ended.push(end) },
    });
    expect(result.status).toBe('errored');
    expect(result.reason).toBe('set-up failed: put manifest: 400 MANIFEST_INVALID: manifest invalid');
    expect(ended).toEqual([result]);
    expect(formatScenarioEnd('zot', result)).toBe(
      '[zot] setup-test: errored — set-up failed: put manifest: 400 MANIFEST_INVALID: manifest invalid\n',
    );
  });

  it.each([503, 'reset'] as const)('a set-up that meets one %s tries again and measures only the run (no set-up request counted)', async (fault) => {
    registry = await startScriptedRegistry({ failFirst: { method: 'POST', count: 1, status: fault } });
    const result = await runScenario({
      target: registry.target,
      scenario: defineScenario({
        id: 'setup-retry',
        description: 'pull after a flaky set-up',
        executor: { type: 'constant-vus', vus: 1, iterations: 3 },
        flow: { kind: 'pull-blobs', size: 1024, blobs: 2 },
      }),
    });
    expect(result.reason).toBeUndefined();
    expect(result.status).toBe('passed');
    expect(result.errors).toBe(0);
    // Two blobs pushed at once: the try that met the fault, then the one that worked.
    expect(registry.seen.filter((line) => line.startsWith('POST ')).length).toBeGreaterThanOrEqual(3);
    // Only the three measured pulls: the set-up's pushes (and the failed try) are not in the figures.
    expect(result.requests.total).toBe(3);
    expect(result.statusCodes).toEqual({ '200': 3 });
  });

  it('a set-up that keeps meeting 503 gives up after three tries, with the status', async () => {
    registry = await startScriptedRegistry({ failFirst: { method: 'POST', count: 100, status: 503 } });
    const result = await runScenario({
      target: registry.target,
      scenario: scenario({ kind: 'pull-blobs', size: 1024, blobs: 2 }),
    });
    expect(result.status).toBe('errored');
    expect(result.reason).toMatch(/^set-up failed: .*503/);
    // Three tries of a two-blob set-up, and no more: the back-off is bounded.
    expect(registry.seen.filter((line) => line.startsWith('POST ')).length).toBeLessThanOrEqual(6);
    expect(registry.seen.filter((line) => line.startsWith('POST ')).length).toBeGreaterThanOrEqual(3);
  });

  it('iterations the registry refuses are counted under the status class and error code', async () => {
    registry = await startScriptedRegistry({ rejectManifests: { status: 400, code: 'MANIFEST_INVALID', message: 'no' } });
    const result = await runScenario({ target: registry.target, scenario: scenario({ kind: 'push-image', layers: [1000] }) });
    expect(result.errorClasses).toEqual({ 'http-4xx MANIFEST_INVALID': 4 });
    expect(formatScenarioEnd('zot', result)).toContain('4 errors (http-4xx MANIFEST_INVALID: 4)');
  });
});
