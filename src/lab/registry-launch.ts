import { join } from 'node:path';
import { stringify } from 'yaml';
import type { LabRegistryProduct } from './lab-component.js';
import type { LabRegistryOptions } from './lab-registry-options.js';

/** Everything needed to start one registry process: files to write first, then argv and extra env. */
export interface RegistryLaunch {
  /** Arguments after the binary. */
  readonly args: readonly string[];
  /** Config files to write before starting (absolute paths inside the data dir). */
  readonly files: readonly { readonly path: string; readonly content: string }[];
  /** Extra environment for the process. */
  readonly env: Readonly<Record<string, string>>;
  /** Where the registry keeps content. */
  readonly storageDir: string;
}

/** Inputs of {@link buildRegistryLaunch}. */
export interface RegistryLaunchInput {
  readonly product: LabRegistryProduct;
  /** The registry's own temporary directory; config and storage go inside it. */
  readonly dataDir: string;
  /** 127.0.0.1 port to listen on. */
  readonly port: number;
  readonly options?: LabRegistryOptions;
  /** htpasswd file content when `options.auth` is Basic. */
  readonly htpasswd?: string;
  /** Where tokens come from and how the registry checks them, when `options.auth` is token. */
  readonly tokenAuth?: RegistryTokenAuth;
  /** Server certificate files when `options.tls` is not `none`. */
  readonly tls?: RegistryTlsFiles;
}

/** distribution's `auth.token` settings: the realm it sends clients to and the certificate its tokens are signed with. */
export interface RegistryTokenAuth {
  readonly realm: string;
  readonly service: string;
  readonly issuer: string;
  /** PEM certificate of the token signer (distribution's `rootcertbundle`). */
  readonly rootCertBundle: string;
}

/** distribution's `auth` section: htpasswd Basic, token, or none. */
function distributionAuth(input: RegistryLaunchInput, htpasswdPath: string): Record<string, unknown> {
  if (input.tokenAuth !== undefined) {
    const { realm, service, issuer, rootCertBundle } = input.tokenAuth;
    return { auth: { token: { realm, service, issuer, rootcertbundle: rootCertBundle } } };
  }
  return input.htpasswd === undefined ? {} : { auth: { htpasswd: { realm: 'regatta-lab', path: htpasswdPath } } };
}

/** PEM files a TLS lab registry serves with. */
export interface RegistryTlsFiles {
  readonly certFile: string;
  readonly keyFile: string;
  /** CA whose client certificates an mTLS registry requires; absent for server-only TLS. */
  readonly clientCaFile?: string;
}

/** distribution's `http.tls`: with `clientcas` it requires and verifies a client certificate. */
function distributionTls(tls: RegistryTlsFiles): Record<string, unknown> {
  return {
    certificate: tls.certFile,
    key: tls.keyFile,
    ...(tls.clientCaFile === undefined ? {} : { clientcas: [tls.clientCaFile] }),
  };
}

/** distribution (2.8 and v3 share the YAML schema): filesystem storage, deletes on, loopback only. */
function distributionLaunch(input: RegistryLaunchInput, storageDir: string, level: string): RegistryLaunch {
  const configPath = join(input.dataDir, 'config.yml');
  const htpasswdPath = join(input.dataDir, 'htpasswd');
  const config = {
    version: 0.1,
    log: { level, formatter: 'text' },
    storage: {
      filesystem: { rootdirectory: storageDir },
      delete: { enabled: true },
      // Upload purging runs in the background and races tests that inspect upload sessions.
      maintenance: { uploadpurging: { enabled: false } },
    },
    http: { addr: `127.0.0.1:${input.port}`, ...(input.tls === undefined ? {} : { tls: distributionTls(input.tls) }) },
    ...distributionAuth(input, htpasswdPath),
  };
  const files = [{ path: configPath, content: stringify(config) }];
  if (input.htpasswd !== undefined) {
    files.push({ path: htpasswdPath, content: input.htpasswd });
  }
  return {
    args: ['serve', configPath],
    files,
    // distribution v3 exports OpenTelemetry traces by default: keep every byte on loopback.
    env: { OTEL_TRACES_EXPORTER: 'none', OTEL_SDK_DISABLED: 'true' },
    storageDir,
  };
}

/** olareg takes flags only; delete APIs are off by default and enabled here. */
function oleregLaunch(input: RegistryLaunchInput, storageDir: string, level: string): RegistryLaunch {
  return {
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
      '--verbosity',
      level,
      // olareg has server TLS flags only (no client CA), so it has no mTLS variant.
      ...(input.tls === undefined ? [] : ['--tls-cert', input.tls.certFile, '--tls-key', input.tls.keyFile]),
    ],
    files: [],
    env: {},
    storageDir,
  };
}

/** zot's `http.tls`: with `cacert` (and no auth) it requires a client certificate signed by that CA. */
function zotTls(tls: RegistryTlsFiles): Record<string, unknown> {
  return { cert: tls.certFile, key: tls.keyFile, ...(tls.clientCaFile === undefined ? {} : { cacert: tls.clientCaFile }) };
}

/**
 * zot 1.x JSON config: filesystem storage, no extensions, no access control (so deletes are allowed, for every
 * authenticated user when htpasswd Basic is on).
 */
function zotLaunch(input: RegistryLaunchInput, storageDir: string, level: string): RegistryLaunch {
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
}

/**
 * Generates the config and argv that start `product` on `127.0.0.1:port` with its storage inside `dataDir` and
 * deletes enabled. Pure: writes nothing.
 */
export function buildRegistryLaunch(input: RegistryLaunchInput): RegistryLaunch {
  const auth = input.options?.auth ?? { kind: 'none' };
  const tls = input.options?.tls ?? { kind: 'none' };
  if ((tls.kind === 'none') !== (input.tls === undefined) || (tls.kind === 'mtls') !== (input.tls?.clientCaFile !== undefined)) {
    throw new Error(`a ${tls.kind} lab registry needs exactly the matching certificate files`);
  }
  if (tls.kind === 'mtls' && input.product === 'olareg') {
    throw new Error('olareg has no client-certificate (mTLS) variant');
  }
  if (auth.kind === 'basic' && (input.product === 'olareg' || input.htpasswd === undefined)) {
    throw new Error('Basic auth lab registries are distribution or zot with an htpasswd file');
  }
  if ((auth.kind === 'token') !== (input.tokenAuth !== undefined) || (auth.kind === 'token' && input.product !== 'distribution')) {
    throw new Error('token auth lab registries are distribution with the token server settings');
  }
  const level = input.options?.logLevel ?? 'info';
  const storageDir = join(input.dataDir, 'storage');
  switch (input.product) {
    case 'distribution':
      return distributionLaunch(input, storageDir, level);
    case 'olareg':
      return oleregLaunch(input, storageDir, level);
    case 'zot':
      return zotLaunch(input, storageDir, level);
  }
}
