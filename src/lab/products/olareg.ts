import type { LabProduct } from './lab-product.js';

/** olareg: flags only, delete APIs off by default (enabled here), server TLS flags only, no authentication at all. */
export const olareg: LabProduct = {
  name: 'olareg',
  authVariants: [],
  mtlsGap: () => 'olareg cannot require client certificates',
  // `--api-referrer=false`; on again, olareg folds the referrers tags it finds into the API (store.go, "convert").
  referrersApi: 'switchable',
  launch: (input, storageDir, level) => ({
    args: [
      'serve',
      '--dir',
      storageDir,
      '--addr',
      '127.0.0.1',
      '--port',
      String(input.port),
      '--api-delete',
      '--api-blob-delete',
      ...(input.options?.referrersApi === false ? ['--api-referrer=false'] : []),
      '--verbosity',
      level,
      // olareg has server TLS flags only (no client CA), so it has no mTLS variant.
      ...(input.tls === undefined ? [] : ['--tls-cert', input.tls.certFile, '--tls-key', input.tls.keyFile]),
    ],
    files: [],
    env: {},
    storageDir,
  }),
};
