import { describe, expect, it } from 'vitest';
import { scenarios } from '../../scenarios/index.js';
import pushBlobs from '../../scenarios/push-blobs.js';
import manifestStorm from '../../scenarios/manifest-storm.js';
import { applyOverrides } from './apply-overrides.js';
import { describeScenario } from './describe-scenario.js';
import { flowKindOf } from './flows/flow-kinds.js';
import type { Flow } from './define-scenario.js';

describe('describeScenario', () => {
  it('writes what the overridden scenario does, never the defaults it replaced', () => {
    const used = applyOverrides(pushBlobs, { vus: 4, sizeBytes: 1024 * 1024, durationMs: 5000 });
    const text = describeScenario(used);
    expect(text).toBe('Push unique 1 MiB blobs (streamed PATCH, digest checked), 4 VUs for 5 s');
    expect(text).not.toMatch(/8|16 MiB|30 s/);
  });

  it('says when every body is hashed (--verify-copies 0) and when nothing is checked', () => {
    const pull = scenarios.find((scenario) => scenario.flow.kind === 'pull-blobs');
    expect(pull).toBeDefined();
    if (pull !== undefined) {
      expect(applyOverrides(pull, { verifyCopyBytes: 0 }).verifyCopyBytes).toBe(0);
      expect(describeScenario(applyOverrides(pull, { verifyCopyBytes: 0 }))).toContain('digest checked, every body hashed');
      expect(describeScenario(pull)).not.toContain('every body hashed');
      expect(describeScenario(applyOverrides(pull, { verify: false }))).toContain('not verified');
    }
  });

  it('an arrival rate reads as iterations per second with its VU bound', () => {
    expect(describeScenario(applyOverrides(manifestStorm, { rate: 50, vus: 4, durationMs: 2000 }))).toBe(
      'HEAD 16 small manifests, 50 iterations/s for 2 s (open model, up to 4 VUs)',
    );
  });

  it('every built-in scenario gets a description with its VUs or rate and its duration', () => {
    for (const scenario of scenarios) {
      expect(describeScenario(scenario)).toMatch(/(\d+ VUs|iterations\/s).* 30 s/);
    }
  });

  it('iteration size: the blob, the sum of the layers, nothing when sizes vary', () => {
    const iterationBytes = (flow: Flow): number | undefined => flowKindOf(flow).iterationBytes(flow);
    expect(iterationBytes(pushBlobs.flow)).toBe(16 * 1024 * 1024);
    expect(iterationBytes({ kind: 'push-image', layers: [10, 20] })).toBe(30);
    expect(iterationBytes(manifestStorm.flow)).toBeUndefined();
  });
});
