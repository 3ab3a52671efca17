import { join } from 'node:path';
import type { LabRegistryProduct } from './lab-component.js';
import type { LabRegistryOptions } from './lab-registry-options.js';
import { labProducts } from './products/index.js';

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

/** PEM files a TLS lab registry serves with. */
export interface RegistryTlsFiles {
  readonly certFile: string;
  readonly keyFile: string;
  /** CA whose client certificates an mTLS registry requires; absent for server-only TLS. */
  readonly clientCaFile?: string;
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
  const product = labProducts[input.product];
  const gap = tls.kind === 'mtls' ? product.mtlsGap(auth.kind) : undefined;
  if (gap !== undefined) {
    throw new Error(`${gap}: no mTLS variant`);
  }
  if (auth.kind !== 'none' && !product.authVariants.includes(auth.kind)) {
    throw new Error(`${input.product} has no ${auth.kind} auth variant`);
  }
  if (input.options?.referrersApi === false && product.referrersApi === 'always') {
    throw new Error(`${input.product} always serves the referrers API: it cannot start without it`);
  }
  if ((auth.kind === 'basic') !== (input.htpasswd !== undefined)) {
    throw new Error('a Basic auth lab registry needs exactly an htpasswd file');
  }
  if ((auth.kind === 'token') !== (input.tokenAuth !== undefined)) {
    throw new Error('a token auth lab registry needs exactly the token server settings');
  }
  return product.launch(input, join(input.dataDir, 'storage'), input.options?.logLevel ?? 'info');
}
