import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../cli/cli-io.js';
import { runCli } from '../cli/run-cli.js';
import type { LabTarget } from './lab-target.js';
import { isPidAlive, terminateGroup } from './registry-process.js';
import { requireLabComponent } from './test-support/require-lab-component.js';

/** A separate `.regatta` home, so the state file never meets a developer's detached lab. */
const home = mkdtempSync(join(tmpdir(), 'regatta-lab-cli-auth-'));
const started: number[] = [];

afterAll(async () => {
  await Promise.all(started.filter(isPidAlive).map((pid) => terminateGroup(pid, 2000)));
  rmSync(home, { recursive: true, force: true });
});

/** Runs the CLI; `output` sees stdout as it grows, for commands that run until aborted. */
async function run(
  argv: string[],
  signal: AbortSignal = new AbortController().signal,
  output: { stdout: string } = { stdout: '' },
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => (output.stdout += text),
    stderr: (text) => (stderr += text),
    env: { ...process.env, REGATTA_HOME: home },
    cwd: home,
    isTty: false,
    signal,
  };
  const code = await runCli(argv, io);
  return { code, stdout: output.stdout, stderr };
}

describe('regatta lab up --auth basic', () => {
  it('starts distribution behind htpasswd and prints its users; bad modes and registries without Basic auth (olareg) exit 2', async (context) => {
    requireLabComponent(context, 'distribution-3');
    requireLabComponent(context, 'htpasswd');
    expect((await run(['lab', 'up', '--auth', 'kerberos'])).stderr).toBe('regatta: --auth must be none, basic or token, not "kerberos"\n');
    const olareg = await run(['lab', 'up', '--auth', 'basic', '--registry', 'olareg', '--detach']);
    expect(olareg.code).toBe(2);
    expect(olareg.stderr).toBe('regatta: cannot start olareg with --auth basic: only distribution and zot have a basic auth variant\n');

    const up = await run(['lab', 'up', '--auth', 'basic', '--registry', 'distribution-3', '--detach', '--json']);
    expect(up.code).toBe(0);
    const targets = JSON.parse(up.stdout) as LabTarget[];
    started.push(...targets.map((target) => target.pid));
    const target = targets[0];
    const users = target?.credentials;
    expect(users?.readWrite.username).toBe('regatta-rw');
    expect(users?.readOnly.username).toBe('regatta-ro');
    const anonymous = await fetch(`${target?.url ?? ''}/v2/`, { signal: AbortSignal.timeout(5000) });
    expect(anonymous.status).toBe(401);
    const basic = Buffer.from(`regatta-rw:${users?.readWrite.password ?? ''}`).toString('base64');
    const authed = await fetch(`${target?.url ?? ''}/v2/`, { headers: { authorization: `Basic ${basic}` }, signal: AbortSignal.timeout(5000) });
    expect(authed.status).toBe(200);
    const down = await run(['lab', 'down']);
    expect(down.code).toBe(0);
    expect(isPidAlive(target?.pid ?? 0)).toBe(false);
  });
});

describe('regatta lab up --auth token', () => {
  it('runs distribution behind the lab token server in the foreground until Ctrl-C; --detach is refused with exit 2', async (context) => {
    requireLabComponent(context, 'distribution-3');
    const detached = await run(['lab', 'up', '--auth', 'token', '--registry', 'distribution-3', '--detach']);
    expect(detached.code).toBe(2);
    expect(detached.stderr).toMatch(/^regatta: a token-auth lab cannot be detached: its token server runs inside this process\n/);

    const controller = new AbortController();
    const output = { stdout: '' };
    const up = run(['lab', 'up', '--auth', 'token', '--registry', 'distribution-3', '--json'], controller.signal, output);
    const deadline = Date.now() + 30_000;
    while (!output.stdout.includes(']') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    try {
      const target = (JSON.parse(output.stdout) as LabTarget[])[0];
      const challenge = (await fetch(`${target?.url ?? ''}/v2/`, { signal: AbortSignal.timeout(5000) })).headers.get('www-authenticate') ?? '';
      const realm = /realm="([^"]+)"/.exec(challenge)?.[1] ?? '';
      expect(realm).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/token$/);
      const basic = Buffer.from(`regatta-rw:${target?.credentials?.readWrite.password ?? ''}`).toString('base64');
      const answer = await fetch(`${realm}?service=regatta-lab`, { headers: { authorization: `Basic ${basic}` }, signal: AbortSignal.timeout(5000) });
      const { token } = (await answer.json()) as { token: string };
      const authed = await fetch(`${target?.url ?? ''}/v2/`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(5000) });
      expect(authed.status).toBe(200);
    } finally {
      controller.abort();
    }
    const finished = await up;
    expect(finished.code).toBe(0);
    expect(finished.stderr).toContain('lab: stopped');
  });
});
