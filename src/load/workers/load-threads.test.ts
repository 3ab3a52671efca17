import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../errors/index.js';
import { defaultLoadThreads } from './load-threads.js';

describe('defaultLoadThreads', () => {
  it('is the available parallelism unless REGATTA_LOAD_THREADS says otherwise', () => {
    expect(defaultLoadThreads({})).toBe(availableParallelism());
    expect(defaultLoadThreads({ REGATTA_LOAD_THREADS: ' ' })).toBe(availableParallelism());
    expect(defaultLoadThreads({ REGATTA_LOAD_THREADS: '1' })).toBe(1);
    expect(defaultLoadThreads({ REGATTA_LOAD_THREADS: '6' })).toBe(6);
  });

  it('rejects anything but a positive integer with a UsageError naming the variable', () => {
    for (const bad of ['0', '-2', '1.5', 'two']) {
      expect(() => defaultLoadThreads({ REGATTA_LOAD_THREADS: bad })).toThrow(UsageError);
      expect(() => defaultLoadThreads({ REGATTA_LOAD_THREADS: bad })).toThrow(/REGATTA_LOAD_THREADS/);
    }
  });
});
