import { describe, expect, it } from 'vitest';
import { processCpuSeconds } from './registry-process.js';

describe('processCpuSeconds', () => {
  it('reads the CPU time of a live process and sees it grow with work', () => {
    const before = processCpuSeconds(process.pid);
    const until = Date.now() + 300;
    let spin = 0;
    while (Date.now() < until) {
      spin += 1;
    }
    const after = processCpuSeconds(process.pid);
    expect(spin).toBeGreaterThan(0);
    expect(before).toBeGreaterThanOrEqual(0);
    // 300 ms of spinning is at least 0.1 s of CPU however the machine is shared (ticks are 1/100 s).
    expect((after ?? 0) - (before ?? 0)).toBeGreaterThanOrEqual(0.1);
  });

  it('is undefined for a process that does not exist', () => {
    expect(processCpuSeconds(2 ** 22 + 7)).toBeUndefined();
  });
});
