import type { RegistryClient, RegistryResponse } from '../client/types.js';
import { HarnessError, NetworkError, TimeoutError } from '../errors/index.js';
import type { TargetResult } from '../model/index.js';

/** What the reachability probe found: a registry (with its product, when recognised) or one clear reason why not. */
export type TargetProbe =
  | {
      readonly ok: true;
      readonly product?: NonNullable<TargetResult['product']>;
      /** Status of the final `GET /v2/` (after the auth layer did what it could): 401 means no way in. */
      readonly status: number;
    }
  | { readonly ok: false; readonly error: string };

/** The innermost message and every string `code` of a transport failure (undici hides the useful part in `cause`). */
function rootCause(error: unknown): { readonly message: string; readonly codes: readonly string[] } {
  const codes: string[] = [];
  let message = error instanceof Error ? error.message : String(error);
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current instanceof Error; depth += 1) {
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === 'string' && !code.startsWith('OCI_')) {
      codes.push(code);
    }
    message = current.message;
    current = current.cause;
  }
  // OpenSSL messages span lines and carry source paths; keep the reason phrase only, on one line.
  const reason = /:([a-z][a-z ]+):[^:]*\.c:\d+/i.exec(message)?.[1] ?? message;
  return { message: reason.replace(/\s+/g, ' ').trim(), codes };
}

/** One line saying why `url` could not be reached, with the likely fix when we recognise the failure. */
export function describeUnreachable(url: string, error: unknown): string {
  if (error instanceof TimeoutError) {
    return `cannot reach ${url}: no answer within ${error.timeoutMs} ms`;
  }
  const { message, codes } = rootCause(error);
  const text = `${message} ${codes.join(' ')}`.toLowerCase();
  const why = codes.length > 0 ? `${message} [${codes[codes.length - 1] ?? ''}]` : message;
  if (url.startsWith('https:') && /ssl|tls|wrong version|eproto|handshake|packet length/.test(text)) {
    return `cannot reach ${url}: TLS handshake failed (${why}); is the port plain HTTP? try http://`;
  }
  if (/cert|self.signed|unable to verify|altname/.test(text)) {
    return `cannot reach ${url}: TLS certificate rejected (${why}); set tls.caFile or tls.insecure for this target`;
  }
  if (url.startsWith('http:') && /socket hang up|other side closed|econnreset|und_err_socket/.test(text)) {
    return `cannot reach ${url}: the connection was closed (${why}); is the port HTTPS? try https://`;
  }
  if (/econnrefused/.test(text)) {
    return `cannot reach ${url}: connection refused; is the registry running on that port?`;
  }
  if (/enotfound|eai_again/.test(text)) {
    return `cannot reach ${url}: host not found`;
  }
  const hint = error instanceof HarnessError ? error.hint : undefined;
  return hint === undefined ? `cannot reach ${url}: ${why}` : `cannot reach ${url}: ${why}; ${hint}`;
}

/** True when a `GET /v2/` answer looks like a registry's (200 with the API header or a JSON body, or 401). */
function looksLikeRegistry(ping: RegistryResponse): boolean {
  if (ping.status === 401) {
    return true;
  }
  if (ping.status !== 200) {
    return false;
  }
  if (ping.headers['docker-distribution-api-version'] !== undefined) {
    return true;
  }
  return (ping.headers['content-type'] ?? '').includes('json') && ping.json() !== undefined;
}

/**
 * Guesses the product from headers and how it answers extension paths: zot serves `/v2/_zot/ext/discover` (2.x) or
 * `/v2/_oci/ext/discover` (1.4); olareg answers unknown paths with a bare 404 (no body, no type); distribution with
 * Go's `404 page not found` carrying its API header. A `Server` header wins over the guesses. Undefined when nothing
 * identifies it.
 */
async function detectProduct(
  client: RegistryClient,
  ping: RegistryResponse,
  signal: AbortSignal,
): Promise<NonNullable<TargetResult['product']> | undefined> {
  const server = ping.headers['server'];
  const match = server === undefined ? null : /^([^/\s]+)(?:\/(\S+))?/.exec(server);
  if (match?.[1] !== undefined) {
    return { name: match[1].toLowerCase(), ...(match[2] === undefined ? {} : { version: match[2] }) };
  }
  const apiHeader = (response: RegistryResponse): boolean =>
    response.headers['docker-distribution-api-version'] === 'registry/2.0';
  try {
    const zot = await client.request('GET', '/v2/_zot/ext/discover', { signal });
    if (zot.status === 200) {
      return { name: 'zot' };
    }
    const oci = await client.request('GET', '/v2/_oci/ext/discover', { signal });
    if (oci.status === 200) {
      return { name: 'zot' };
    }
    if (zot.status === 404 && apiHeader(zot) && zot.body.length === 0 && zot.headers['content-type'] === undefined) {
      return { name: 'olareg' };
    }
    if (zot.status === 404 && apiHeader(zot) && zot.text().startsWith('404 page not found')) {
      return { name: 'distribution' };
    }
  } catch {
    // Product detection is best effort; the ping already proved the target is reachable.
  }
  return apiHeader(ping) ? { name: 'distribution-compatible' } : undefined;
}

/**
 * Checks that the target answers and is a registry before any suite runs: an unreachable host, a plain web server,
 * the wrong scheme or TLS to a plain port yield one clear line instead of a hundred errored checks.
 */
export async function probeTarget(client: RegistryClient, signal: AbortSignal): Promise<TargetProbe> {
  let ping: RegistryResponse;
  try {
    ping = await client.ping({ signal });
  } catch (error) {
    if (error instanceof NetworkError || error instanceof TimeoutError || !(error instanceof HarnessError)) {
      return { ok: false, error: describeUnreachable(client.baseUrl, error) };
    }
    return { ok: false, error: `${client.baseUrl}: ${error.message}` };
  }
  if (!looksLikeRegistry(ping)) {
    const type = ping.headers['content-type'] ?? 'no content type';
    return {
      ok: false,
      error: `${client.baseUrl} is not an OCI registry: GET /v2/ answered ${ping.status} (${type}) without the registry API header`,
    };
  }
  const product = await detectProduct(client, ping, signal);
  return product === undefined ? { ok: true, status: ping.status } : { ok: true, product, status: ping.status };
}
