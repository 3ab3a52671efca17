import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeRegistry } from '../../conformance/test-support/fake-registry.js';
import { startScriptedRegistry } from '../../load/test-support/scripted-registry.js';
import type { CliIo } from '../cli-io.js';
import type { RunInProgress } from '../../run/run-places.js';
import { runCli } from '../run-cli.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) {
    await cleanup();
  }
});

/** Runs the CLI in-process and records what it announced before running. */
async function announced(argv: (dir: string) => string[]): Promise<{ runs: RunInProgress[]; dir: string; code: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'regatta-run-started-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const runs: RunInProgress[] = [];
  const io: CliIo = {
    stdout: () => undefined,
    stderr: () => undefined,
    env: { HOME: dir, DOCKER_CONFIG: dir, PATH: '/usr/bin:/bin' },
    cwd: dir,
    isTty: false,
    signal: new AbortController().signal,
    onRunStarted: (run) => runs.push(run),
  };
  const code = await runCli(argv(dir), io);
  return { runs, dir, code };
}

describe('a run announces its id and where it pushes, for a forced exit to print', () => {
  it('conformance: the run namespace of each target, and everything pushed lies under it', async () => {
    const registry = await startFakeRegistry();
    cleanups.push(() => registry.close());
    const { runs, dir, code } = await announced(() => ['conformance', '-t', `fake=${registry.url}`, '--suite', 'blob-upload', '--out', 'out']);
    expect(code).toBe(0);
    const results = JSON.parse(await readFile(join(dir, 'out', 'results.json'), 'utf8')) as { runId: string };
    expect(runs).toEqual([
      { runId: results.runId, places: [{ target: 'fake', url: registry.url, repositories: `regatta-${results.runId}/*` }] },
    ]);
    const pushedTo = registry.requests.filter((request) => request.method === 'POST').map((request) => request.url);
    expect(pushedTo.length).toBeGreaterThan(0);
    for (const url of pushedTo) {
      expect(url.startsWith(`/v2/regatta-${results.runId}/`)).toBe(true);
    }
  }, 120_000);

  it('bench: the scenario repositories of each target', async () => {
    const registry = await startScriptedRegistry();
    cleanups.push(() => registry.close());
    const { runs, dir } = await announced(() => [
      'bench', '-t', `s=${registry.url}`, '--scenario', 'push-blobs', '--duration', '1s', '--vus', '1', '--size', '1KiB', '--run-id', 'abcd1234', '--out', 'out',
    ]);
    expect(runs).toEqual([{ runId: 'abcd1234', places: [{ target: 's', url: registry.url, repositories: 'regatta-bench-push-blobs-*' }] }]);
    const results = JSON.parse(await readFile(join(dir, 'out', 'results.json'), 'utf8')) as { runId: string };
    expect(results.runId).toBe('abcd1234');
  }, 120_000);
});
