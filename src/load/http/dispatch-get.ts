import type { Dispatcher } from 'undici';
import { keepAliveOptions } from '../../client/dispatcher.js';
import type { Clock } from '../clock.js';

/** Result of {@link dispatchGet}: status, headers and what the chunk callback saw. */
export interface DispatchGetResult {
  readonly status: number;
  readonly headers: Record<string, string>;
  /** ms from dispatch to the response headers. */
  readonly ttfbMs: number;
  readonly bytes: number;
  /** The start of the body of a non-2xx answer (its error code), at most {@link errorExcerptBytes}. */
  readonly errorText?: string;
}

/** Most bytes of a non-2xx body kept for its error code. */
const errorExcerptBytes = 16 * 1024;

/**
 * GET through `dispatcher.dispatch` with a raw handler: each body chunk goes straight to `onChunk`, with no Readable
 * stream in between. This is the pull hot path: on loopback the stream machinery of `request()` costs more CPU than
 * hashing the bytes. Chunks are only passed to `onChunk` for 2xx responses. Timeouts are the dispatcher's
 * (headersTimeout/bodyTimeout); `signal` aborts the request. `method` HEAD serves manifest HEADs the same way (no body).
 */
export function dispatchGet(
  dispatcher: Dispatcher,
  path: string,
  headers: Readonly<Record<string, string>>,
  signal: AbortSignal,
  clock: Clock,
  onChunk: (chunk: Buffer) => void,
  method: 'GET' | 'HEAD' = 'GET',
): Promise<DispatchGetResult> {
  return new Promise((resolve, reject) => {
    const started = clock.now();
    let status = 0;
    let ttfbMs = 0;
    let bytes = 0;
    const errorChunks: Buffer[] = [];
    let errorBytes = 0;
    const responseHeaders: Record<string, string> = {};
    let abortRequest: ((reason?: Error) => void) | undefined;
    const onAbort = (): void => abortRequest?.(Object.assign(new Error('request aborted'), { name: 'AbortError', code: 'UND_ERR_ABORTED' }));
    if (signal.aborted) {
      reject(Object.assign(new Error('request aborted'), { name: 'AbortError', code: 'UND_ERR_ABORTED' }));
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    const done = (): void => signal.removeEventListener('abort', onAbort);
    dispatcher.dispatch(
      { method, path, headers, ...keepAliveOptions(method) },
      {
        onConnect(abort) {
          abortRequest = abort;
        },
        onHeaders(statusCode, rawHeaders) {
          status = statusCode;
          ttfbMs = clock.now() - started;
          for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
            responseHeaders[String(rawHeaders[index]).toLowerCase()] = String(rawHeaders[index + 1]);
          }
          return true;
        },
        onData(chunk) {
          bytes += chunk.byteLength;
          if (status >= 200 && status < 300) {
            onChunk(chunk);
          } else if (errorBytes < errorExcerptBytes) {
            errorChunks.push(chunk);
            errorBytes += chunk.byteLength;
          }
          return true;
        },
        onComplete() {
          done();
          const errorText = errorChunks.length === 0 ? undefined : Buffer.concat(errorChunks).subarray(0, errorExcerptBytes).toString('utf8');
          resolve({ status, headers: responseHeaders, ttfbMs, bytes, ...(errorText === undefined ? {} : { errorText }) });
        },
        onError(error) {
          done();
          reject(error);
        },
      },
    );
  });
}
