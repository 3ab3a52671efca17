import { afterEach, describe, expect, it } from 'vitest';
import { defineScenario } from '../load/define-scenario.js';
import { startScriptedRegistry, type ScriptedRegistry } from '../load/test-support/scripted-registry.js';
import { runEnvironment } from './run-environment.js';
import { runLoadStage } from './run-load-stage.js';
import type { PipelineSession } from './run-pipeline.js';

let registry: ScriptedRegistry | undefined;
afterEach(async () => {
  await registry?.close();
  registry = undefined;
});

describe('runLoadStage', () => {
  it('holds the run checkpoints while it measures (round trip, each scenario) and releases them in between', async () => {
    registry = await startScriptedRegistry();
    const session: PipelineSession = {
      target: registry.target,
      createClient: () => {
        throw new Error('the load stage needs no registry client');
      },
      close: () => Promise.resolve(),
    };
    const scenarios = [
      defineScenario({ id: 'push', description: 'push', executor: { type: 'constant-vus', vus: 2, iterations: 4 }, flow: { kind: 'push-blobs', size: 64 * 1024 } }),
      defineScenario({ id: 'pull', description: 'pull', executor: { type: 'constant-vus', vus: 2, iterations: 4 }, flow: { kind: 'pull-blobs', size: 64 * 1024, blobs: 1 } }),
    ];
    const log: string[] = [];
    const loads = await runLoadStage([session], {
      load: { scenarios },
      signal: new AbortController().signal,
      environment: runEnvironment(),
      checkpoints: { hold: () => log.push('hold'), release: () => log.push('release') },
      events: { onScenarioEnd: (_target, scenario) => log.push(`end ${scenario.id}`) },
    });
    expect(loads.get(session)?.scenarios.map((scenario) => [scenario.id, scenario.status])).toEqual([
      ['push', 'passed'],
      ['pull', 'passed'],
    ]);
    // Every measurement sits inside a hold: a results.json write built in between could not stall it.
    expect(log).toEqual(['hold', 'release', 'hold', 'end push', 'release', 'hold', 'end pull', 'release']);
  });
});
