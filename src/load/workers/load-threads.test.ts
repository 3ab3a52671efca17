import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../errors/index.js';
import { defineScenario, type ScenarioInput } from '../define-scenario.js';
import { defaultLoadThreads } from './load-threads.js';

const cores = availableParallelism();

/** A scenario with the given flow (and verification, on by default). */
function scenario(flow: ScenarioInput['flow'], verify = true) {
  return defineScenario({ id: 's', description: 's', executor: { type: 'constant-vus', vus: 8, durationMs: 1000 }, flow, verify });
}

describe('defaultLoadThreads', () => {
  it('every core when the client hashes or generates bytes; one thread for manifest storms and unverified pulls', () => {
    expect(defaultLoadThreads(scenario({ kind: 'pull-blobs', size: 1 }), {})).toBe(cores);
    expect(defaultLoadThreads(scenario({ kind: 'push-blobs', size: 1 }, false), {})).toBe(cores);
    expect(defaultLoadThreads(scenario({ kind: 'push-image', layers: [1] }), { REGATTA_LOAD_THREADS: ' ' })).toBe(cores);
    expect(defaultLoadThreads(scenario({ kind: 'manifest-storm' }), {})).toBe(1);
    expect(defaultLoadThreads(scenario({ kind: 'pull-blobs', size: 1 }, false), {})).toBe(1);
    expect(defaultLoadThreads(scenario({ kind: 'pull-image', layers: [1] }, false), {})).toBe(1);
  });

  it('a loopback target shares the machine: the client takes half the cores, at least one', () => {
    const pull = scenario({ kind: 'pull-blobs', size: 1 });
    expect(defaultLoadThreads(pull, {}, 'http://127.0.0.1:5000', 2)).toBe(1);
    expect(defaultLoadThreads(pull, {}, 'http://[::1]:5000', 8)).toBe(4);
    expect(defaultLoadThreads(pull, {}, 'https://localhost', 1)).toBe(1);
    expect(defaultLoadThreads(pull, {}, 'https://registry.example', 2)).toBe(2);
    expect(defaultLoadThreads(scenario({ kind: 'push-blobs', size: 1 }), {}, 'http://127.0.0.1:5000', 8)).toBe(4);
    expect(defaultLoadThreads(pull, { REGATTA_LOAD_THREADS: '2' }, 'http://127.0.0.1:5000', 2)).toBe(2);
  });

  it('REGATTA_LOAD_THREADS overrides the default either way', () => {
    expect(defaultLoadThreads(scenario({ kind: 'pull-blobs', size: 1 }), { REGATTA_LOAD_THREADS: '1' })).toBe(1);
    expect(defaultLoadThreads(scenario({ kind: 'manifest-storm' }), { REGATTA_LOAD_THREADS: '6' })).toBe(6);
  });

  it('rejects anything but a positive integer with a UsageError naming the variable', () => {
    for (const bad of ['0', '-2', '1.5', 'two']) {
      expect(() => defaultLoadThreads(scenario({ kind: 'manifest-storm' }), { REGATTA_LOAD_THREADS: bad })).toThrow(UsageError);
      expect(() => defaultLoadThreads(scenario({ kind: 'manifest-storm' }), { REGATTA_LOAD_THREADS: bad })).toThrow(/REGATTA_LOAD_THREADS/);
    }
  });
});
