import type { Dispatcher } from 'undici';
import { ConformanceFailure, InterruptedError, TimeoutError } from '../errors/index.js';
import type { Exchange } from '../model/index.js';
import { keepAliveOptions } from './dispatcher.js';
import { exchangeSignal } from './exchange-signal.js';
import { redactBodyText, redactHeaders, redactSecrets, redactUrl } from './redact.js';
import { prepareBody, type PreparedBody } from './request-body.js';
import { EXCERPT_BYTES, excerptOf, normalizeHeaders, readBounded } from './response-body.js';
import { toTransportError } from './transport-error.js';
import type { TranscriptRecorder } from './types.js';

/** What every hop shares: the pool, where exchanges go, and how to redact them. */
export interface HopContext {
  readonly dispatcher: Dispatcher;
  readonly recorder: TranscriptRecorder | undefined;
  /** Secrets known right now (credentials, tokens), replaced literally in transcripts. */
  readonly secrets: () => readonly string[];
  readonly maxBufferedBodyBytes: number;
}

/** One HTTP request on the wire: no redirects, no auth logic. */
export interface HopRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: PreparedBody | undefined;
  readonly timeoutMs: number;
  /**
   * When true the whole exchange must finish within `timeoutMs`; when false only the connect, headers and
   * between-chunk body timeouts apply (big streamed blobs, whose total time grows with their size).
   */
  readonly deadline: boolean;
  readonly signal: AbortSignal | undefined;
  /** Receives the body of a 2xx response chunk by chunk instead of buffering it (blob downloads). */
  /** Receives the body; returning false stops the read there (a body past what the caller will take). */
  readonly sink: ((chunk: Uint8Array) => boolean | void) | undefined;
}

/** One hop's response; `body` is empty when a sink consumed it. */
export interface HopResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Uint8Array;
  readonly bodyTruncated: boolean;
  /** Body bytes received (all of them in sink mode; the kept ones otherwise). */
  readonly bodyBytes: number;
}

/** Methods that carry a body; sent with `Content-Length: 0` when the caller gave none, as registries require. */
const bodyMethods: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH']);

/** The body fields of a response whose body was not buffered. */
const emptyBody = { body: new Uint8Array(0), bodyTruncated: false } as const;

/**
 * Reads a body into a sink, keeping only the first bytes for the transcript excerpt; stops (truncated) when the sink
 * returns false, so an endless body is not read until the timeout.
 */
async function drainToSink(
  body: AsyncIterable<Uint8Array>,
  sink: (chunk: Uint8Array) => boolean | void,
): Promise<{ head: Uint8Array; total: number; truncated: boolean }> {
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let total = 0;
  for await (const chunk of body) {
    const more = sink(chunk);
    total += chunk.byteLength;
    if (headBytes < EXCERPT_BYTES) {
      const part = chunk.subarray(0, EXCERPT_BYTES - headBytes);
      head.push(Buffer.from(part));
      headBytes += part.byteLength;
    }
    if (more === false) {
      return { head: Buffer.concat(head, headBytes), total, truncated: true };
    }
  }
  return { head: Buffer.concat(head, headBytes), total, truncated: false };
}

/** Records one exchange, redacted. Recording must never break a request, so recorder errors are swallowed. */
function record(
  context: HopContext,
  request: HopRequest,
  startedAt: Date,
  outcome: { response?: HopResponse & { excerptSource: Uint8Array }; error?: string },
): void {
  if (context.recorder === undefined) {
    return;
  }
  const secrets = context.secrets();
  const requestExcerpt = excerptOf(request.body?.bytes, request.headers['content-type']);
  const sentBytes = request.body?.sentBytes();
  // undici adds Content-Length for in-memory bodies; show it, since registries care about it (chunked vs streamed).
  const length = request.body?.length;
  const sentHeaders =
    length === undefined || request.headers['content-length'] !== undefined
      ? request.headers
      : { ...request.headers, 'content-length': String(length) };
  const exchange: Exchange = {
    request: {
      method: request.method,
      url: redactSecrets(redactUrl(request.url.toString()), secrets),
      headers: redactHeaders(sentHeaders, secrets),
      ...(sentBytes === undefined ? {} : { bodyBytes: sentBytes }),
      ...(requestExcerpt === undefined ? {} : { bodyExcerpt: redactBodyText(requestExcerpt, secrets) }),
    },
    startedAt: startedAt.toISOString(),
    durationMs: Math.max(0, Date.now() - startedAt.getTime()),
  };
  if (outcome.response !== undefined) {
    const excerpt = excerptOf(outcome.response.excerptSource, outcome.response.headers['content-type']);
    exchange.response = {
      status: outcome.response.status,
      headers: redactHeaders(outcome.response.headers, secrets),
      bodyBytes: outcome.response.bodyBytes,
      ...(excerpt === undefined ? {} : { bodyExcerpt: redactBodyText(excerpt, secrets) }),
    };
  }
  if (outcome.error !== undefined) {
    exchange.error = redactSecrets(outcome.error, secrets);
  }
  try {
    context.recorder.record(exchange);
  } catch {
    // A broken recorder loses a transcript line; it must not turn a registry answer into an error.
  }
}

