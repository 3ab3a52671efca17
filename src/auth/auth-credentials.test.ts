import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testTarget } from '../client/test-support/scripted-server.js';
import { AuthError, ConfigError } from '../errors/index.js';
import { resolveCredentials } from './auth-credentials.js';

let dir = '';

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'regatta-creds-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const url = 'http://127.0.0.1:5999';

/** An environment whose Docker config and PATH point into the temp dir. */
function env(): Record<string, string> {
  return { DOCKER_CONFIG: dir, PATH: `${dir}:/usr/bin:/bin`, HOME: dir };
}

async function dockerConfig(content: unknown): Promise<void> {
  await writeFile(join(dir, 'config.json'), JSON.stringify(content));
}

/** Writes `docker-credential-<name>` as a shell script in the temp dir. */
async function helper(name: string, script: string): Promise<void> {
  const path = join(dir, `docker-credential-${name}`);
  await writeFile(path, `#!/bin/sh\n${script}\n`);
  await chmod(path, 0o755);
}

describe('resolveCredentials', () => {
  it('prefers the target’s own credentials over the Docker config', async () => {
    await dockerConfig({ auths: { '127.0.0.1:5999': { auth: Buffer.from('docker:pw').toString('base64') } } });
    const target = testTarget(url, { credentials: { kind: 'basic', username: 'cfg', password: 'cfg-pw' } });
    expect(await resolveCredentials(target, env())).toEqual({
      credentials: { kind: 'basic', username: 'cfg', password: 'cfg-pw' },
      source: 'target',
    });
  });

  it('reads auths (base64 auth, identity token) for the target’s host:port, else anonymous', async () => {
    await dockerConfig({
      auths: {
        'http://127.0.0.1:5999': { auth: Buffer.from('docker:pw:with:colons').toString('base64') },
        '127.0.0.1:6000': { identitytoken: 'idt' },
      },
    });
    expect(await resolveCredentials(testTarget(url), env())).toEqual({
      credentials: { kind: 'basic', username: 'docker', password: 'pw:with:colons' },
      source: 'docker-config',
    });
    expect((await resolveCredentials(testTarget('http://127.0.0.1:6000'), env())).credentials).toEqual({
      kind: 'identity-token',
      username: '<token>',
      identityToken: 'idt',
    });
    expect(await resolveCredentials(testTarget('http://127.0.0.1:7000'), env())).toEqual({
      credentials: { kind: 'anonymous' },
      source: 'anonymous',
    });
  });

  it('is anonymous without a Docker config, and names a malformed one', async () => {
    expect((await resolveCredentials(testTarget(url), env())).source).toBe('anonymous');
    await writeFile(join(dir, 'config.json'), '{not json');
    const error = await resolveCredentials(testTarget(url), env()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe(`Docker config ${join(dir, 'config.json')} is not valid JSON`);
  });

  it('asks a credential helper found on PATH, with the host on stdin', async () => {
    await dockerConfig({ credHelpers: { '127.0.0.1:5999': 'good' } });
    await helper('good', 'read host; printf \'{"ServerURL":"%s","Username":"u-%s","Secret":"helper-secret"}\' "$host" "$host"');
    expect(await resolveCredentials(testTarget(url), env())).toEqual({
      credentials: { kind: 'basic', username: 'u-127.0.0.1:5999', password: 'helper-secret' },
      source: 'credential-helper',
    });
  });

  it('gives one clear AuthError for a helper that exits non-zero or prints garbage', async () => {
    await dockerConfig({ credHelpers: { '127.0.0.1:5999': 'broken' }, credsStore: 'garbage' });
    await helper('broken', 'echo "credentials not found in native keychain" >&2; exit 1');
    await helper('garbage', 'echo "<html>secret-ish</html>"');
    const broken = await resolveCredentials(testTarget(url), env()).catch((e: unknown) => e);
    expect(broken).toBeInstanceOf(AuthError);
    expect((broken as AuthError).message).toBe(
      'credential helper docker-credential-broken exited with code 1: credentials not found in native keychain',
    );
    const garbage = await resolveCredentials(testTarget('http://127.0.0.1:7000'), env()).catch((e: unknown) => e);
    expect(garbage).toBeInstanceOf(AuthError);
    expect((garbage as AuthError).message).toBe('credential helper docker-credential-garbage printed something that is not JSON');
  });

  it('reports a helper that is not installed', async () => {
    await dockerConfig({ credsStore: 'missing' });
    const error = await resolveCredentials(testTarget(url), env()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).message).toMatch(/^credential helper docker-credential-missing could not be started/);
  });
});
