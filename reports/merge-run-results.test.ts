import { describe, expect, it } from 'vitest';
import { mergeRunResults } from './merge-run-results.js';
import { fixtureRun } from './test-support/fixture-run.js';

describe('mergeRunResults', () => {
  it('returns a single run unchanged', () => {
    const run = fixtureRun();
    expect(mergeRunResults([run])).toBe(run);
  });

  it('concatenates targets, keeps distinct names, and takes the worst status and the widest time span', () => {
    const a = fixtureRun();
    const b = { ...fixtureRun(), runId: 'later02', startedAt: '2026-02-03T00:00:00.000Z', endedAt: '2026-02-03T00:01:00.000Z', status: 'passed' as const };
    b.targets = [{ ...b.targets[0]!, name: 'olareg' }, b.targets[1]!];
    const merged = mergeRunResults([a, b], { runId: 'merged' });
    expect(merged.targets.map((t) => t.name)).toEqual(['dist', 'zot (2026-01-02 fixture01)', 'olareg', 'zot (2026-02-03 later02)']);
    expect(merged).toMatchObject({ runId: 'merged', kind: 'report', status: 'errored', startedAt: a.startedAt, endedAt: b.endedAt, durationMs: 120000 });
    expect(merged.config['merged']).toHaveLength(2);
  });

  it('numbers copies when the same file is given twice', () => {
    const merged = mergeRunResults([fixtureRun(), fixtureRun()], { runId: 'm' });
    expect(merged.targets.map((t) => t.name)).toEqual([
      'dist (2026-01-02 fixture01)',
      'zot (2026-01-02 fixture01)',
      'dist (2026-01-02 fixture01 #2)',
      'zot (2026-01-02 fixture01 #2)',
    ]);
  });
});
