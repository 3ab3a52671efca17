import { join } from 'node:path';
import type { RegistryTlsFiles } from '../registry-launch.js';
import type { LabProduct } from './lab-product.js';

/** zot's `http.tls`: with `cacert` (and no auth) it requires a client certificate signed by that CA. */
function zotTls(tls: RegistryTlsFiles): Record<string, unknown> {
  return { cert: tls.certFile, key: tls.keyFile, ...(tls.clientCaFile === undefined ? {} : { cacert: tls.clientCaFile }) };
}

/**
 * zot 1.x: JSON config, filesystem storage, no extensions, no access control (so deletes are allowed, for every
 * authenticated user when htpasswd Basic is on).
 */
export const zot: LabProduct = {
  name: 'zot',
  // `http.auth.htpasswd`; zot has no Docker token auth against a foreign token server.
  authVariants: ['basic'],
  // zot verifies a client certificate only if one is given once htpasswd auth is on, so it would not require one.
  referrersApi: 'always',
  mtlsGap: (auth) => (auth === 'none' ? undefined : 'zot stops requiring client certificates once htpasswd auth is on'),
  launch: (input, storageDir, level) => {
    const configPath = join(input.dataDir, 'config.json');
    const htpasswdPath = join(input.dataDir, 'htpasswd');
    const config = {
      distSpecVersion: '1.0.1-dev',
      storage: { rootDirectory: storageDir, gc: true, dedupe: false },
      http: {
        address: '127.0.0.1',
        port: String(input.port),
        ...(input.tls === undefined ? {} : { tls: zotTls(input.tls) }),
        ...(input.htpasswd === undefined ? {} : { realm: 'regatta-lab', auth: { htpasswd: { path: htpasswdPath } } }),
      },
      log: { level },
    };
    const files = [{ path: configPath, content: `${JSON.stringify(config, null, 2)}\n` }];
    if (input.htpasswd !== undefined) {
      files.push({ path: htpasswdPath, content: input.htpasswd });
    }
    return { args: ['serve', configPath], files, env: {}, storageDir };
  },
};
