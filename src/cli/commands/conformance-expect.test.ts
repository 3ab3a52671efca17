import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runResultSchema, type RunResult } from '../../model/index.js';
import { startFakeRegistry, type FakeRegistry, type FakeRegistryOptions } from '../../conformance/test-support/fake-registry.js';
import type { CliIo } from '../cli-io.js';
import { runCli } from '../run-cli.js';

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) {
    await cleanup();
  }
});

/** A temp working directory and an io that captures output. */
async function setup(): Promise<{ io: CliIo; out: string[]; err: string[]; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'regatta-expect-cli-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {}, cwd: dir, isTty: false, signal: new AbortController().signal };
  return { io, out, err, dir };
}

async function fake(options: FakeRegistryOptions = {}): Promise<FakeRegistry> {
  const registry = await startFakeRegistry(options);
  cleanups.push(() => registry.close());
  return registry;
}

async function results(dir: string): Promise<RunResult> {
  return runResultSchema.parse(JSON.parse(await readFile(join(dir, 'out', 'results.json'), 'utf8')));
}

describe('regatta conformance: strict filters, --list, --out checked first', () => {
  it('refuses an unknown suite with exit 2 and the valid ids, before any request', async () => {
    const { io, err } = await setup();
    const registry = await fake();
    expect(await runCli(['conformance', '--target', registry.url, '--suite', 'pnig', '--out', 'out'], io)).toBe(2);
    expect(err.join('')).toContain('--suite pnig: no suite id starts with it');
    expect(err.join('')).toContain('suites: ping, blob-upload, blob-mount');
    expect(registry.requests).toHaveLength(0);
  });

  it('refuses an unknown check prefix with exit 2', async () => {
    const { io, err } = await setup();
    const registry = await fake();
    expect(await runCli(['conformance', '--target', registry.url, '--check', 'ping/nope', '--out', 'out'], io)).toBe(2);
    expect(err.join('')).toContain('--check ping/nope: no check id starts with it');
  });

  it('runs both suites of a comma list (--suite ping,tags) and nothing else', async () => {
    const { io, dir } = await setup();
    const registry = await fake();
    expect(await runCli(['conformance', '--target', registry.url, '--suite', 'ping,tags', '--out', 'out'], io)).toBe(0);
    const run = await results(dir);
    const ran = (run.targets[0]?.suites ?? []).filter((suite) => suite.status !== 'disabled').map((suite) => suite.id);
    expect(ran).toEqual(['ping', 'tags']);
  }, 120_000);

  it('lists the selected checks with level, spec and api without any target or network', async () => {
    const { io, out } = await setup();
    expect(await runCli(['conformance', '--list', '--suite', 'tags', '--spec', 'end-8b'], io)).toBe(0);
    const text = out.join('');
    // The statement column: its keyword and section, or - for a check that cites none.
    expect(text).toMatch(/^tags\/n-limits-results\s+MUST\s+(?:MUST(?: NOT)? [a-z-]+|-)\s+end-8b\s+tags-list\s+-$/m);
    expect(text).not.toContain('ping/');
    expect(text).toMatch(/\n\d+ checks\n$/);
  });

  it('refuses an unknown --spec-version in --list with exit 2, naming the flag', async () => {
    const { io, err } = await setup();
    expect(await runCli(['conformance', '--list', '--spec-version', '2.0'], io)).toBe(2);
    expect(err.join('')).toContain('--spec-version 2.0: must be 1.0, 1.1 or main');
  });

  it('refuses an --out that is a file with exit 2 before any request', async () => {
    const { io, err, dir } = await setup();
    const registry = await fake();
    await writeFile(join(dir, 'taken'), 'x');
    expect(await runCli(['conformance', '--target', registry.url, '--out', 'taken'], io)).toBe(2);
    expect(err.join('')).toContain('is a file, not a directory');
    expect(registry.requests).toHaveLength(0);
  });
});

