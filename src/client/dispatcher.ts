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

/**
 * The connection pool of one target: an undici `Agent` (one pool per origin, so redirect hosts get their own) with the
 * target's TLS settings. `caFile` adds to the system roots rather than replacing them, so a redirect to a public
 * storage host still verifies.
 */
export function createDispatcher(target: ResolvedTarget): Dispatcher {
  const tls = target.tls;
  const connect: Record<string, unknown> = {
    timeout: target.requestTimeoutMs,
    rejectUnauthorized: !tls.insecure,
  };
  if (tls.caFile !== undefined) {
    connect['ca'] = [...rootCertificates, readPem(tls.caFile, 'tls.caFile')];
  }
  if (tls.certFile !== undefined) {
    connect['cert'] = readPem(tls.certFile, 'tls.certFile');
  }
  if (tls.keyFile !== undefined) {
    connect['key'] = readPem(tls.keyFile, 'tls.keyFile');
  }
  return new Agent({
    connect,
    // Registries keep connections open; a longer keep-alive than undici's 4 s default saves handshakes between checks.
    keepAliveTimeout: 30_000,
    headersTimeout: target.requestTimeoutMs,
    bodyTimeout: target.requestTimeoutMs,
  });
}
