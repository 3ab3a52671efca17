import { describe, expect, it } from 'vitest';
import { createLabCredentials, htpasswdFile } from './lab-credentials.js';
import { buildRegistryLaunch } from './registry-launch.js';

describe('lab Basic auth', () => {
  it('makes random passwords per start for regatta-rw and regatta-ro, hashed with bcrypt', async () => {
    const first = createLabCredentials();
    const second = createLabCredentials();
    expect([first.readWrite.username, first.readOnly.username]).toEqual(['regatta-rw', 'regatta-ro']);
    expect(first.readWrite.password).not.toBe(second.readWrite.password);
    expect(first.readWrite.password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const file = await htpasswdFile(first);
    const lines = file.trim().split('\n');
    expect(lines.map((line) => line.split(':')[0])).toEqual(['regatta-rw', 'regatta-ro']);
    expect(lines.every((line) => /^[a-z-]+:\$2y\$\d\d\$/.test(line))).toBe(true);
    expect(file).not.toContain(first.readWrite.password);
  });

  it('configures distribution with the htpasswd file, and refuses olareg (no Basic auth)', () => {
    const launch = buildRegistryLaunch({
      product: 'distribution',
      dataDir: '/tmp/d',
      port: 5000,
      options: { auth: { kind: 'basic' } },
      htpasswd: 'regatta-rw:$2y$05$x\n',
    });
    expect(launch.files.map((file) => file.path)).toEqual(['/tmp/d/config.yml', '/tmp/d/htpasswd']);
    expect(launch.files[0]?.content).toContain('htpasswd:\n    realm: regatta-lab\n    path: /tmp/d/htpasswd');
    expect(() =>
      buildRegistryLaunch({ product: 'olareg', dataDir: '/tmp/o', port: 5000, options: { auth: { kind: 'basic' } }, htpasswd: 'x' }),
    ).toThrow('olareg has no basic auth variant');
  });
});
