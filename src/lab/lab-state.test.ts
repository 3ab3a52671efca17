import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readLabState, stopLabState, writeLabState } from './lab-state.js';
import type { LabTarget } from './lab-target.js';
import { isPidAlive, spawnRegistryProcess, type RegistryProcess } from './registry-process.js';

const root = mkdtempSync(join(tmpdir(), 'regatta-state-test-'));
const spawned: RegistryProcess[] = [];
const dataDirs: string[] = [];

/** A long sleep in its own process group, standing in for a detached registry. */
function startSleeper(): { process: RegistryProcess; dataDir: string } {
  const dataDir = mkdtempSync(join(tmpdir(), 'regatta-lab-state-test-'));
  const process = spawnRegistryProcess({
    binary: '/bin/sleep',
    args: ['60'],
    env: {},
    cwd: dataDir,
    logFile: join(dataDir, 'registry.log'),
    detach: false,
  });
  spawned.push(process);
  dataDirs.push(dataDir);
  return { process, dataDir };
}

const labCredentials = {
  readWrite: { username: 'regatta', password: 'rw-secret-1234' },
  readOnly: { username: 'reader', password: 'ro-secret-1234' },
};

function targetFor(pid: number, dataDir: string, binary = '/bin/sleep'): LabTarget {
  return {
    name: 'olareg',
    url: 'http://127.0.0.1:1',
    product: 'olareg',
    version: 'v0.1.2',
    dataDir,
    logFile: join(dataDir, 'registry.log'),
    pid,
    binary,
  };
}

afterAll(async () => {
  await Promise.all(spawned.map((process) => process.stop(1000)));
  for (const dir of [root, ...dataDirs]) {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('lab state file', () => {
  it('round-trips the targets', async () => {
    const file = join(root, 'a', 'state.json');
    const target = targetFor(4242, '/tmp/regatta-lab-x');
    await writeLabState(file, [target], new Date('2026-01-02T03:04:05Z'));
    expect(await readLabState(file)).toEqual({ version: 1, startedAt: '2026-01-02T03:04:05.000Z', targets: [target] });
  });

  it('is readable by its owner only, since it holds the lab passwords', async () => {
    const file = join(root, 'private', 'state.json');
    await writeLabState(file, [{ ...targetFor(4242, '/tmp/regatta-lab-x'), credentials: labCredentials }]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // Rewritten over an older world-readable file, it is still private.
    writeFileSync(file, '{}', { mode: 0o644 });
    await writeLabState(file, [targetFor(4242, '/tmp/regatta-lab-x')]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('reads a missing file as no lab, and rejects a corrupt one with its path', async () => {
    expect(await readLabState(join(root, 'missing.json'))).toBeUndefined();
    const bad = join(root, 'bad.json');
    writeFileSync(bad, '{"version":2}');
    await expect(readLabState(bad)).rejects.toThrow(`${bad} is not a regatta lab state file`);
    writeFileSync(bad, 'not json');
    await expect(readLabState(bad)).rejects.toThrow(`${bad} is not valid JSON`);
  });

  it('stops exactly the recorded processes and removes their data dirs and the file', async () => {
    const first = startSleeper();
    const second = startSleeper();
    const file = join(root, 'b', 'state.json');
    await writeLabState(file, [targetFor(first.process.pid, first.dataDir), targetFor(second.process.pid, second.dataDir)]);
    const state = await readLabState(file);
    expect(state).toBeDefined();
    const results = await stopLabState(file, state ?? { version: 1, startedAt: '', targets: [] });
    expect(results.map((result) => result.outcome)).toEqual(['stopped', 'stopped']);
    expect(isPidAlive(first.process.pid)).toBe(false);
    expect(isPidAlive(second.process.pid)).toBe(false);
    expect(existsSync(first.dataDir)).toBe(false);
    expect(existsSync(file)).toBe(false);
  });

  it('leaves alone a pid that now runs another program, and a dir the lab did not create', async () => {
    const other = startSleeper();
    const foreignDir = mkdtempSync(join(root, 'not-ours-'));
    const file = join(root, 'c', 'state.json');
    await writeLabState(file, [targetFor(other.process.pid, foreignDir, '/work/main/.regatta/bin/olareg')]);
    const state = await readLabState(file);
    const results = await stopLabState(file, state ?? { version: 1, startedAt: '', targets: [] });
    expect(results).toEqual([{ name: 'olareg', pid: other.process.pid, outcome: 'foreign' }]);
    expect(isPidAlive(other.process.pid)).toBe(true);
    expect(existsSync(foreignDir)).toBe(true);
    await other.process.stop(1000);
    expect(isPidAlive(other.process.pid)).toBe(false);
  });
});