describe('regatta conformance --expect', () => {
  it('without a profile an absent capability is a skip (exit 0); a profile requiring it fails naming it (exit 1)', async () => {
    const { io, dir, out } = await setup();
    const registry = await fake({ mount: false });
    const args = ['conformance', '--target', registry.url, '--suite', 'blob-mount', '--out', 'out'];
    expect(await runCli(args, io)).toBe(0);
    const plain = await results(dir);
    expect(plain.targets[0]?.capabilities.find((c) => c.id === 'mount')?.support).toBe('unsupported');
    const skipped = plain.targets[0]?.suites.flatMap((s) => s.checks).find((c) => c.id === 'blob-mount/mount-201-location');
    expect(skipped?.status).toBe('skipped');

    await writeFile(join(dir, 'needs-mount.yaml'), 'name: needs-mount\ndescription: test\nrequires: [mount]\n');
    out.length = 0;
    expect(await runCli([...args, '--expect', 'needs-mount.yaml'], io)).toBe(1);
    const judged = await results(dir);
    const target = judged.targets[0];
    expect(target?.profile?.name).toBe('needs-mount');
    expect(target?.profile?.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    const requirement = target?.suites[0]?.checks[0];
    expect(requirement?.id).toBe('expectations/requires-mount');
    expect(requirement?.status).toBe('failed');
    expect(requirement?.status === 'failed' ? requirement.errors[0]?.message : '').toContain(
      'required capability mount is absent: profile needs-mount requires it',
    );
    const dependent = target?.suites.flatMap((s) => s.checks).find((c) => c.id === 'blob-mount/mount-201-location');
    expect(dependent?.status === 'skipped' ? dependent.reason : '').toContain('skipped because a required capability is missing: mount');
    expect(out.join('')).toContain('expectations/requires-mount');
  }, 120_000);

  it('reports a listed deviation as known (exit 0), an expired one as a failure (exit 1)', async () => {
    const { io, dir } = await setup();
    // A registry that ignores Range: the Range checks that need a 206 warn (end-2 SHOULD), and the profile lists them
    // (those an ignored Range still satisfies, such as a reversed range answered with the whole blob, pass).
    const registry = await fake({ ranges: false });
    const entry = (expires: string): string =>
      `name: mine\ndescription: test\nknown:\n  - {check: "pull/blob-range-*", reason: ignores Range, source: "https://example.org/issue/1", expires: ${expires}}\n`;
    await writeFile(join(dir, 'fresh.yaml'), entry('2099-12-31'));
    await writeFile(join(dir, 'stale.yaml'), entry('2020-01-01'));
    const args = ['conformance', '--target', registry.url, '--check', 'pull/blob-range', '--out', 'out', '--fail-on', 'warned'];
    expect(await runCli([...args, '--expect', 'fresh.yaml'], io)).toBe(0);
    const fresh = await results(dir);
    const checks = fresh.targets[0]?.suites.flatMap((s) => s.checks).filter((c) => c.status !== 'disabled') ?? [];
    expect(checks.filter((c) => c.status === 'known').length).toBeGreaterThanOrEqual(4);
    expect(checks.filter((c) => c.status !== 'known' && c.status !== 'passed')).toEqual([]);
    expect(await runCli([...args, '--expect', 'stale.yaml'], io)).toBe(1);
    const stale = await results(dir);
    expect(stale.targets[0]?.profile?.expired.map((e) => e.check)).toContain('pull/blob-range-206');
  }, 120_000);

  it('rejects a profile entry that matches no check with exit 2 before any request', async () => {
    const { io, err, dir } = await setup();
    const registry = await fake();
    await writeFile(join(dir, 'typo.yaml'), 'name: typo\nknown:\n  - {check: tags/list-sortd, reason: r, source: "https://example.org/1", expires: 2027-01-01}\n');
    expect(await runCli(['conformance', '--target', registry.url, '--expect', 'typo.yaml', '--out', 'out'], io)).toBe(2);
    expect(err.join('')).toContain('known[0].check: "tags/list-sortd" matches no check id');
    expect(registry.requests).toHaveLength(0);
  });
});
