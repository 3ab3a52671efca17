import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeRegistry } from '../../conformance/test-support/fake-registry.js';
import type { CliIo } from '../cli-io.js';
import { runCli } from '../run-cli.js';

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) {
    await cleanup();
  }
});

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
