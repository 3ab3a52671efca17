import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { Agent, type Dispatcher } from 'undici';
import type { ResolvedTarget } from '../config/target.js';
import { ConfigError } from '../errors/index.js';

/** Reads one PEM file named by a TLS setting, turning a missing file into a config error that names the setting. */
function readPem(path: string, setting: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read ${setting} ${path}`, [{ path: setting, message: 'file not readable' }], {
      cause: error,
      hint: `check the path given to ${setting}`,
    });
  }
}

/** TLS options of one target for `tls.connect` (and undici's connector): verification, extra CA, client certificate. */
export interface TlsConnectOptions {
  rejectUnauthorized: boolean;
  ca?: string[];
  cert?: string;
  key?: string;
}

/**
 * The TLS connect options of `target`, PEM files read now (a missing file is a ConfigError naming the setting).
 * `caFile` adds to the system roots rather than replacing them, so a redirect to a public storage host still verifies.
 */
export function createTlsConnectOptions(target: ResolvedTarget): TlsConnectOptions {
  const tls = target.tls;
  return {
    rejectUnauthorized: !tls.insecure,
    ...(tls.caFile === undefined ? {} : { ca: [...rootCertificates, readPem(tls.caFile, 'tls.caFile')] }),
    ...(tls.certFile === undefined ? {} : { cert: readPem(tls.certFile, 'tls.certFile') }),
    ...(tls.keyFile === undefined ? {} : { key: readPem(tls.keyFile, 'tls.keyFile') }),
  };
}

/**
 * The connection pool of one target: an undici `Agent` (one pool per origin, so redirect hosts get their own) with the
 * target's TLS settings ({@link createTlsConnectOptions}).
 */
export function createDispatcher(target: ResolvedTarget): Dispatcher {
  return new Agent({
    connect: { timeout: target.requestTimeoutMs, ...createTlsConnectOptions(target) },
    // Registries keep connections open; a longer keep-alive than undici's 4 s default saves handshakes between checks.
    keepAliveTimeout: 30_000,
    headersTimeout: target.requestTimeoutMs,
    bodyTimeout: target.requestTimeoutMs,
  });
}
