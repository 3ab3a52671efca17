import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../cli/cli-io.js';
import { runCli } from '../cli/run-cli.js';
import type { LabTarget } from './lab-target.js';
import { isPidAlive, terminateGroup } from './registry-process.js';
import { requireLabComponent } from './test-support/require-lab-component.js';

/** A separate `.regatta` home, so the test's state file never meets a developer's detached lab. */
const home = mkdtempSync(join(tmpdir(), 'regatta-lab-cli-'));
const started: number[] = [];

afterAll(async () => {
  // Safety net for a failed assertion between up and down.
  await Promise.all(started.filter(isPidAlive).map((pid) => terminateGroup(pid, 2000)));
  rmSync(home, { recursive: true, force: true });
});

interface RunOptions {
  readonly env?: Record<string, string>;
  readonly signal?: AbortSignal;
  /** Receives stdout as it is written. */
  readonly onStdout?: (all: string) => void;
}

async function run(argv: string[], options: RunOptions = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
      options.onStdout?.(stdout);
    },
    stderr: (text) => (stderr += text),
    env: { ...process.env, REGATTA_HOME: home, ...options.env },
    cwd: home,
    isTty: false,
    signal: options.signal ?? new AbortController().signal,
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

describe('regatta lab up --detach / lab down', () => {
  it('prints the targets as JSON, records them, and lab down stops exactly those processes', async (context) => {
    requireLabComponent(context, 'distribution-2');
    requireLabComponent(context, 'olareg');
    const up = await run(['lab', 'up', '--registry', 'distribution-2', 'olareg', '--detach', '--json']);
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    const targets = JSON.parse(up.stdout) as LabTarget[];
    started.push(...targets.map((target) => target.pid));
    expect(targets.map((target) => [target.name, target.product])).toEqual([
      ['distribution-2', 'distribution'],
      ['olareg', 'olareg'],
    ]);
    for (const target of targets) {
      expect(isPidAlive(target.pid)).toBe(true);
      const ping = await fetch(`${target.url}/v2/`, { signal: AbortSignal.timeout(5000) });
      expect(ping.status).toBe(200);
      await ping.body?.cancel();
    }
    expect(existsSync(join(home, 'lab', 'state.json'))).toBe(true);

    const again = await run(['lab', 'up', '--registry', 'olareg', '--detach']);
    expect(again.code).toBe(2);
    expect(again.stderr).toBe('regatta: a detached lab is already running\n  hint: run `regatta lab down` first\n');

    const down = await run(['lab', 'down']);
    expect(down.code).toBe(0);
    expect(down.stderr).toBe(
      targets.map((target) => `lab: ${target.name} (pid ${target.pid}) stopped\n`).join(''),
    );
    for (const target of targets) {
      expect(isPidAlive(target.pid)).toBe(false);
      expect(existsSync(target.dataDir)).toBe(false);
    }
    expect(existsSync(join(home, 'lab', 'state.json'))).toBe(false);

    const idle = await run(['lab', 'down']);
    expect(idle.code).toBe(0);
    expect(idle.stderr).toBe('lab: nothing to stop (no detached lab recorded)\n');
  });

  it('--data-dir keeps the storage through lab down, so another registry started on it finds the content (an upgrade)', async (context) => {
    requireLabComponent(context, 'distribution-2');
    requireLabComponent(context, 'distribution-3');
    // Named like the lab's own temporary dirs on purpose: lab down must keep it all the same.
    const dataDir = join(home, 'regatta-lab-upgrade-data');
    const first = await run(['lab', 'up', '--registry', 'distribution-2', '--data-dir', dataDir, '--detach', '--json']);
    expect(first.code, first.stderr).toBe(0);
    const [baseline] = JSON.parse(first.stdout) as LabTarget[];
    started.push(baseline?.pid ?? 0);
    expect(baseline?.dataDir).toBe(dataDir);
    const seeded = await run(['seed', '--target', baseline?.url ?? '', '--out', 'seed.json', '--run-id', 'datadir']);
    expect(seeded.code, seeded.stderr).toBe(0);
    expect((await run(['lab', 'down'])).code).toBe(0);
    expect(existsSync(join(dataDir, 'storage'))).toBe(true);

    const second = await run(['lab', 'up', '--registry', 'distribution-3', '--data-dir', dataDir, '--detach', '--json']);
    expect(second.code, second.stderr).toBe(0);
    const [candidate] = JSON.parse(second.stdout) as LabTarget[];
    started.push(candidate?.pid ?? 0);
    const verified = await run(['verify', 'seed.json', '--target', candidate?.url ?? '']);
    expect(verified.stdout).not.toContain('FAILED');
    expect(verified.code).toBe(0);
    expect((await run(['lab', 'down'])).code).toBe(0);
    expect(existsSync(join(dataDir, 'storage'))).toBe(true);

    const two = await run(['lab', 'up', '--registry', 'distribution-2', 'distribution-3', '--data-dir', dataDir]);
    expect(two.code).toBe(2);
    expect(two.stderr).toContain("a lab data dir holds one registry's storage");
  });

  it('rejects an unknown registry name with exit 2 and the list of names', async () => {
    const result = await run(['lab', 'up', '--registry', 'quay']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'regatta: unknown lab registry: quay\n  hint: choose from distribution-2, distribution-3, olareg, zot\n',
    );
  });

  it('without --detach stays up until interrupted, then stops everything', async (context) => {
    requireLabComponent(context, 'distribution-2');
    const controller = new AbortController();
    let pid = 0;
    const result = await run(['lab', 'up', '--registry', 'distribution-2', '--json'], {
      signal: controller.signal,
      onStdout: (all) => {
        const targets = JSON.parse(all) as LabTarget[];
        pid = targets[0]?.pid ?? 0;
        started.push(pid);
        expect(isPidAlive(pid)).toBe(true);
        controller.abort();
      },
    });
    expect(result.code).toBe(0);
    expect(pid).toBeGreaterThan(0);
    expect(isPidAlive(pid)).toBe(false);
    expect(result.stderr).toBe('lab: stopped\n');
  });

  it('exits 2 naming the reason when an explicitly requested component cannot be built', async () => {
    // No `go` on this PATH, an empty project folder and an empty user cache: the build must fail, quickly.
    const emptyPath = join(home, 'empty-path');
    mkdirSync(emptyPath, { recursive: true });
    const result = await run(['lab', 'install', 'olareg'], {
      env: { PATH: emptyPath, REGATTA_HOME: join(home, 'install-home'), XDG_CACHE_HOME: join(home, 'install-cache') },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'regatta: could not install:\nolareg v0.1.2: the Go toolchain (`go`) is not on PATH: install Go 1.22 or newer\n',
    );
    const status = await run(['lab', 'status', '--json'], {
      env: { REGATTA_HOME: join(home, 'install-home'), XDG_CACHE_HOME: join(home, 'install-cache') },
    });
    const components = (JSON.parse(status.stdout) as { components: { name: string; reason?: string }[] }).components;
    expect(components.find((component) => component.name === 'olareg')?.reason).toBe(
      'olareg v0.1.2 cannot be installed here: the Go toolchain (`go`) is not on PATH: install Go 1.22 or newer',
    );
  });

  it('names a missing registry binary and how to install it, with exit 2', async () => {
    // An empty project folder and an empty user cache: olareg is not installed as far as this run can tell.
    const emptyCache = join(home, 'empty-cache');
    const result = await run(['lab', 'up', '--registry', 'olareg'], { env: { XDG_CACHE_HOME: emptyCache } });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'regatta: cannot start olareg: olareg v0.1.2 is not installed: run `regatta lab install olareg`\n',
    );
  });
});
