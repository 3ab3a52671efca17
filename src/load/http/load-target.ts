import { setTimeout as delay } from 'node:timers/promises';
import { Agent, buildConnector, Pool, request as undiciRequest, type Dispatcher } from 'undici';
import { decideOnThrottle, parseWarningTexts } from '../../client/traffic-observations.js';
import { buildSecureConnectOptions, createTlsConnectOptions, keepAliveOptions, type SecureConnectOptions } from '../../client/dispatcher.js';
import { passwordRefresher } from '../../auth/target-session.js';
import type { ResolvedTarget } from '../../config/target.js';
import type { Clock } from '../clock.js';
import type { MetricsCollector } from '../metrics/metrics-collector.js';
import type { OperationId } from '../metrics/operation-recorder.js';
import { dispatchGet, type DispatchGetResult } from './dispatch-get.js';
import { LoadAuth } from './load-auth.js';
import { LoadFailure } from './load-failure.js';
import { ReusedBufferGetPool } from './reused-buffer-get-pool.js';

/** One request of the load path. */
export interface LoadRequest {
  readonly method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';
  /** Path and query on the target, or an absolute URL (a Location header). */
  readonly path: string;
  readonly headers?: Record<string, string>;
  /** A replayable body (bytes/string) may be retried after a 401; chunks generated as they leave may not. */
  readonly body?: Uint8Array | string | Iterable<Uint8Array>;
  /** Token scope, e.g. `repository:ns/repo:pull`. */
  readonly scope: string;
  readonly signal: AbortSignal;
  /** The operation this request belongs to: its 429s and waits are counted there. */
  readonly op?: OperationId;
}

/** Response with headers read and the body still streaming. */
export interface LoadResponse {
  readonly status: number;
  readonly headers: Dispatcher.ResponseData['headers'];
  readonly body: Dispatcher.ResponseData['body'];
  /** ms from sending until the response headers arrived. */
  readonly ttfbMs: number;
}

/** Most redirects followed for one request. */
const maxRedirects = 3;

