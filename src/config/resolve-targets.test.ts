import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/index.js';
import { parseTargetFlag } from './parse-target-flag.js';
import { resolveTargets } from './resolve-targets.js';
import { runConfigSchema } from './schema.js';

describe('resolveTargets', () => {
  it('maps token, TLS files and chunk limits onto ResolvedTarget', () => {
    const config = runConfigSchema.parse({
      targets: [
        {
          name: 'ghcr-like',
          url: 'https://registry.example:8443/',
          namespace: 'team/ci',
          auth: { token: 't0k' },
          tls: { caFile: 'ca.pem', certFile: 'c.pem', keyFile: 'k.pem' },
          limits: { requestTimeoutMs: '1000', maxChunkBytes: 4194304 },
        },
      ],
    });
    expect(resolveTargets(config)).toEqual([
      {
        name: 'ghcr-like',
        url: 'https://registry.example:8443',
        namespace: 'team/ci',
        credentials: { kind: 'bearer', token: 't0k' },
        tls: { insecure: false, caFile: 'ca.pem', certFile: 'c.pem', keyFile: 'k.pem' },
        requestTimeoutMs: 1000,
        maxChunkBytes: 4194304,
        layout: { kind: 'per-check' },
      },
    ]);
  });

  it('uses a password command output by target name, and refuses when it was not run', () => {
    const config = runConfigSchema.parse({
      targets: [{ name: 'r', url: 'http://127.0.0.1:1', auth: { username: 'u', passwordCommand: 'pass show r' } }],
    });
    expect(resolveTargets(config, new Map([['r', 'pw']]))[0]?.credentials).toEqual({ kind: 'basic', username: 'u', password: 'pw' });
    expect(() => resolveTargets(config)).toThrow(ConfigError);
  });

  it('carries a pull-only account for the auth suite, and refuses one without a password', () => {
    const config = runConfigSchema.parse({
      targets: [{ url: 'http://127.0.0.1:1', auth: { username: 'rw', password: 'p1', readOnly: { username: 'ro', password: 'p2' } } }],
    });
    expect(resolveTargets(config)[0]?.readOnlyCredentials).toEqual({ kind: 'basic', username: 'ro', password: 'p2' });
    const missing = runConfigSchema.safeParse({ targets: [{ url: 'http://127.0.0.1:1', auth: { readOnly: { username: 'ro' } } }] });
    expect(missing.success).toBe(false);
    expect(missing.error?.issues[0]?.path).toEqual(['targets', 0, 'auth', 'readOnly', 'password']);
  });
});

describe('parseTargetFlag', () => {
  it('splits NAME=URL and leaves a bare URL (even one with =) whole', () => {
    expect(parseTargetFlag('zot=http://127.0.0.1:5000')).toEqual({ name: 'zot', url: 'http://127.0.0.1:5000' });
    expect(parseTargetFlag('http://127.0.0.1:5000')).toEqual({ url: 'http://127.0.0.1:5000' });
    expect(parseTargetFlag('http://h/?a=b')).toEqual({ url: 'http://h/?a=b' });
  });
});
