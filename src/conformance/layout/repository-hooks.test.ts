import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runConformance } from '../run-conformance.js';
import { startFakeRegistry } from '../test-support/fake-registry.js';
import mountSuite from '../../../suites/03-blob-mount/index.js';
import { HookError, RepositoryHookRunner, splitCommand, type CommandRunner } from './repository-hooks.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('splitCommand', () => {
  it('splits words like a shell without running one: quotes and escapes, no expansion', () => {
    expect(splitCommand(`aws ecr create-repository --repository-name {repository}`)).toEqual(['aws', 'ecr', 'create-repository', '--repository-name', '{repository}']);
    expect(splitCommand(`tool 'a b' "c \\"d\\"" e\\ f ''`)).toEqual(['tool', 'a b', 'c "d"', 'e f', '']);
    expect(splitCommand('echo $(rm -rf x); `id` | cat > y')).toEqual(['echo', '$(rm', '-rf', 'x);', '`id`', '|', 'cat', '>', 'y']);
    expect(() => splitCommand(`tool 'open`)).toThrow(HookError);
  });
});

describe('RepositoryHookRunner', () => {
  /** A runner recording argv, failing for names that contain `fail`. */
  function recorder(): { run: CommandRunner; calls: string[][] } {
    const calls: string[][] = [];
    const run: CommandRunner = (command, args) => {
      calls.push([command, ...args]);
      const failing = args.some((arg) => arg.includes('fail'));
      return Promise.resolve({ code: failing ? 3 : 0, output: failing ? 'AccessDenied: not allowed\n' : '', timedOut: false });
    };
    return { run, calls };
  }

  it('creates each repository once, as one argument, and deletes every one it was asked about', async () => {
    const { run, calls } = recorder();
    const hooks = new RepositoryHookRunner({
      hooks: { preCreate: 'make --name={repository} "{repository}"', postDelete: 'drop {repository}' },
      owns: (repo) => repo.startsWith('ns/'),
      run,
    });
    await Promise.all([hooks.ensure('ns/a'), hooks.ensure('ns/a'), hooks.ensure('ns/b')]);
    await hooks.ensure('other/c');
    await hooks.ensure('ns/Invalid-UPPER');
    expect(calls).toEqual([
      ['make', '--name=ns/a', 'ns/a'],
      ['make', '--name=ns/b', 'ns/b'],
    ]);
    expect(await hooks.deleteAll()).toEqual([]);
    expect(calls.slice(2)).toEqual([
      ['drop', 'ns/a'],
      ['drop', 'ns/b'],
    ]);
  });

  it('fails with one clear line naming the hook, the repository, the exit code and the last output line', async () => {
    const { run } = recorder();
    const hooks = new RepositoryHookRunner({ hooks: { preCreate: 'make {repository}', postDelete: 'drop {repository}' }, owns: () => true, run });
    await expect(hooks.ensure('ns/fail')).rejects.toThrow('preCreate hook for ns/fail exited 3 (make): AccessDenied: not allowed');
    expect(await hooks.deleteAll()).toEqual(['postDelete hook for ns/fail exited 3 (drop): AccessDenied: not allowed']);
  });
});

describe('hooks in a per-check run', () => {
  it('create every repository before its first write and delete it after cleanup; a failing hook errors the check', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'regatta-hooks-'));
    dirs.push(dir);
    const log = join(dir, 'log.txt');
    const script = join(dir, 'hook.mjs');
    await writeFile(script, "import { appendFileSync } from 'node:fs';\nappendFileSync(process.argv[2], `${process.argv[3]} ${process.argv[4]}\\n`);\nif (process.argv[4].includes('fallback-chunked')) { console.error('quota exceeded'); process.exit(4); }\n");
    const registry = await startFakeRegistry();
    try {
      const node = JSON.stringify(process.execPath);
      const run = await runConformance({
        targets: [
          {
            name: 'fake',
            url: registry.url,
            namespace: 'ns',
            credentials: { kind: 'anonymous' },
            tls: { insecure: false },
            requestTimeoutMs: 10_000,
            layout: {
              kind: 'per-check',
              hooks: { preCreate: `${node} ${script} ${log} create {repository}`, postDelete: `${node} ${script} ${log} delete {repository}` },
            },
          },
        ],
        suites: [mountSuite],
        runId: 'hooks001',
      });
      const lines = (await readFile(log, 'utf8')).trim().split('\n');
      const created = lines.filter((line) => line.startsWith('create ')).map((line) => line.slice('create '.length));
      const deleted = lines.filter((line) => line.startsWith('delete ')).map((line) => line.slice('delete '.length));
      // Every repository the registry saw a write to was created first, and only those under the run namespace.
      const written = [...new Set(registry.requests.filter((request) => ['POST', 'PUT', 'PATCH'].includes(request.method)).map((request) => /^\/v2\/(.+?)\/(?:blobs|manifests)\//.exec(request.url)?.[1] ?? ''))];
      expect(written.filter((repo) => !created.includes(repo))).toEqual([]);
      expect(created.every((repo) => repo.startsWith('ns/regatta-hooks001/'))).toBe(true);
      expect(new Set(deleted)).toEqual(new Set(created));
      const checks = run.targets[0]?.suites.flatMap((suite) => suite.checks) ?? [];
      const broken = checks.find((check) => check.id === 'blob-mount/mount-fallback-chunked');
      expect(broken?.status).toBe('errored');
      expect(JSON.stringify(broken)).toContain('preCreate hook for ns/regatta-hooks001/blob-mount-mount-fallback-chunked exited 4');
      expect(checks.filter((check) => check.status === 'failed')).toEqual([]);
    } finally {
      await registry.close();
    }
  }, 60_000);
});