/** One header value as a string. */
export function headerValue(headers: Dispatcher.ResponseData['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** No extra request headers; frozen, so the fast GET pool may keep the request's bytes. */
const noHeaders: Readonly<Record<string, string>> = Object.freeze({});

/**
 * The load engine's connection to one registry: an undici `Pool` sized to the scenario's concurrency with keep-alive,
 * idle timeouts per request (a stalled response ends in `OCI_TIMEOUT`), bearer tokens on demand, and redirects followed
 * without credentials when they leave the origin. Nothing here records a transcript.
 */
export class LoadTarget {
  readonly target: ResolvedTarget;
  readonly clock: Clock;
  /** Where measurements go; swapped after the unmeasured setup phase. */
  metrics: MetricsCollector;
  private readonly pool: Pool;
  /** Cleartext targets: GETs whose chunks are only borrowed read into one reused buffer (see ReusedBufferGetPool). */
  private readonly borrowingPool: ReusedBufferGetPool | undefined;
  /** Everything off the target's origin (token realm, redirect hosts), with the target's TLS settings. */
  private readonly elsewhere: Agent;
  private readonly auth: LoadAuth;
  /** The protocol each off-origin host negotiated (TLS ALPN; http/1.1 on cleartext, the only one undici speaks there). */
  private readonly protocols = new Map<string, string>();

  /**
   * `connect` is the target session's TLS context (parsed once per target, or once per worker thread from the
   * session's handoff); without one the target's TLS files are read and parsed here, once for both pools.
   */
  constructor(
    target: ResolvedTarget,
    connections: number,
    clock: Clock,
    metrics: MetricsCollector,
    connect: SecureConnectOptions = buildSecureConnectOptions(createTlsConnectOptions(target)),
  ) {
    this.target = target;
    this.clock = clock;
    this.metrics = metrics;
    this.pool = new Pool(target.url, {
      connections: Math.max(1, connections),
      pipelining: 1,
      keepAliveTimeout: 30_000,
      headersTimeout: target.requestTimeoutMs,
      bodyTimeout: target.requestTimeoutMs,
      connect,
    });
    const origin = new URL(target.url);
    this.borrowingPool = origin.protocol === 'http:' ? new ReusedBufferGetPool(origin, connections, target.requestTimeoutMs, clock) : undefined;
    const connector = buildConnector(connect);
    this.elsewhere = new Agent({
      connect: (connectOptions, callback) => {
        connector(connectOptions, (...args) => {
          const socket = args[1];
          if (socket !== null) {
            const alpn = 'alpnProtocol' in socket ? socket.alpnProtocol : false;
            const port = connectOptions.port === '' ? (connectOptions.protocol === 'https:' ? '443' : '80') : connectOptions.port;
            this.protocols.set(`${connectOptions.hostname}:${port}`, typeof alpn === 'string' && alpn !== '' ? alpn : 'http/1.1');
          }
          callback(...args);
        });
      },
    });
    const refresher = passwordRefresher(target);
    // Each thread re-runs the password command itself when a password expires mid-run: the target is plain data.
    const refresh = refresher === undefined ? undefined : async () => {
      const credentials = await refresher();
      return credentials.kind === 'basic' ? credentials : target.credentials;
    };
    this.auth = new LoadAuth(target.credentials, clock, () => this.metrics, target.requestTimeoutMs, this.elsewhere, refresh);
  }

  /**
   * Sends one request. Counts the response status; transport failures propagate as undici errors for the caller to
   * classify. A 401 with a bearer challenge fetches a token and retries once when the body is replayable.
   */
  async send(req: LoadRequest): Promise<LoadResponse> {
    const started = this.clock.now();
    const sent = this.auth.authorization(req.scope);
    const replayable = req.body === undefined || typeof req.body === 'string' || req.body instanceof Uint8Array;
    let response = await this.dispatch(req, req.path, true);
    for (let retries = 0; response.statusCode === 429; retries += 1) {
      const waitMs = await this.waitOutThrottle(response.headers, retries, replayable, req.op, req.signal);
      if (waitMs === undefined) {
        break;
      }
      await response.body.dump();
      response = await this.dispatch(req, req.path, true);
    }
    if (response.statusCode === 401 && replayable) {
      const challenge = headerValue(response.headers, 'www-authenticate');
      await response.body.dump();
      this.metrics.recordResponse(401);
      if (await this.auth.onUnauthorized(challenge, req.scope, req.signal, sent)) {
        response = await this.dispatch(req, req.path, true);
      } else {
        throw new LoadFailure('auth-denied', `401 on ${req.method} ${req.path}`);
      }
    }
    this.noteWarning(response.headers);
    for (let hop = 0; hop < maxRedirects && isRedirect(response.statusCode); hop += 1) {
      const location = headerValue(response.headers, 'location');
      if (location === undefined || (req.method !== 'GET' && req.method !== 'HEAD')) {
        break;
      }
      await response.body.dump();
      this.metrics.recordResponse(response.statusCode);
      response = await this.dispatch(req, new URL(location, this.target.url).href, false);
    }
    this.metrics.recordResponse(response.statusCode);
    return { status: response.statusCode, headers: response.headers, body: response.body, ttfbMs: this.clock.now() - started };
  }

  /**
   * Same-origin GET (or HEAD) with the body handed chunk by chunk to `onChunk` (the fast path for blob pulls and
   * manifest reads, see dispatchGet). Retries once after fetching a token on a 401. A redirect is returned as is
   * (status 3xx, nothing consumed), for the caller to follow with {@link send}. With `borrowedChunks` (the caller
   * hashes or counts each chunk and keeps none), a cleartext target is read into one reused buffer instead.
   */
  async getChunks(
    path: string,
    scope: string,
    signal: AbortSignal,
    onChunk: (chunk: Buffer) => void,
    options: {
      readonly method?: 'GET' | 'HEAD';
      readonly headers?: Readonly<Record<string, string>>;
      readonly op?: OperationId;
      /** `onChunk` keeps no chunk past its call: chunks may be views of a buffer the next read overwrites. */
      readonly borrowedChunks?: boolean;
    } = {},
  ): Promise<DispatchGetResult> {
    const borrowing = options.borrowedChunks === true ? this.borrowingPool : undefined;
    let sent: string | undefined;
    const attempt = (): Promise<DispatchGetResult> => {
      const authorization = this.auth.authorization(scope);
      sent = authorization;
      // Without credentials the caller's headers go as they are (both pools only read them): no copy per request.
      const headers: Readonly<Record<string, string>> = authorization === undefined ? (options.headers ?? noHeaders) : { ...options.headers, authorization };
      return borrowing === undefined
        ? dispatchGet(this.pool, path, headers, signal, this.clock, onChunk, options.method)
        : borrowing.get(path, headers, signal, onChunk, options.method);
    };
    let result = await attempt();
    if (result.status === 401) {
      this.metrics.recordResponse(401);
      if (!(await this.auth.onUnauthorized(result.headers['www-authenticate'], scope, signal, sent))) {
        throw new LoadFailure('auth-denied', `401 on GET ${path}`);
      }
      result = await attempt();
    }
    for (let retries = 0; result.status === 429; retries += 1) {
      if ((await this.waitOutThrottle(result.headers, retries, true, options.op, signal)) === undefined) {
        break;
      }
      result = await attempt();
    }
    this.noteWarning(result.headers);
    // A redirect is a request sent and answered too: the caller follows it with a request of its own.
    this.metrics.recordResponse(result.status);
    return result;
  }

  /** The HTTP version negotiated with an off-origin host (`host:port`), once a connection to it was made. */
  protocolOf(hostAndPort: string): string | undefined {
    return this.protocols.get(hostAndPort);
  }

  /**
   * After a 429: counts it (on the operation when known), and waits out its Retry-After within the client's throttle
   * policy. Returns the wait, or undefined when the 429 is the answer (tries used up, too long a wait, a body that cannot
   * be sent again). Ctrl-C or the end of the run ends the wait with the signal's reason.
   */
  private async waitOutThrottle(
    headers: Dispatcher.ResponseData['headers'],
    retries: number,
    replayable: boolean,
    op: OperationId | undefined,
    signal: AbortSignal,
  ): Promise<number | undefined> {
    const retryAfter = headerValue(headers, 'retry-after');
    const decision = decideOnThrottle(retryAfter === undefined ? {} : { 'retry-after': retryAfter }, retries);
    const waitMs = replayable ? decision.waitMs : undefined;
    this.metrics.recordThrottle(op, waitMs);
    if (waitMs !== undefined) {
      // The 429 that is given back as the answer is counted by the caller, like any final response.
      this.metrics.recordResponse(429);
      await delay(waitMs, undefined, { signal });
    }
    return waitMs;
  }

  /** Counts the texts of a Warning header, when the response has one. */
  private noteWarning(headers: Dispatcher.ResponseData['headers']): void {
    const warning = headerValue(headers, 'warning');
    if (warning !== undefined) {
      for (const text of parseWarningTexts(warning)) {
        this.metrics.addWarning(text);
      }
    }
  }

  /** Bearer tokens fetched so far, per scope: see {@link LoadAuth.cachedTokens}. */
  cachedTokens(): [string, string][] {
    return this.auth.cachedTokens();
  }

  /** Adopts tokens from another thread's {@link cachedTokens}. */
  adoptTokens(tokens: readonly (readonly [string, string])[]): void {
    this.auth.adoptTokens(tokens);
  }

  /** Resolves a Location header against the target. */
  resolve(location: string): string {
    return new URL(location, this.target.url).href;
  }

  /** Closes the pool's connections. */
  async close(): Promise<void> {
    await Promise.all([this.pool.destroy(), this.elsewhere.destroy(), this.borrowingPool?.close()]);
  }

  /** One hop: same-origin through the pool (with auth), anything else through a one-off request without credentials. */
  private dispatch(req: LoadRequest, path: string, withAuth: boolean): Promise<Dispatcher.ResponseData> {
    const url = new URL(path, this.target.url);
    const sameOrigin = url.origin === this.target.url;
    const headers: Record<string, string> = { ...req.headers };
    const authorization = withAuth && sameOrigin ? this.auth.authorization(req.scope) : undefined;
    if (authorization !== undefined) {
      headers['authorization'] = authorization;
    }
    const options = {
      method: req.method,
      headers,
      signal: req.signal,
      ...keepAliveOptions(req.method),
      // undici documents Iterable bodies for dispatch (docs/api/Dispatcher.md, `body`) and writes one chunk per drain;
      // its type declaration lists only the stream and byte forms.
      ...(req.body === undefined ? {} : { body: req.body as NonNullable<Dispatcher.DispatchOptions['body']> }),
    };
    if (sameOrigin) {
      return this.pool.request<null>({ ...options, path: `${url.pathname}${url.search}` });
    }
    return undiciRequest(url, {
      ...options,
      dispatcher: this.elsewhere,
      headersTimeout: this.target.requestTimeoutMs,
      bodyTimeout: this.target.requestTimeoutMs,
    });
  }
}

/** 301/302/303/307/308. */
function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}
