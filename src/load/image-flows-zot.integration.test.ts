import { afterAll, describe, expect, it } from 'vitest';
import { labResolvedTarget, startLab, type Lab } from '../lab/index.js';
import { requireLabComponent } from '../lab/test-support/require-lab-component.js';
import { defineScenario, type ScenarioInput } from './define-scenario.js';
import { runScenario } from './run-scenario.js';

let lab: Lab | undefined;
afterAll(async () => {
  await lab?.stop();
});

/**
 * zot reads the image config a manifest names and refuses one that is not an image config (400 MANIFEST_INVALID):
 * every flow that pushes images must pass it, on the real registry.
 */
const flows: readonly ScenarioInput['flow'][] = [
  { kind: 'manifest-storm', method: 'both', manifests: 4 },
  { kind: 'mixed', readRatio: 0.5, medianBytes: 20_000, p90Bytes: 80_000, maxLayerBytes: 200_000, layersPerImage: 2, images: 2 },
  { kind: 'pull-image', layers: [30_000, 10_000], images: 2 },
  { kind: 'push-image', layers: [30_000, 10_000] },
];

describe('image flows on the real zot', () => {
  it.for(flows)('$kind: set-up and every iteration are accepted', async (flow, context) => {
    requireLabComponent(context, 'zot');
    lab ??= await startLab({ registries: ['zot'] });
    const target = lab.targets[0];
    if (target === undefined) {
      throw new Error('the lab did not start zot');
    }
    const scenario = defineScenario({ id: `zot-${flow.kind}`, description: 'zot image flow', executor: { type: 'constant-vus', vus: 2, iterations: 6 }, flow });
    const result = await runScenario({ target: labResolvedTarget(target), scenario, threads: 1 });
    expect(result.reason).toBeUndefined();
    expect(result.errorClasses).toEqual({});
    expect(result.iterations).toBe(6);
    expect(result.status).toBe('passed');
  });
});
