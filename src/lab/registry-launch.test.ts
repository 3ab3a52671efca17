import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildRegistryLaunch } from './registry-launch.js';

describe('buildRegistryLaunch', () => {
  it('writes a distribution YAML config with filesystem storage, deletes on and a loopback address', () => {
    const launch = buildRegistryLaunch({ product: 'distribution', dataDir: '/tmp/regatta-lab-x', port: 5123 });
    expect(launch.args).toEqual(['serve', '/tmp/regatta-lab-x/config.yml']);
    expect(launch.files).toHaveLength(1);
    const config = parse(launch.files[0]?.content ?? '') as Record<string, unknown>;
    expect(config).toEqual({
      version: 0.1,
      log: { level: 'info', formatter: 'text' },
      storage: {
        filesystem: { rootdirectory: '/tmp/regatta-lab-x/storage' },
        delete: { enabled: true },
        maintenance: { uploadpurging: { enabled: false } },
      },
      http: { addr: '127.0.0.1:5123' },
    });
    expect(launch.storageDir).toBe('/tmp/regatta-lab-x/storage');
    expect(launch.env['OTEL_TRACES_EXPORTER']).toBe('none');
  });

  it('passes olareg its storage, address, port and the delete APIs as flags', () => {
    const launch = buildRegistryLaunch({
      product: 'olareg',
      dataDir: '/d',
      port: 6000,
      options: { logLevel: 'warn' },
    });
    expect(launch.files).toEqual([]);
    expect(launch.args).toEqual([
      'serve',
      '--dir',
      '/d/storage',
      '--addr',
      '127.0.0.1',
      '--port',
      '6000',
      '--api-delete',
      '--api-blob-delete',
      '--verbosity',
      'warn',
    ]);
  });

  it('starts olareg without its referrers API when asked, and refuses it for zot, which always serves it', () => {
    const olareg = buildRegistryLaunch({ product: 'olareg', dataDir: '/d', port: 6000, options: { referrersApi: false } });
    expect(olareg.args).toContain('--api-referrer=false');
    expect(buildRegistryLaunch({ product: 'olareg', dataDir: '/d', port: 6000 }).args).not.toContain('--api-referrer=false');
    expect(buildRegistryLaunch({ product: 'distribution', dataDir: '/d', port: 6000, options: { referrersApi: false } }).args).toBeDefined();
    expect(() => buildRegistryLaunch({ product: 'zot', dataDir: '/d', port: 6000, options: { referrersApi: false } })).toThrow(
      'zot always serves the referrers API: it cannot start without it',
    );
  });

  it('writes a zot JSON config with the port as a string and no access control', () => {
    const launch = buildRegistryLaunch({ product: 'zot', dataDir: '/z', port: 7000 });
    expect(launch.args).toEqual(['serve', '/z/config.json']);
    const config = JSON.parse(launch.files[0]?.content ?? '{}') as Record<string, unknown>;
    expect(config).toEqual({
      distSpecVersion: '1.0.1-dev',
      storage: { rootDirectory: '/z/storage', gc: true, dedupe: false },
      http: { address: '127.0.0.1', port: '7000' },
      log: { level: 'info' },
    });
  });
});
