import { connect } from 'node:tls';
import type { ResolvedTarget } from '../config/target.js';
import { createTlsConnectOptions } from './dispatcher.js';

/** OpenSSL codes of the alerts a server sends when it wants a (different) client certificate. */
const clientCertificateAlerts: ReadonlySet<string> = new Set([
  'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
  'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
  'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE',
  'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED',
]);

/** The alert a raw TLS connection gets after one request, or undefined when the server answered or just closed. */
function alertCode(target: ResolvedTarget, timeoutMs: number, signal?: AbortSignal): Promise<string | undefined> {
  const url = new URL(target.url);
  return new Promise((resolve) => {
    const socket = connect({
      ...createTlsConnectOptions(target),
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port: Number(url.port === '' ? 443 : url.port),
      servername: /^[\d.]+$|:/.test(url.hostname) ? '' : url.hostname,
    });
    const done = (code: string | undefined): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', abort);
      socket.destroy();
      resolve(code);
    };
    const abort = (): void => done(undefined);
    const timer = setTimeout(abort, timeoutMs);
    signal?.addEventListener('abort', abort, { once: true });
    // TLS 1.3 finishes the client side of the handshake before the server checks the client certificate, so the
    // alert only arrives on the first read: send a request to get there.
    socket.once('secureConnect', () => socket.write(`GET /v2/ HTTP/1.1\r\nHost: ${url.host}\r\nConnection: close\r\n\r\n`));
    socket.once('data', () => done(undefined));
    socket.once('error', (error: Error & { code?: unknown }) => done(typeof error.code === 'string' ? error.code : undefined));
    socket.once('close', () => done(undefined));
  });
}

/**
 * Finds out whether an https target that closed the connection on us wants a client certificate (mTLS), which undici
 * reports only as "other side closed". Returns one line naming the settings to fix, or undefined when that is not it.
 * Bounded by `timeoutMs`; opens one extra connection, only after a failure.
 */
export async function diagnoseClientCertificate(
  target: ResolvedTarget,
  timeoutMs = 3000,
  signal?: AbortSignal,
): Promise<string | undefined> {
  if (!target.url.startsWith('https:')) {
    return undefined;
  }
  let code: string | undefined;
  try {
    code = await alertCode(target, timeoutMs, signal);
  } catch {
    // Unreadable PEM files and the like are reported by the regular client; this is only a better explanation.
    return undefined;
  }
  if (code === undefined || !clientCertificateAlerts.has(code)) {
    return undefined;
  }
  const alert = code.replace(/^ERR_SSL_(?:TLSV13|SSLV3|TLSV1)_ALERT_/, '').toLowerCase().replace(/_/g, ' ');
  return target.tls.certFile === undefined
    ? `cannot reach ${target.url}: the registry requires a client certificate (TLS alert: ${alert}); set tls.certFile and tls.keyFile (--cert-file/--key-file)`
    : `cannot reach ${target.url}: the registry rejected the client certificate ${target.tls.certFile} (TLS alert: ${alert}); use one signed by a CA the registry trusts`;
}
