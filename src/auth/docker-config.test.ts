import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/index.js';
import { dockerConfigPath, lookupDockerCredentials, normaliseRegistryKey, parseDockerConfig, readDockerConfig } from './docker-config.js';

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

describe('Docker config reader', () => {
  it('finds the file through DOCKER_CONFIG, else HOME', () => {
    expect(dockerConfigPath({ DOCKER_CONFIG: '/etc/dc', HOME: '/home/u' })).toBe('/etc/dc/config.json');
    expect(dockerConfigPath({ HOME: '/home/u' })).toBe('/home/u/.docker/config.json');
  });

  it('reads a missing file as no config and names a malformed one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'regatta-dockercfg-'));
    try {
      expect(await readDockerConfig(join(dir, 'config.json'))).toBeUndefined();
      await writeFile(join(dir, 'config.json'), '{"auths": []}');
      const error = await readDockerConfig(join(dir, 'config.json')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toBe(`Docker config ${join(dir, 'config.json')} has unexpected content`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('follows Docker precedence: credHelpers, then auths (registry token, identity token, basic), then credsStore', () => {
    const config = parseDockerConfig(
      JSON.stringify({
        auths: {
          'https://index.docker.io/v1/': { auth: b64('hub:pw') },
          'reg.example:5000': { auth: b64('u:p'), identitytoken: 'idt' },
          'tok.example': { registrytoken: 'rt' },
          'plain.example': { username: 'pu', password: 'pp' },
        },
        credHelpers: { 'gcr.io': 'gcloud' },
        credsStore: 'desktop',
        unknownKey: { kept: 'out' },
      }),
      'test',
    );
    expect(lookupDockerCredentials(config, 'registry-1.docker.io')).toEqual({ kind: 'basic', username: 'hub', password: 'pw' });
    expect(lookupDockerCredentials(config, 'reg.example:5000')).toEqual({ kind: 'identity-token', username: 'u', identityToken: 'idt' });
    expect(lookupDockerCredentials(config, 'tok.example')).toEqual({ kind: 'registry-token', token: 'rt' });
    expect(lookupDockerCredentials(config, 'plain.example')).toEqual({ kind: 'basic', username: 'pu', password: 'pp' });
    expect(lookupDockerCredentials(config, 'gcr.io')).toEqual({ kind: 'helper', helper: 'gcloud' });
    expect(lookupDockerCredentials(config, 'other.example')).toEqual({ kind: 'helper', helper: 'desktop' });
    expect(lookupDockerCredentials(parseDockerConfig('{}', 'empty'), 'x')).toBeUndefined();
  });

  it('round-trips any user and password through a base64 auth entry (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 20 }).filter((user) => !user.includes(':')),
        fc.string({ maxLength: 40 }),
        fc.stringMatching(/^[a-z][a-z0-9.-]{0,15}(?::[0-9]{1,5})?$/),
        (username, password, host) => {
          const config = parseDockerConfig(JSON.stringify({ auths: { [`https://${host}/v2/`]: { auth: b64(`${username}:${password}`) } } }), 'p');
          expect(lookupDockerCredentials(config, host)).toEqual({ kind: 'basic', username, password });
          expect(normaliseRegistryKey(`http://${host}/x/y`)).toBe(host.toLowerCase());
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives a ConfigError, never a crash, on garbage input (property)', () => {
    const garbage = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.json().map((json) => json),
      fc.record({ auths: fc.dictionary(fc.string({ maxLength: 8 }), fc.record({ auth: fc.string({ maxLength: 12 }) })) }).map((v) => JSON.stringify(v)),
    );
    fc.assert(
      fc.property(garbage, fc.string({ maxLength: 10 }), (text, host) => {
        try {
          const config = parseDockerConfig(text, 'garbage');
          lookupDockerCredentials(config, host);
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