/**
 * Why a failure is the registry breaking HTTP itself, or undefined: a response undici could not parse (a control
 * character in a header), headers beyond its limit, or a body the server ended (clean close) before its
 * Content-Length was met. A reset or a timeout stays a network matter: it may be anything on the way.
 */
function invalidHttpReason(error: unknown, headersSeen: boolean): string | undefined {
  const failure = error as { name?: unknown; code?: unknown; message?: unknown } | null;
  const message = typeof failure?.message === 'string' ? failure.message : '';
  if (failure?.name === 'HTTPParserError') {
    return `a response that is not valid HTTP/1.1 (${message})`;
  }
  if (failure?.code === 'UND_ERR_HEADERS_OVERFLOW') {
    return 'response headers larger than any client accepts';
  }
  if (headersSeen && failure?.code === 'UND_ERR_SOCKET' && /other side closed/.test(message)) {
    return 'a response body cut short: the registry closed the connection before sending what it announced';
  }
  return undefined;
}

/** Maps a failure: our deadline → TimeoutError, the caller's abort → its reason, invalid HTTP → the registry's failure, anything else → transport error. */
function classify(error: unknown, request: HopRequest, timedOut: boolean, headersSeen: boolean): Error {
  const redactedUrl = redactUrl(request.url.toString());
  if (timedOut) {
    return new TimeoutError(`${request.method} ${redactedUrl} timed out after ${request.timeoutMs} ms`, request.timeoutMs, {
      cause: error,
      hint: 'the registry is slow or stalled; raise the target request timeout if it is just slow',
    });
  }
  if (request.signal?.aborted === true) {
    const reason: unknown = request.signal.reason;
    return reason instanceof Error ? reason : new InterruptedError(`${request.method} ${redactedUrl} was aborted`);
  }
  const invalid = invalidHttpReason(error, headersSeen);
  if (invalid !== undefined) {
    // RFC 9112 (HTTP/1.1 message syntax): the registry, not the harness or the network, broke the exchange.
    return new ConformanceFailure(`${request.method} ${redactedUrl}: the registry sent ${invalid}`, {
      expected: 'a well-formed HTTP/1.1 response (RFC 9112)',
      actual: invalid,
      method: request.method,
      url: redactedUrl,
    });
  }
  return toTransportError(error, { method: request.method, url: request.url, redactedUrl, timeoutMs: request.timeoutMs });
}

/**
 * Sends one request and reads its response (buffered up to the cap, or into the sink), records the exchange, and
 * maps transport failures to coded errors. Non-2xx responses are returned, never thrown.
 */
export async function sendHop(context: HopContext, given: HopRequest): Promise<HopResponse> {
  const startedAt = new Date();
  const request: HopRequest =
    given.body === undefined && bodyMethods.has(given.method) ? { ...given, body: prepareBody(new Uint8Array(0)) } : given;
  const exchange = exchangeSignal(request.deadline ? request.timeoutMs : undefined, request.signal);
  const body = request.body?.open();
  let partial: { status: number; headers: Record<string, string> } | undefined;
  let responseBody: { destroy(): unknown } | undefined;
  try {
    const response = await context.dispatcher.request({
      origin: request.url.origin,
      path: `${request.url.pathname}${request.url.search}`,
      method: request.method,
      headers: request.headers,
      body: body ?? null,
      signal: exchange.signal ?? null,
      headersTimeout: request.timeoutMs,
      bodyTimeout: request.timeoutMs,
      ...keepAliveOptions(request.method),
    });
    responseBody = response.body;
    const headers = normalizeHeaders(response.headers);
    partial = { status: response.statusCode, headers };
    const ok = response.statusCode >= 200 && response.statusCode < 300;
    let result: HopResponse & { excerptSource: Uint8Array };
    if (request.sink !== undefined && ok && request.method !== 'HEAD') {
      const drained = await drainToSink(response.body, request.sink);
      if (drained.truncated) {
        response.body.destroy();
      }
      result = { ...partial, ...emptyBody, bodyTruncated: drained.truncated, bodyBytes: drained.total, excerptSource: drained.head };
    } else {
      const buffered = await readBounded(response.body, context.maxBufferedBodyBytes);
      if (buffered.truncated) {
        response.body.destroy();
      }
      result = {
        ...partial,
        body: buffered.bytes,
        bodyTruncated: buffered.truncated,
        bodyBytes: buffered.bytes.byteLength,
        excerptSource: buffered.bytes,
      };
    }
    record(context, request, startedAt, { response: result });
    const { excerptSource: _unused, ...plain } = result;
    return plain;
  } catch (error) {
    // A half-read body (sink failure, timeout) must not keep its connection busy.
    responseBody?.destroy();
    const mapped = classify(error, request, exchange.timedOut(), partial !== undefined);
    record(context, request, startedAt, {
      ...(partial === undefined
        ? {}
        : { response: { ...partial, ...emptyBody, bodyBytes: 0, excerptSource: new Uint8Array(0) } }),
      error: mapped.message,
    });
    throw mapped;
  } finally {
    exchange.dispose();
  }
}
