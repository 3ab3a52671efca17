import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeRegistry } from '../../conformance/test-support/fake-registry.js';
import { tokenGate, tokenGateUsers } from '../../conformance/test-support/token-gate.js';
import type { CliIo } from '../cli-io.js';
import { runCli } from '../run-cli.js';

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) {
    await cleanup();
  }
});

/** Runs `regatta conformance` on the ping suite with `env`; returns the exit code and stderr lines. */
async function conformance(url: string, env: Record<string, string>): Promise<{ code: number; lines: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'regatta-conformance-auth-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const err: string[] = [];
  const io: CliIo = {
    stdout: () => undefined,
    stderr: (text) => err.push(text),
    env: { HOME: dir, DOCKER_CONFIG: dir, PATH: `${dir}:/usr/bin:/bin`, ...env },
    cwd: dir,
    isTty: false,
    signal: new AbortController().signal,
  };
  const code = await runCli(['conformance', '--target', url, '--suite', 'ping', '--out', 'out'], io);
  return { code, lines: err.join('').split('\n').filter((line) => line !== '') };
}

describe('regatta conformance credentials', () => {
  it('exits 2 with one line when the Docker credential helper fails, before any check runs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'regatta-conformance-auth-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const registry = await startFakeRegistry();
    cleanups.push(() => registry.close());
    await writeFile(join(dir, 'config.json'), JSON.stringify({ credsStore: 'broken' }));
    const helper = join(dir, 'docker-credential-broken');
    await writeFile(helper, '#!/bin/sh\necho "no credentials for this server" >&2\nexit 3\n');
    await chmod(helper, 0o755);
    const err: string[] = [];
    const io: CliIo = {
      stdout: () => undefined,
      stderr: (text) => err.push(text),
      env: { DOCKER_CONFIG: dir, HOME: dir, PATH: `${dir}:/usr/bin:/bin` },
      cwd: dir,
      isTty: false,
      signal: new AbortController().signal,
    };
    const code = await runCli(['conformance', '--target', registry.url, '--suite', 'ping', '--out', 'out'], io);
    expect(code).toBe(2);
    const lines = err.join('').split('\n').filter((line) => line !== '');
    expect(lines[0]).toBe('regatta: credential helper docker-credential-broken exited with code 3: no credentials for this server');
    expect(registry.requests.length).toBe(0);
  });
});

describe('regatta conformance against a token registry', () => {
  it('passes with the right password through the token flow', async () => {
    const registry = await startFakeRegistry({ faults: tokenGate() });
    cleanups.push(() => registry.close());
    const { code } = await conformance(registry.url, { OCI_USERNAME: 'rw', OCI_PASSWORD: tokenGateUsers.rw });
    expect(code).toBe(0);
    expect(registry.requests.some((request) => request.url.startsWith('/token'))).toBe(true);
  });

  it('exits 2 with one line naming the token server when the password is wrong, and never prints it', async () => {
    const registry = await startFakeRegistry({ faults: tokenGate() });
    cleanups.push(() => registry.close());
    const { code, lines } = await conformance(registry.url, { OCI_USERNAME: 'rw', OCI_PASSWORD: 'not-the-password-8Qm' });
    expect(code).toBe(2);
    expect(lines).toEqual([
      `regatta: ${registry.url}: token server ${registry.url} refused the credentials (status 401)`,
    ]);
    expect(lines.join('\n')).not.toContain('not-the-password-8Qm');
  });

  it('exits 2 with one line when the token realm is unreachable', async () => {
    const registry = await startFakeRegistry({ faults: tokenGate({}, { realm: 'http://127.0.0.1:9/token' }) });
    cleanups.push(() => registry.close());
    const { code, lines } = await conformance(registry.url, { OCI_USERNAME: 'rw', OCI_PASSWORD: tokenGateUsers.rw });
    expect(code).toBe(2);
    expect(lines[0]).toMatch(new RegExp(`^regatta: ${registry.url}: token server http://127\\.0\\.0\\.1:9 could not be reached: `));
    expect(lines).toHaveLength(1);
  });
});
