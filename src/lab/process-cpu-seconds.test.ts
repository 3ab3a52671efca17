import { describe, expect, it } from 'vitest';
import { processCpuSeconds } from './registry-process.js';

describe('processCpuSeconds', () => {
  it('reads the CPU time of a live process and agrees with what the process itself counts', () => {
    const before = processCpuSeconds(process.pid);
    const own = process.cpuUsage();
    // Spin until Node says 0.3 s of CPU went by (bounded by 10 s of wall time on a machine shared with other tests).
    const deadline = Date.now() + 10_000;
    let spent = 0;
    while (spent < 0.3 && Date.now() < deadline) {
      const usage = process.cpuUsage(own);
      spent = (usage.user + usage.system) / 1e6;
    }
    const after = processCpuSeconds(process.pid);
    expect(before).toBeGreaterThanOrEqual(0);
    // /proc counts in 1/100 s ticks and every thread of the process: at least what this thread spun, less a tick.
    expect((after ?? 0) - (before ?? 0)).toBeGreaterThanOrEqual(spent - 0.02);
    expect(spent).toBeGreaterThanOrEqual(0.3);
  });

  it('is undefined for a process that does not exist', () => {
    expect(processCpuSeconds(2 ** 22 + 7)).toBeUndefined();
  });
});
