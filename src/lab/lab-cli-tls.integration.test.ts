import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Agent, request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../cli/cli-io.js';
import { runCli } from '../cli/run-cli.js';
import { runConformance } from '../conformance/run-conformance.js';
import authSuite from '../../suites/11-auth/index.js';
import { labResolvedTarget } from './lab-resolved-target.js';
import type { LabTarget } from './lab-target.js';
import { isPidAlive, terminateGroup } from './registry-process.js';
import { requireLabComponent } from './test-support/require-lab-component.js';

/** A separate `.regatta` home, so the state file never meets a developer's detached lab. */
const home = mkdtempSync(join(tmpdir(), 'regatta-lab-cli-tls-'));
const started: LabTarget[] = [];

afterAll(async () => {
  await Promise.all(started.filter((target) => isPidAlive(target.pid)).map((target) => terminateGroup(target.pid, 2000)));
  for (const dir of [home, ...started.flatMap((target) => (target.tls === undefined ? [] : [dirname(target.tls.caFile)]))]) {
    rmSync(dir, { recursive: true, force: true });
  }
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

/** `GET /v2/` status with the given TLS material and optional Basic credentials. */
async function ping(url: string, tls: { ca: string; cert?: string; key?: string }, basic?: string): Promise<number | string> {
  const agent = new Agent({ connect: tls });
  try {
    const response = await request(`${url}/v2/`, {
      dispatcher: agent,
      headersTimeout: 5000,
      ...(basic === undefined ? {} : { headers: { authorization: `Basic ${Buffer.from(basic).toString('base64')}` } }),
    });
    await response.body.dump();
    return response.statusCode;
  } catch (error) {
    return (error as { code?: string }).code ?? 'error';
  } finally {
    await agent.close();
  }
}

describe('regatta lab up --tls', () => {
  it('refuses an unknown mode, an mTLS olareg and an mTLS zot behind Basic with one line (exit 2)', async () => {
    expect(await run(['lab', 'up', '--tls', 'ssl'])).toEqual({ code: 2, stdout: '', stderr: 'regatta: --tls must be none, tls or mtls, not "ssl"\n' });
    const olareg = await run(['lab', 'up', '--tls', 'mtls', '--registry', 'olareg', '--detach']);
    expect(olareg.code).toBe(2);
    expect(olareg.stderr).toBe(
      'regatta: cannot start olareg with --tls mtls: olareg cannot require client certificates\n' +
        '  hint: use --tls tls, or another registry for mTLS\n',
    );
    const zot = await run(['lab', 'up', '--tls', 'mtls', '--auth', 'basic', '--registry', 'zot', '--detach']);
    expect(zot.code).toBe(2);
    expect(zot.stderr).toBe(
      'regatta: cannot start zot with --tls mtls: zot stops requiring client certificates once htpasswd auth is on\n' +
        '  hint: use --tls tls, or another registry for mTLS\n',
    );
  });

  it('--tls mtls --auth basic: https with the printed CA, a client certificate and the users; lab down removes the CA', async (context) => {
    requireLabComponent(context, 'distribution-3');
    requireLabComponent(context, 'htpasswd');
    requireLabComponent(context, 'openssl');
    const up = await run(['lab', 'up', '--tls', 'mtls', '--auth', 'basic', '--registry', 'distribution-3', '--detach', '--json']);
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    const targets = JSON.parse(up.stdout) as LabTarget[];
    started.push(...targets);
    const target = targets[0];
    const users = target?.credentials;
    const tls = target?.tls;
    if (target === undefined || users === undefined || tls?.certFile === undefined || tls.keyFile === undefined) {
      throw new Error(`lab up printed no TLS target with users: ${up.stdout}`);
    }
    expect(target.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const ca = await readFile(tls.caFile, 'utf8');
    const cert = await readFile(tls.certFile, 'utf8');
    const key = await readFile(tls.keyFile, 'utf8');
    const rw = `${users.readWrite.username}:${users.readWrite.password}`;
    expect(await ping(target.url, { ca, cert, key })).toBe(401);
    expect(await ping(target.url, { ca, cert, key }, rw)).toBe(200);
    expect(await ping(target.url, { ca }, rw)).not.toBe(200);

    // The auth suite through TLS: the https branch of realm-https is reached (Basic has no token realm to check).
    const basic = { kind: 'basic' as const, username: users.readWrite.username, password: users.readWrite.password };
    const result = await runConformance({ targets: [{ ...labResolvedTarget(target), credentials: basic }], suites: [authSuite] });
    const checks = new Map((result.targets[0]?.suites[0]?.checks ?? []).map((check) => [check.id, check]));
    expect(result.targets[0]?.error).toBeUndefined();
    expect(checks.get('auth/anonymous-v2-401-challenge')?.status).toBe('passed');
    expect(checks.get('auth/wrong-password-401')?.status).toBe('passed');
    const realm = checks.get('auth/realm-https');
    expect(realm?.status).toBe('skipped');
    expect(realm?.status === 'skipped' ? realm.reason : '').not.toContain('plain http');

    const status = await run(['lab', 'status']);
    expect(status.stdout).toContain(`                 ca: ${tls.caFile}\n`);
    expect(status.stdout).toContain(`                 client cert: ${tls.certFile} key: ${tls.keyFile}\n`);
    const down = await run(['lab', 'down']);
    expect(down.code).toBe(0);
    expect(isPidAlive(target.pid)).toBe(false);
    expect(existsSync(dirname(tls.caFile))).toBe(false);
  });
});
