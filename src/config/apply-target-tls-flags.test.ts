import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/index.js';
import { loadRunConfig } from './load-run-config.js';

let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'regatta-tls-flags-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The error `loadRunConfig` throws for these flags. */
async function configError(flags: Record<string, unknown>): Promise<ConfigError> {
  try {
    await loadRunConfig({ flags, env: {}, cwd: dir, checkIds: [] });
  } catch (error) {
    if (error instanceof ConfigError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('--ca-file, --insecure, --cert-file, --key-file', () => {
  it('set tls of the --target, with file paths resolved against the working directory', async () => {
    const { targets } = await loadRunConfig({
      flags: { target: ['https://127.0.0.1:5443'], caFile: 'ca.crt', certFile: '/abs/client.crt', keyFile: 'client.key' },
      env: {},
      cwd: dir,
      checkIds: [],
    });
    expect(targets[0]?.tls).toEqual({
      insecure: false,
      caFile: join(dir, 'ca.crt'),
      certFile: '/abs/client.crt',
      keyFile: join(dir, 'client.key'),
    });
    const insecure = await loadRunConfig({ flags: { target: ['https://127.0.0.1:5443'], insecure: true }, env: {}, cwd: dir, checkIds: [] });
    expect(insecure.targets[0]?.tls).toEqual({ insecure: true });
  });

  it('apply to every target of a config file, over the file its own tls', async () => {
    const file = join(dir, 'regatta.yaml');
    await writeFile(
      file,
      ['targets:', '  - url: https://127.0.0.1:1', '    tls: { caFile: /file/ca.pem, insecure: true }', '  - url: https://127.0.0.1:2', ''].join('\n'),
    );
    const { targets } = await loadRunConfig({ flags: { config: file, caFile: '/flag/ca.pem' }, env: {}, cwd: dir, checkIds: [] });
    expect(targets.map((target) => target.tls)).toEqual([
      { insecure: true, caFile: '/flag/ca.pem' },
      { insecure: false, caFile: '/flag/ca.pem' },
    ]);
  });

  it('leave the targets alone when none is given', async () => {
    const { targets } = await loadRunConfig({ flags: { target: ['http://127.0.0.1:5000'] }, env: {}, cwd: dir, checkIds: [] });
    expect(targets[0]?.tls).toEqual({ insecure: false });
  });

  it('name the flag in a config error: a client certificate without its key, TLS flags on an http target', async () => {
    const half = await configError({ target: ['https://127.0.0.1:5443'], certFile: 'client.crt' });
    expect(half.message).toBe('--key-file: tls.certFile and tls.keyFile go together; set both or neither');
    const plain = await configError({ target: ['http://127.0.0.1:5000'], caFile: 'ca.crt', insecure: true });
    expect(plain.message).toBe('--ca-file: tls.caFile needs an https:// url');
  });

  it('accept --insecure on an http:// target, as crane does: it allows credentials over plain http', async () => {
    const { targets } = await loadRunConfig({
      flags: { target: ['http://registry.example.test:5000'], insecure: true },
      env: { OCI_USERNAME: 'u', OCI_PASSWORD: 'p' },
      cwd: dir,
      checkIds: [],
    });
    expect(targets[0]?.url).toBe('http://registry.example.test:5000');
    expect(targets[0]?.tls).toEqual({ insecure: true });
  });
});
