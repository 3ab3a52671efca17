import { describe, expect, it } from 'vitest';
import { fixtureRun } from '../../../reports/test-support/fixture-run.js';
import { createBenchProgress, formatScenarioEnd } from './bench-progress.js';

describe('bench progress', () => {
  it('names the request rate req/s while running and at the end, as every report does', () => {
    const lines: string[] = [];
    const progress = createBenchProgress({ write: (text) => lines.push(text), isTty: false, plainEveryTicks: 1 });
    progress.onScenarioTick?.({
      target: 'dist',
      scenario: 'push-blobs',
      elapsedMs: 2000,
      totalMs: 10_000,
      ops: 20,
      bytes: 2e7,
      errors: 0,
      opsPerSec: 10,
      requestsPerSec: 30,
      mbps: 10,
    });
    const scenario = fixtureRun().targets[0]!.scenarios[0]!;
    progress.onScenarioEnd?.('dist', scenario);
    expect(lines[0]).toBe('[dist] push-blobs 2.0s/10.0s 10.0 MB/s 30.0 req/s 0 errors\n');
    expect(lines[1]).toBe(formatScenarioEnd('dist', scenario));
    expect(lines.join('')).not.toContain('ops/s');
    expect(lines[1]).toContain(' req/s');
  });
});
