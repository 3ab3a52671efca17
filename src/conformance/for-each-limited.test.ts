import { describe, expect, it } from 'vitest';
import { forEachLimited } from './for-each-limited.js';

/** Lets other callbacks run: a few turns of the event loop. */
async function turns(count: number): Promise<void> {
  for (let turn = 0; turn < count; turn += 1) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('forEachLimited', () => {
  it('starts items in order, keeps at most `limit` in flight and waits for all', async () => {
    const started: number[] = [];
    const ended: number[] = [];
    let running = 0;
    let max = 0;
    await forEachLimited([0, 1, 2, 3, 4, 5, 6], 3, async (item) => {
      started.push(item);
      running += 1;
      max = Math.max(max, running);
      await turns(7 - item);
      running -= 1;
      ended.push(item);
    });
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(max).toBe(3);
    expect([...ended].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('runs one at a time with limit 1 and does nothing for no items', async () => {
    const log: string[] = [];
    await forEachLimited(['a', 'b'], 1, async (item) => {
      log.push(`start ${item}`);
      await turns(2);
      log.push(`end ${item}`);
    });
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b']);
    await expect(forEachLimited([], 4, () => Promise.reject(new Error('never called')))).resolves.toBeUndefined();
  });

  it('throws the first rejection after the running calls end, starting nothing new', async () => {
    const started: number[] = [];
    const promise = forEachLimited([0, 1, 2, 3], 2, async (item) => {
      started.push(item);
      await turns(1);
      if (item === 0) {
        throw new Error('first');
      }
    });
    await expect(promise).rejects.toThrow('first');
    expect(started).toEqual([0, 1]);
  });
});
