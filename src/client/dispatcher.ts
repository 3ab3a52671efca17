import { readFileSync } from 'node:fs';
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
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

/** TLS options for undici's connector with the certificates parsed already: what every connection of a target reuses. */
export interface SecureConnectOptions {
  rejectUnauthorized: boolean;
  secureContext?: SecureContext;
}

/**
 * Parses the PEM texts of `options` into one TLS context. Given as `ca`, Node parses the whole bundle (system roots
 * plus the CA file) on every connection: with `--ca-file` a token + TLS run was 3.6x slower and used 4x the memory.
 * Without extra certificates Node's shared default context is used.
 */
export function buildSecureConnectOptions(options: TlsConnectOptions): SecureConnectOptions {
  const { rejectUnauthorized, ...material } = options;
  if (material.ca === undefined && material.cert === undefined && material.key === undefined) {
    return { rejectUnauthorized };
  }
  return { rejectUnauthorized, secureContext: createSecureContext(material) };
}

/** Request options that keep a HEAD's connection open for the next request. */
const keepAfterHead = { reset: false } as const;

/**
 * The request options that keep the connection open after a request of `method`. undici closes it after every HEAD, in
 * case a server sends a body anyway; registries do not, and their clients (Go's net/http, curl, Node's http) keep it.
 * A conformance run makes ~1,000 HEADs: a new connection for each cost 4x the client CPU and 1.4x the registry's per
 * HEAD (distribution v3), and in load it would measure TCP setup instead of the registry.
 */
export function keepAliveOptions(method: string): { readonly reset?: false } {
  return method === 'HEAD' ? keepAfterHead : {};
}

/**
 * A connection pool with a target's TLS settings: an undici `Agent` (one pool per origin, so redirect hosts and the
 * token realm get their own). `connect` is built once per target session and shared by all of its agents.
 */
export function createDispatcher(
  target: ResolvedTarget,
  connect: SecureConnectOptions = buildSecureConnectOptions(createTlsConnectOptions(target)),
): Dispatcher {
  return new Agent({
    connect: { timeout: target.requestTimeoutMs, ...connect },
    // Registries keep connections open; a longer keep-alive than undici's 4 s default saves handshakes between checks.
    keepAliveTimeout: 30_000,
    headersTimeout: target.requestTimeoutMs,
    bodyTimeout: target.requestTimeoutMs,
  });
}

/**
 * Closes a pool, destroying what is still in flight after `graceMs`: a check ended by an interrupt or a stalled target
 * may leave a request on the wire that would otherwise hold the run for a whole request timeout.
 */
export async function closeWithin(dispatcher: Dispatcher, graceMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), graceMs);
  });
  // Once destroyed, the pending close may reject: that is the outcome asked for, not an error.
  const closing = dispatcher.close().then(
    () => 'closed' as const,
    () => 'closed' as const,
  );
  try {
    if ((await Promise.race([closing, late])) === 'late') {
      await dispatcher.destroy().catch(() => undefined);
    }
  } finally {
    clearTimeout(timer);
  }
}
