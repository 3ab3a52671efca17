import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../cli/cli-io.js';
import { runCli } from '../../cli/run-cli.js';
import type { LabTarget } from '../lab-target.js';
import { isPidAlive, terminateGroup } from '../registry-process.js';
import { requireLabComponent } from '../test-support/require-lab-component.js';
import type { MimicRequest } from './mimic-front.js';

/** A separate `.regatta` home, so the test's state file never meets a developer's detached lab. */
const home = mkdtempSync(join(tmpdir(), 'regatta-lab-mimic-'));
const started: number[] = [];

afterAll(async () => {
  await Promise.all(started.filter(isPidAlive).map((pid) => terminateGroup(pid, 2000)));
  rmSync(home, { recursive: true, force: true });
});

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: { ...process.env, REGATTA_HOME: home },
    cwd: home,
    isTty: false,
    signal: new AbortController().signal,
  };
  return { code: await runCli(argv, io), stdout, stderr };
}

describe('regatta lab up --mimic', () => {
  it('starts a detached front process before a real registry; lab status shows it and lab down stops both', async (context) => {
    requireLabComponent(context, 'distribution-3');
    const up = await run(['lab', 'up', '--registry', 'distribution-3', '--mimic', 'ecr', '--mimic-budget', '500/1', '--detach', '--json']);
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    const [target] = JSON.parse(up.stdout) as LabTarget[];
    const mimic = target?.mimic;
    if (target === undefined || mimic === undefined) {
      throw new Error(`no mimic in ${up.stdout}`);
    }
    started.push(target.pid, mimic.pid);
    expect(target.url).toBe(mimic.url);
    expect(mimic.pid).not.toBe(target.pid);
    expect(isPidAlive(mimic.pid)).toBe(true);

    // ECR: the repository must be created first, then a real push and a redirected pull work through the front.
    const missing = await fetch(`${target.url}/v2/team/app/blobs/uploads/`, { method: 'POST' });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { errors: { code: string }[] }).errors[0]?.code).toBe('NAME_UNKNOWN');
    expect((await fetch(`${target.url}/_mimic/repositories/team/app`, { method: 'POST' })).status).toBe(201);
    const digest = 'sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824';
    const pushed = await fetch(`${target.url}/v2/team/app/blobs/uploads/?digest=${digest}`, { method: 'POST', body: 'hello' });
    expect([201, 202]).toContain(pushed.status);
    if (pushed.status === 202) {
      const location = new URL(pushed.headers.get('location') ?? '', target.url);
      location.searchParams.set('digest', digest);
      expect((await fetch(location, { method: 'PUT', body: 'hello' })).status).toBe(201);
    }
    const redirected = await fetch(`${target.url}/v2/team/app/blobs/${digest}`, { redirect: 'manual' });
    expect(redirected.status).toBe(307);
    const blob = await fetch(redirected.headers.get('location') ?? '');
    expect(await blob.text()).toBe('hello');

    const status = await run(['lab', 'status']);
    expect(status.stdout).toContain(`ecr mimic front (pid ${mimic.pid}) before ${mimic.registryUrl}`);

    const log = readFileSync(mimic.requestLog, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as MimicRequest);
    expect(log.filter((entry) => entry.origin === 'storage')).toEqual([{ origin: 'storage', method: 'GET', path: expect.stringContaining('/blobs/') as string, authorization: false, status: 200 }]);

    const down = await run(['lab', 'down']);
    expect(down.code).toBe(0);
    expect(down.stderr).toBe(`lab: distribution-3 ecr mimic (pid ${mimic.pid}) stopped\nlab: distribution-3 (pid ${target.pid}) stopped\n`);
    expect(isPidAlive(mimic.pid)).toBe(false);
    expect(isPidAlive(target.pid)).toBe(false);
  });

  it('refuses an unknown cloud, a bad budget and a mimic before two registries with exit 2 naming the flag', async () => {
    const cloud = await run(['lab', 'up', '--registry', 'distribution-3', '--mimic', 'acr']);
    expect(cloud.code).toBe(2);
    expect(cloud.stderr).toBe('regatta: --mimic must be one of dockerhub, ghcr, ecr, gar, not "acr"\n');
    const budget = await run(['lab', 'up', '--registry', 'distribution-3', '--mimic', 'ecr', '--mimic-budget', 'lots']);
    expect(budget.code).toBe(2);
    expect(budget.stderr).toContain('--mimic-budget must be REQUESTS or REQUESTS/SECONDS');
    const two = await run(['lab', 'up', '--registry', 'distribution-3', 'zot', '--mimic', 'ghcr']);
    expect(two.code).not.toBe(0);
    expect(two.stderr).toContain('a ghcr mimic goes before exactly one open, plain-http registry');
  });
});
