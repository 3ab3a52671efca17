import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../errors/index.js';
import { defaultLoadThreads } from './load-threads.js';

describe('defaultLoadThreads', () => {
  it('blob flows use the available parallelism, the manifest storm one thread, unless REGATTA_LOAD_THREADS says otherwise', () => {
    expect(defaultLoadThreads('pull-blobs', {})).toBe(availableParallelism());
    expect(defaultLoadThreads('push-image', { REGATTA_LOAD_THREADS: ' ' })).toBe(availableParallelism());
    expect(defaultLoadThreads('manifest-storm', {})).toBe(1);
    expect(defaultLoadThreads('pull-blobs', { REGATTA_LOAD_THREADS: '1' })).toBe(1);
    expect(defaultLoadThreads('manifest-storm', { REGATTA_LOAD_THREADS: '6' })).toBe(6);
  });

  it('rejects anything but a positive integer with a UsageError naming the variable', () => {
    for (const bad of ['0', '-2', '1.5', 'two']) {
      expect(() => defaultLoadThreads('mixed', { REGATTA_LOAD_THREADS: bad })).toThrow(UsageError);
      expect(() => defaultLoadThreads('mixed', { REGATTA_LOAD_THREADS: bad })).toThrow(/REGATTA_LOAD_THREADS/);
    }
  });
});
