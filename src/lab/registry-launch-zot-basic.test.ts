import { describe, expect, it } from 'vitest';
import { buildRegistryLaunch } from './registry-launch.js';

describe('buildRegistryLaunch: zot with htpasswd Basic auth', () => {
  it('writes the htpasswd file and points http.auth.htpasswd at it, with the lab realm', () => {
    const launch = buildRegistryLaunch({
      product: 'zot',
      dataDir: '/z',
      port: 7000,
      options: { auth: { kind: 'basic' } },
      htpasswd: 'regatta-rw:$2y$05$x\n',
    });
    const config = JSON.parse(launch.files[0]?.content ?? '{}') as Record<string, unknown>;
    expect(config['http']).toEqual({
      address: '127.0.0.1',
      port: '7000',
      realm: 'regatta-lab',
      auth: { htpasswd: { path: '/z/htpasswd' } },
    });
    expect(launch.files[1]).toEqual({ path: '/z/htpasswd', content: 'regatta-rw:$2y$05$x\n' });
  });

  it('combines Basic with server TLS, and still refuses an olareg behind Basic', () => {
    const launch = buildRegistryLaunch({
      product: 'zot',
      dataDir: '/z',
      port: 7443,
      options: { auth: { kind: 'basic' }, tls: { kind: 'tls' } },
      htpasswd: 'regatta-rw:$2y$05$x\n',
      tls: { certFile: '/t/server.crt', keyFile: '/t/server.key' },
    });
    const http = (JSON.parse(launch.files[0]?.content ?? '{}') as { http: Record<string, unknown> }).http;
    expect(http['tls']).toEqual({ cert: '/t/server.crt', key: '/t/server.key' });
    expect(http['auth']).toEqual({ htpasswd: { path: '/z/htpasswd' } });
    expect(() =>
      buildRegistryLaunch({ product: 'olareg', dataDir: '/o', port: 1, options: { auth: { kind: 'basic' } }, htpasswd: 'x:y\n' }),
    ).toThrow('olareg has no basic auth variant');
  });
});
