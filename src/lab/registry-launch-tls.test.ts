import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildRegistryLaunch } from './registry-launch.js';

const serverOnly = { certFile: '/t/server.crt', keyFile: '/t/server.key' };
const mutual = { ...serverOnly, clientCaFile: '/t/ca.crt' };

/** The parsed config file a launch writes. */
function configOf(launch: ReturnType<typeof buildRegistryLaunch>): Record<string, unknown> {
  const content = launch.files[0]?.content ?? '';
  return (content.trimStart().startsWith('{') ? JSON.parse(content) : parse(content)) as Record<string, unknown>;
}

describe('buildRegistryLaunch with TLS', () => {
  it('gives distribution http.tls with the server certificate, and clientcas for mTLS', () => {
    const tls = buildRegistryLaunch({ product: 'distribution', dataDir: '/d', port: 5443, options: { tls: { kind: 'tls' } }, tls: serverOnly });
    expect(configOf(tls)['http']).toEqual({
      addr: '127.0.0.1:5443',
      tls: { certificate: '/t/server.crt', key: '/t/server.key' },
    });
    const mtls = buildRegistryLaunch({ product: 'distribution', dataDir: '/d', port: 5443, options: { tls: { kind: 'mtls' } }, tls: mutual });
    expect(configOf(mtls)['http']).toEqual({
      addr: '127.0.0.1:5443',
      tls: { certificate: '/t/server.crt', key: '/t/server.key', clientcas: ['/t/ca.crt'] },
    });
  });

  it('keeps TLS and Basic auth together in one distribution config', () => {
    const launch = buildRegistryLaunch({
      product: 'distribution',
      dataDir: '/d',
      port: 5443,
      options: { auth: { kind: 'basic' }, tls: { kind: 'tls' } },
      htpasswd: 'regatta-rw:$2y$05$x\n',
      tls: serverOnly,
    });
    const config = configOf(launch);
    expect(config['auth']).toEqual({ htpasswd: { realm: 'regatta-lab', path: '/d/htpasswd' } });
    expect((config['http'] as Record<string, unknown>)['tls']).toEqual({ certificate: '/t/server.crt', key: '/t/server.key' });
  });

  it('gives zot http.tls cert/key, and cacert for mTLS', () => {
    const tls = buildRegistryLaunch({ product: 'zot', dataDir: '/z', port: 7443, options: { tls: { kind: 'tls' } }, tls: serverOnly });
    expect(configOf(tls)['http']).toEqual({ address: '127.0.0.1', port: '7443', tls: { cert: '/t/server.crt', key: '/t/server.key' } });
    const mtls = buildRegistryLaunch({ product: 'zot', dataDir: '/z', port: 7443, options: { tls: { kind: 'mtls' } }, tls: mutual });
    expect(configOf(mtls)['http']).toEqual({
      address: '127.0.0.1',
      port: '7443',
      tls: { cert: '/t/server.crt', key: '/t/server.key', cacert: '/t/ca.crt' },
    });
  });

  it('passes olareg --tls-cert/--tls-key, and refuses an mTLS olareg', () => {
    const launch = buildRegistryLaunch({ product: 'olareg', dataDir: '/o', port: 6443, options: { tls: { kind: 'tls' } }, tls: serverOnly });
    expect(launch.args.slice(-4)).toEqual(['--tls-cert', '/t/server.crt', '--tls-key', '/t/server.key']);
    expect(() =>
      buildRegistryLaunch({ product: 'olareg', dataDir: '/o', port: 6443, options: { tls: { kind: 'mtls' } }, tls: mutual }),
    ).toThrow('olareg cannot require client certificates: no mTLS variant');
  });

  it('refuses certificate files that do not match the TLS kind', () => {
    const product = 'distribution';
    expect(() => buildRegistryLaunch({ product, dataDir: '/d', port: 1, options: { tls: { kind: 'tls' } } })).toThrow(
      'a tls lab registry needs exactly the matching certificate files',
    );
    expect(() => buildRegistryLaunch({ product, dataDir: '/d', port: 1, tls: serverOnly })).toThrow(
      'a none lab registry needs exactly the matching certificate files',
    );
    expect(() => buildRegistryLaunch({ product, dataDir: '/d', port: 1, options: { tls: { kind: 'mtls' } }, tls: serverOnly })).toThrow(
      'a mtls lab registry needs exactly the matching certificate files',
    );
  });
});
