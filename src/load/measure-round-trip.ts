import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { isIP } from 'node:net';
import type { SecureConnectOptions } from '../client/dispatcher.js';
import type { RoundTrip } from '../model/index.js';

/** Options of {@link measureRoundTrip}. */
export interface MeasureRoundTripOptions {
  /** Fresh connections to time. @default 5 */
  readonly samples?: number;
  /** Budget of one sample, connect to first byte. @default 5000 */
  readonly timeoutMs?: number;
  /** The target's TLS settings (its CA, client certificate, --insecure) for https targets. */
  readonly tls?: SecureConnectOptions;
  readonly signal?: AbortSignal;
}

/** One fresh connection's timings, in milliseconds. */
interface Sample {
  readonly connectMs: number;
  readonly tlsMs?: number;
  readonly firstByteMs: number;
  readonly totalMs: number;
}

/** Median of a non-empty list. */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Times one new connection: TCP connect, TLS handshake, then `GET /v2/` written until its first response byte. */
function sampleOnce(url: URL, options: MeasureRoundTripOptions): Promise<Sample> {
  const https = url.protocol === 'https:';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port === '' ? (https ? 443 : 80) : url.port);
  const path = `${url.pathname.replace(/\/+$/, '')}/v2/`;
  return new Promise<Sample>((resolve, reject) => {
    const started = performance.now();
    let connectedAt = 0;
    let secureAt: number | undefined;
    let writtenAt = 0;
    const sockets: Socket[] = [];
    const finish = (error: Error | undefined, sample?: Sample): void => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      for (const socket of sockets) {
        socket.destroy();
      }
      if (error === undefined && sample !== undefined) {
        resolve(sample);
      } else {
        reject(error ?? new Error('no sample'));
      }
    };
    const onAbort = (): void => finish(new Error('interrupted'));
    const timeoutMs = options.timeoutMs ?? 5000;
    const timer = setTimeout(() => finish(new Error(`no answer from ${url.host} within ${timeoutMs} ms`)), timeoutMs);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const request = (socket: Socket): void => {
      socket.once('data', () => {
        const now = performance.now();
        finish(undefined, {
          connectMs: connectedAt - started,
          ...(secureAt === undefined ? {} : { tlsMs: secureAt - connectedAt }),
          firstByteMs: now - writtenAt,
          totalMs: now - started,
        });
      });
      writtenAt = performance.now();
      socket.write(`GET ${path} HTTP/1.1\r\nHost: ${url.host}\r\nUser-Agent: regatta\r\nConnection: close\r\n\r\n`);
    };
    const tcp = connectTcp({ host, port });
    sockets.push(tcp);
    tcp.once('error', (error) => finish(error));
    tcp.once('connect', () => {
      connectedAt = performance.now();
      if (!https) {
        request(tcp);
        return;
      }
      const secure = connectTls({
        socket: tcp,
        ...(isIP(host) === 0 ? { servername: host } : {}),
        ALPNProtocols: ['http/1.1'],
        rejectUnauthorized: options.tls?.rejectUnauthorized ?? true,
        ...(options.tls?.secureContext === undefined ? {} : { secureContext: options.tls.secureContext }),
      });
      sockets.push(secure);
      secure.once('error', (error: Error) => finish(error));
      secure.once('secureConnect', () => {
        secureAt = performance.now();
        request(secure);
      });
    });
  });
}

/**
 * The round trip to the target's `/v2/` on fresh connections (no pooling, no credentials sent): the median of each
 * phase over the samples, measured just before a bench so its figures are read with the distance in mind. Never
 * throws: a target that cannot be measured gets a round trip that says why.
 */
export async function measureRoundTrip(baseUrl: string, options: MeasureRoundTripOptions = {}): Promise<RoundTrip> {
  const count = options.samples ?? 5;
  const samples: Sample[] = [];
  try {
    const url = new URL(baseUrl);
    for (let index = 0; index < count; index += 1) {
      samples.push(await sampleOnce(url, options));
    }
  } catch (error) {
    return { samples: samples.length, connectMs: 0, firstByteMs: 0, totalMs: 0, error: error instanceof Error ? error.message : String(error) };
  }
  const tls = samples.flatMap((sample) => (sample.tlsMs === undefined ? [] : [sample.tlsMs]));
  return {
    samples: samples.length,
    connectMs: median(samples.map((sample) => sample.connectMs)),
    ...(tls.length === 0 ? {} : { tlsMs: median(tls) }),
    firstByteMs: median(samples.map((sample) => sample.firstByteMs)),
    totalMs: median(samples.map((sample) => sample.totalMs)),
  };
}
