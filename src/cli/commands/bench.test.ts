import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runResultSchema } from '../../model/index.js';
import { startScriptedRegistry, type ScriptedRegistry } from '../../load/test-support/scripted-registry.js';
import type { CliIo } from '../cli-io.js';
import { runCli } from '../run-cli.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) {
    await cleanup();
  }
});

/** An in-process CliIo writing into arrays, in a fresh temp directory. */
async function capture(): Promise<{ io: CliIo; out: string[]; err: string[]; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'regatta-bench-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env: {},
    cwd: dir,
    isTty: false,
    signal: new AbortController().signal,
  };
  return { io, out, err, dir };
}

async function registry(options: Parameters<typeof startScriptedRegistry>[0] = {}): Promise<ScriptedRegistry> {
  const started = await startScriptedRegistry(options);
  cleanups.push(() => started.close());
  return started;
}

describe('regatta bench', () => {
  it('runs a scenario with overrides on each target in turn, writes results.json and exits 0', async () => {
    const first = await registry();
    const second = await registry();
    const captured = await capture();
    const code = await runCli(
      ['bench', '--target', `a=${first.url}`, '--target', `b=${second.url}`, '--scenario', 'pull-blobs', '--duration', '1s', '--vus', '2', '--size', '64KiB', '--out', 'out'],
      captured.io,
    );
    expect(captured.err.join('')).toBe('');
    expect(code).toBe(0);
    const run = runResultSchema.parse(JSON.parse(await readFile(join(captured.dir, 'out', 'results.json'), 'utf8')));
    expect(run.kind).toBe('bench');
    expect(run.targets.map((target) => target.name)).toEqual(['a', 'b']);
    for (const target of run.targets) {
      const [scenario] = target.scenarios;
      expect(scenario?.id).toBe('pull-blobs');
      expect(scenario?.executor).toMatchObject({ type: 'constant-vus', vus: 2, durationMs: 1000 });
      expect(scenario?.iterations).toBeGreaterThan(0);
      expect(scenario?.throughput.bytes).toBe((scenario?.iterations ?? 0) * 64 * 1024);
      expect(scenario?.verified).toBe(true);
    }
    const text = captured.out.join('');
    expect(text).toMatch(/\[a\] pull-blobs: passed — /);
    expect(text).toMatch(/\[b\] pull-blobs: passed — /);
  });

  it('takes duration, VUs, size and threads from the config file as well as from flags', async () => {
    const target = await registry();
    const captured = await capture();
    await writeFile(
      join(captured.dir, 'bench.yaml'),
      `targets: [{ name: a, url: "${target.url}" }]\nload: { scenario: pull-blobs, duration: 1s, vus: 3, size: 32KiB, threads: 1 }\n`,
    );
    const code = await runCli(['bench', '--config', 'bench.yaml', '--out', 'out'], captured.io);
    expect(captured.err.join('')).toBe('');
    expect(code).toBe(0);
    const run = runResultSchema.parse(JSON.parse(await readFile(join(captured.dir, 'out', 'results.json'), 'utf8')));
    const [scenario] = run.targets[0]?.scenarios ?? [];
    expect(scenario?.executor).toMatchObject({ type: 'constant-vus', vus: 3, durationMs: 1000 });
    expect(scenario?.throughput.bytes).toBe((scenario?.iterations ?? 0) * 32 * 1024);
  });

  it('exits 1 when a threshold is crossed, naming it', async () => {
    const failing = await registry({ pullStatus: 500 });
    const captured = await capture();
    const code = await runCli(
      ['bench', '--target', failing.url, '--scenario', 'pull-blobs', '--duration', '1s', '--vus', '1', '--size', '1KiB', '--no-verify', '--out', 'out'],
      captured.io,
    );
    expect(code).toBe(1);
    const run = runResultSchema.parse(JSON.parse(await readFile(join(captured.dir, 'out', 'results.json'), 'utf8')));
    const scenario = run.targets[0]?.scenarios[0];
    expect(scenario?.status).toBe('failed');
    expect(scenario?.verified).toBe(false);
    expect(scenario?.errorClasses['http-5xx']).toBe(scenario?.errors);
    expect(captured.out.join('')).toContain('crossed: errors.rate <1% (was 1.00)');
  });

  it('has one flag for skipping digest checks: --no-verify; --skip-verify still works, off the help, with one deprecation line', async () => {
    const target = await registry();
    const help = await capture();
    await runCli(['bench', '--help'], help.io);
    expect(help.out.join('')).toContain('--no-verify');
    expect(help.out.join('')).not.toContain('--skip-verify');
    for (const flag of ['--no-verify', '--skip-verify']) {
      const captured = await capture();
      const code = await runCli(
        ['bench', '--target', target.url, '--scenario', 'pull-blobs', '--duration', '1s', '--vus', '1', '--size', '1KiB', flag, '--out', 'out'],
        captured.io,
      );
      expect(code, flag).toBe(0);
      expect(captured.err.join(''), flag).toBe(flag === '--skip-verify' ? 'regatta: --skip-verify is deprecated; use --no-verify\n' : '');
      const run = runResultSchema.parse(JSON.parse(await readFile(join(captured.dir, 'out', 'results.json'), 'utf8')));
      expect(run.targets[0]?.scenarios[0]?.verified, flag).toBe(false);
    }
  });

  it('an unknown scenario is a usage error (exit 2) listing the known ones', async () => {
    const target = await registry();
    const captured = await capture();
    const code = await runCli(['bench', '--target', target.url, '--scenario', 'nope'], captured.io);
    expect(code).toBe(2);
    expect(captured.err.join('')).toContain(
      'unknown scenario "nope"; one of: push-blobs, pull-blobs, push-image, pull-image, chunked-push, mixed, manifest-storm',
    );
    expect(target.seen).toEqual([]);
  });

  it('an unreachable target is exit 2 with one line naming it, and no scenario runs', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const captured = await capture();
    const code = await runCli(['bench', '--target', `http://127.0.0.1:${port}`, '--scenario', 'pull-blobs', '--duration', '1s', '--out', 'out'], captured.io);
    expect(code).toBe(2);
    const lines = captured.err.join('').split('\n').filter((line) => line !== '');
    expect(lines).toEqual([`regatta: cannot reach http://127.0.0.1:${port}: connection refused; is the registry running on that port?`]);
    const run = runResultSchema.parse(JSON.parse(await readFile(join(captured.dir, 'out', 'results.json'), 'utf8')));
    expect(run.targets[0]?.scenarios).toEqual([]);
  });
});
