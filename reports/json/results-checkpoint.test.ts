import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runResultSchema } from '../../src/model/index.js';
import { RunProgress } from '../../src/run/run-progress.js';
import { fixtureRun } from '../test-support/fixture-run.js';
import { createResultsCheckpoint } from './results-checkpoint.js';

/** Waits until `read` gives a value `accept` takes, checking every 20 ms for at most 5 s. */
async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value !== undefined && accept(value)) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error('results.json never reached the expected state');
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('results.json checkpoints', () => {
  it('a run in progress is written valid and marked interrupted, the latest snapshot wins, no temporary file stays', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'regatta-checkpoint-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const finished = fixtureRun();
    const first = finished.targets[0];
    if (first === undefined) {
      throw new Error('fixture has no target');
    }
    const progress = new RunProgress({
      runId: finished.runId,
      kind: 'conformance',
      startedAt: new Date(finished.startedAt),
      config: finished.config,
      suiteTitles: new Map(first.suites.map((suite) => [suite.id, suite.title])),
    });
    const checkpoint = createResultsCheckpoint(dir, 50);
    progress.targetStarted(first);
    const [suite] = first.suites;
    for (const check of suite?.checks ?? []) {
      progress.checkEnded(first.name, suite?.id ?? '', check);
      checkpoint.write(() => progress.snapshot());
    }
    const read = async () => runResultSchema.parse(JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')));
    const partial = await eventually(read, (run) => run.targets[0]?.suites[0]?.checks.length === suite?.checks.length);
    expect(partial.interrupted).toBe(true);
    expect(partial.targets[0]?.error).toContain('in progress');
    expect(partial.targets[0]?.suites[0]?.title).toBe(suite?.title);

    progress.targetEnded(first);
    checkpoint.write(() => progress.snapshot());
    const ended = await eventually(read, (run) => run.targets[0]?.error === undefined);
    expect(ended.targets[0]?.suites).toHaveLength(first.suites.length);
    await checkpoint.settle();
    // After settle nothing more is written: the final results.json cannot be overwritten by a late checkpoint.
    checkpoint.write(() => progress.snapshot());
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await readdir(dir)).sort()).toEqual(['results.json']);
  });

  it('builds no snapshot while held, and builds a write that came due before release returns', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'regatta-checkpoint-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const run = fixtureRun();
    let built = 0;
    const snapshot = () => {
      built += 1;
      return run;
    };
    const checkpoint = createResultsCheckpoint(dir, 10);
    onTestFinished(() => checkpoint.settle());
    checkpoint.hold();
    checkpoint.write(snapshot);
    // Several intervals pass inside the hold (a load scenario running): nothing is built, nothing written.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(built).toBe(0);
    expect(await readdir(dir)).toEqual([]);
    checkpoint.release();
    // Built synchronously in release, so it is done before the next scenario starts.
    expect(built).toBe(1);
    const written = await eventually(
      async () => runResultSchema.parse(JSON.parse(await readFile(join(dir, 'results.json'), 'utf8'))),
      (parsed) => parsed.runId === run.runId,
    );
    expect(written.targets).toHaveLength(run.targets.length);
  });
});
