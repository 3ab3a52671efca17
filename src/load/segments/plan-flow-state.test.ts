import { afterEach, describe, expect, it } from 'vitest';
import { defineScenario, type ScenarioInput } from '../define-scenario.js';
import { startScriptedRegistry, type ScriptedRegistry } from '../test-support/scripted-registry.js';
import { flowKindOf } from '../flows/flow-kinds.js';
import type { Flow } from '../define-scenario.js';

/** What the set-up of `flow` made, rebuilt from its kind's record. */
const planFlowState = (flow: Flow, env: Parameters<ReturnType<typeof flowKindOf>['plan']>[1]) => flowKindOf(flow).plan(flow, env);
import { runSetupPhase, segmentEnv } from './run-phases.js';

const registries: ScriptedRegistry[] = [];
afterEach(async () => {
  await Promise.all(registries.splice(0).map((registry) => registry.close()));
});

describe('planFlowState', () => {
  const flows: ScenarioInput['flow'][] = [
    { kind: 'pull-blobs', size: 2048, blobs: 3 },
    { kind: 'pull-image', layers: [512, 300], images: 2 },
    { kind: 'mixed', medianBytes: 400, p90Bytes: 2000, maxLayerBytes: 4096, layersPerImage: 2, images: 3 },
    { kind: 'manifest-storm', manifests: 4 },
    { kind: 'push-image', layers: [100] },
  ];
  for (const flow of flows) {
    it(`${flow.kind}: computes exactly what the set-up phase pushed, without the registry`, async () => {
      const registry = await startScriptedRegistry();
      registries.push(registry);
      const scenario = defineScenario({ id: 'plan', description: 'plan', executor: { type: 'constant-vus', vus: 1, iterations: 1 }, flow });
      const pushed = await runSetupPhase(registry.target, scenario, 'run-plan', new AbortController().signal);
      const planned = await planFlowState(scenario.flow, segmentEnv(registry.target, scenario.id, 'run-plan'));
      expect(planned).toEqual(pushed);
      // A different run id is a different pool: the plan really depends on the seeds.
      const other = await planFlowState(scenario.flow, segmentEnv(registry.target, scenario.id, 'run-other'));
      if (pushed.kind !== 'none') {
        expect(other).not.toEqual(pushed);
      }
    });
  }
});
