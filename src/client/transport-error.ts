import { NetworkError, TimeoutError } from '../errors/index.js';

/** undici codes that mean a time budget ran out. */
const timeoutCodes: ReadonlySet<string> = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);

/** OpenSSL / Node codes of certificate verification failures. */
const certCodes: ReadonlySet<string> = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_SIGNATURE_FAILURE',
]);

/** Every `code` and message along an error's `cause` chain (and inside AggregateErrors), outermost first. */
function collect(error: unknown): { codes: string[]; messages: string[] } {
  const codes: string[] = [];
  const messages: string[] = [];
  const queue: unknown[] = [error];
  // Bounded: cause chains are short, and a cyclic one must not hang us.
  for (let seen = 0; queue.length > 0 && seen < 16; seen += 1) {
    const current = queue.shift();
    if (typeof current !== 'object' || current === null) {
      continue;
    }
    const record = current as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
    if (typeof record.code === 'string') {
      codes.push(record.code);
    }
    if (typeof record.message === 'string' && record.message !== '') {
      messages.push(record.message);
    }
    if (record.cause !== undefined) {
      queue.push(record.cause);
    }
    if (Array.isArray(record.errors)) {
      queue.push(...(record.errors as unknown[]));
    }
  }
  return { codes, messages };
}

/** The hint for a failure, by what went wrong and which scheme was used. */
function hintFor(codes: readonly string[], messages: readonly string[], url: URL): string | undefined {
  const base = `${url.protocol}//${url.host}`;
  const has = (code: string): boolean => codes.includes(code);
  if (has('ECONNREFUSED')) {
    return `is a registry listening at ${base}? check the target url`;
  }
  if (has('ENOTFOUND') || has('EAI_AGAIN')) {
    return `the host ${url.hostname} does not resolve; check the target url`;
  }
  if (codes.some((code) => certCodes.has(code))) {
    return (
      'the server certificate is not trusted: pass its CA with --ca-file, ' +
      'or --insecure to skip verification (flagged in the report)'
    );
  }
  const text = messages.join(' ').toLowerCase();
  const tlsMismatch =
    codes.some((code) => code.startsWith('ERR_SSL_') || code === 'EPROTO') || text.includes('wrong version number');
  if (tlsMismatch) {
    return url.protocol === 'https:'
      ? `the server at ${base} does not speak TLS; use http:// for this target`
      : `the server at ${base} answered with TLS; use https:// for this target`;
  }
  if (has('UND_ERR_SOCKET') || has('ECONNRESET')) {
    return url.protocol === 'http:'
      ? `the connection to ${base} was closed; if the registry serves TLS, use https://`
      : `the connection to ${base} was closed; check the scheme, --ca-file, or the client certificate`;
  }
  return undefined;
}

/**
 * Turns a transport failure into a coded error: `TimeoutError` for undici's connect/headers/body timeouts, otherwise
 * `NetworkError` with the undici error in `cause`, the redacted `METHOD url`, and a hint on how to fix it.
 */
export function toTransportError(
  error: unknown,
  request: { readonly method: string; readonly url: URL; readonly redactedUrl: string; readonly timeoutMs: number },
): NetworkError | TimeoutError {
  const { codes, messages } = collect(error);
  const label = `${request.method} ${request.redactedUrl}`;
  const timeoutCode = codes.find((code) => timeoutCodes.has(code));
  if (timeoutCode !== undefined) {
    return new TimeoutError(`${label} timed out after ${request.timeoutMs} ms (${timeoutCode})`, request.timeoutMs, {
      cause: error,
      hint: 'the registry is slow or stalled; raise the target request timeout if it is just slow',
    });
  }
  const reason = codes[0] ?? messages[0] ?? 'unknown error';
  const hint = hintFor(codes, messages, request.url);
  return new NetworkError(`${label} failed: ${reason}`, {
    cause: error,
    request: label,
    ...(hint === undefined ? {} : { hint }),
  });
}
