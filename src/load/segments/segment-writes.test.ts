import { afterEach, describe, expect, it } from 'vitest';
import { defineScenario, type ScenarioInput } from '../define-scenario.js';
import { runScenario } from '../run-scenario.js';
import { startScriptedRegistry, type ScriptedRegistry } from '../test-support/scripted-registry.js';

const registries: ScriptedRegistry[] = [];
afterEach(async () => {
  await Promise.all(registries.splice(0).map((registry) => registry.close()));
});

/** Everything one process wrote: blob digests stored and manifest PUT paths. */
async function writesOf(flow: ScenarioInput['flow'], segment?: { index: number; count: number }, threads = 1): Promise<Set<string>> {
  const registry = await startScriptedRegistry();
  registries.push(registry);
  const scenario = defineScenario({ id: 'writes', description: 'writes', executor: { type: 'constant-vus', vus: 4, iterations: 12 }, flow });
  const env = { repository: 'ns/regatta-run1/writes', seedPrefix: 'writes/run1' };
  const result = await runScenario({ target: registry.target, scenario, env, state: { kind: 'none' }, threads, ...(segment === undefined ? {} : { segment }) });
  expect(result.status).toBe('passed');
  return new Set([...registry.storedBlobs().map((digest) => `blob ${digest}`), ...registry.seen.filter((line) => line.startsWith('PUT /v2/') && line.includes('/manifests/'))]);
}

describe('execution segments write disjoint objects', () => {
  const flows: ScenarioInput['flow'][] = [
    { kind: 'push-blobs', size: 1024 },
    { kind: 'push-image', layers: [512, 256] },
  ];
  for (const flow of flows) {
    it(`${flow.kind}: no object is written by two shares, and together they write what one whole run writes`, async () => {
      const whole = await writesOf(flow);
      const shares = [];
      for (let index = 0; index < 4; index += 1) {
        shares.push(await writesOf(flow, { index, count: 4 }, index % 2 === 0 ? 1 : 2));
      }
      const union = new Set<string>();
      for (const share of shares) {
        expect(share.size).toBeGreaterThan(0);
        for (const object of share) {
          expect(union.has(object), object).toBe(false);
          union.add(object);
        }
      }
      expect([...union].sort()).toEqual([...whole].sort());
    }, 60_000);
  }
});
