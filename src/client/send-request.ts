import { setTimeout as delay } from 'node:timers/promises';
import { AuthError, InterruptedError, NetworkError } from '../errors/index.js';
import type { AuthProvider, AuthRequest } from './auth-provider.js';
import { isLoopbackHost, isSameOrigin } from './location.js';
import { redactUrl } from './redact.js';
import type { PreparedBody } from './request-body.js';
import { createRegistryResponse } from './response-body.js';
import { sendHop, type HopContext, type HopResponse } from './send-hop.js';
import { decideOnThrottle, defaultThrottlePolicy, throttleBodyOf, type ThrottlePolicy, type TrafficObservations } from './traffic-observations.js';

/** Redirect hops followed before the last 3xx is handed back as data. */
export const MAX_REDIRECTS = 5;

const redirectStatuses: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** Headers that carry credentials: never sent to an origin other than the one they were meant for. */
const credentialHeaders = ['authorization', 'proxy-authorization', 'cookie'] as const;

/** Everything a request needs beyond one hop: the target's origin, auth, and defaults. */
export interface SendContext extends HopContext {
  readonly targetUrl: URL;
  readonly auth: AuthProvider | undefined;
  /** `tls.insecure`: allows credentials over plain HTTP to a non-loopback host (flagged in reports). */
  readonly allowPlainHttpCredentials: boolean;
  readonly userAgent: string;
  /** Where 429s and Warning headers are counted; without it a 429 is given back at once, never waited out. */
  readonly observations?: TrafficObservations;
  /** @default {@link defaultThrottlePolicy} */
  readonly throttlePolicy?: ThrottlePolicy;
}

/** One logical request, possibly spanning redirect hops and one auth retry. */
export interface SendRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>> | undefined;
  readonly body: PreparedBody | undefined;
  readonly scopes: readonly string[];
  readonly timeoutMs: number;
  readonly deadline: boolean;
  readonly followRedirects: boolean;
  readonly signal: AbortSignal | undefined;
  readonly sink: ((chunk: Uint8Array) => boolean | void) | undefined;
}

/** The final hop's response with where it came from. */
export interface SendResult {
  readonly response: HopResponse;
  /** The final hop's method: a 303 (or a 301/302 after POST) turns it into GET. */
  readonly method: string;
  readonly url: URL;
  readonly redirects: readonly string[];
}

/** Refuses to put credentials on the wire in clear text to a host beyond this machine, unless told `--insecure`. */
function assertCredentialsMaySend(context: SendContext, url: URL): void {
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname) && !context.allowPlainHttpCredentials) {
    throw new AuthError(`refusing to send credentials over plain http to ${url.host}`, {
      hint: 'use an https:// target url, or pass --insecure to allow it (flagged in the report)',
    });
  }
}

/**
 * A 401 (`unauthorized`), or a 403 whose Bearer challenge says `insufficient_scope` (`scope`: the token was too
 * narrow). Each is worth one new token, so a request can meet both: a 401 first, then a too-narrow grant.
 */
function authFailureOf(response: HopResponse): 'unauthorized' | 'scope' | undefined {
  if (response.status === 401) {
    return 'unauthorized';
  }
  const insufficient = response.status === 403 && /insufficient_scope/i.test(response.headers['www-authenticate'] ?? '');
  return insufficient ? 'scope' : undefined;
}

/** Lower-cases caller header names; later duplicates win. */
function lowerCaseHeaders(headers: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    out[name.toLowerCase()] = value;
  }
  return out;
}

/** Method and body after a redirect: 303 (and 301/302 after POST, as browsers and Go do) become a bodiless GET. */
function methodAfterRedirect(status: number, method: string): { method: string; keepBody: boolean } {
  if (method === 'HEAD') {
    return { method, keepBody: false };
  }
  if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) {
    return { method: 'GET', keepBody: false };
  }
  return { method, keepBody: true };
}

/** Waits out a 429; Ctrl-C or the check's budget ends the wait with the caller's reason. */
async function waitOut(ms: number, signal: AbortSignal | undefined, label: string): Promise<void> {
  try {
    await delay(ms, undefined, signal === undefined ? {} : { signal });
  } catch (error) {
    const reason: unknown = signal?.reason;
    throw reason instanceof Error ? reason : new InterruptedError(`${label} was aborted while waiting out a 429`, { cause: error });
  }
}

/**
 * Sends a request: adds auth for the target's own origin, retries once after a 401 (and once after a 403
 * `insufficient_scope`) when the provider says a retry may help and the body can be replayed, and follows up to {@link MAX_REDIRECTS} redirects by hand so that each hop
 * is its own transcript exchange and credentials never cross to another origin.
 */
export async function sendRequest(context: SendContext, request: SendRequest): Promise<SendResult> {
  const callerHeaders = lowerCaseHeaders(request.headers);
  callerHeaders['user-agent'] ??= context.userAgent;
  const originalUrl = request.url;
  const redirects: string[] = [];
  let method = request.method.toUpperCase();
  let url = request.url;
  let body = request.body;
  // A caller that sets its own Authorization (the auth suite's wrong password) must see the 401, not a retry.
  let authRetried = callerHeaders['authorization'] !== undefined;
  let scopeRetried = authRetried;
  const throttlePolicy = context.throttlePolicy ?? defaultThrottlePolicy;
  let throttleRetries = 0;
  // Bounded: at most MAX_REDIRECTS redirects, one 401 retry, one insufficient_scope retry and the 429 retries.
  for (let attempt = 0; attempt <= MAX_REDIRECTS + 2 + throttlePolicy.maxRetries; attempt += 1) {
    const headers = { ...callerHeaders };
    if (!isSameOrigin(url, originalUrl)) {
      for (const name of credentialHeaders) {
        delete headers[name];
      }
    }
    if (body === undefined) {
      delete headers['content-type'];
      delete headers['content-length'];
    }
    const authRequest: AuthRequest = { method, url, scopes: request.scopes };
    const onTarget = isSameOrigin(url, context.targetUrl);
    if (onTarget && context.auth !== undefined && headers['authorization'] === undefined) {
      const authorization = await context.auth.authorization(authRequest);
      if (authorization !== undefined) {
        headers['authorization'] = authorization;
      }
    }
    if (headers['authorization'] === '') {
      // An empty caller Authorization means "send none": the auth suite's request without credentials.
      delete headers['authorization'];
    }
    if (headers['authorization'] !== undefined || headers['cookie'] !== undefined) {
      assertCredentialsMaySend(context, url);
    }
    const response = await sendHop(context, {
      method,
      url,
      headers,
      body,
      timeoutMs: request.timeoutMs,
      deadline: request.deadline,
      signal: request.signal,
      sink: request.sink,
    });
    const replayable = body === undefined || body.replayable;
    const warning = response.headers['warning'];
    if (warning !== undefined) {
      context.observations?.recordWarning(warning);
    }
    if (response.status === 429 && context.observations !== undefined) {
      // Waited out within the policy and counted, never hidden: each 429 is also its own transcript exchange.
      const decision = decideOnThrottle(response.headers, throttleRetries, throttlePolicy);
      const waitMs = replayable ? decision.waitMs : undefined;
      context.observations.recordThrottle({
        method,
        url: redactUrl(url.toString()),
        ...(decision.retryAfter === undefined ? {} : { retryAfter: decision.retryAfter }),
        ...throttleBodyOf(response.body),
        waitedMs: waitMs ?? 0,
        retried: waitMs !== undefined,
      });
      if (waitMs !== undefined) {
        throttleRetries += 1;
        await waitOut(waitMs, request.signal, `${method} ${redactUrl(url.toString())}`);
        continue;
      }
    }
    const authFailure = authFailureOf(response);
    const retried = authFailure === 'scope' ? scopeRetried : authRetried;
    if (authFailure !== undefined && onTarget && context.auth !== undefined && !retried && replayable) {
      if (authFailure === 'scope') {
        scopeRetried = true;
      } else {
        authRetried = true;
      }
      const asData = createRegistryResponse({ ...response, method, url: url.toString(), redirects });
      if (await context.auth.onUnauthorized(asData, authRequest)) {
        continue;
      }
    }
    const location = response.headers['location'];
    if (!request.followRedirects || !redirectStatuses.has(response.status) || location === undefined) {
      return { response, method, url, redirects };
    }
    if (redirects.length >= MAX_REDIRECTS) {
      return { response, method, url, redirects };
    }
    const next = new URL(location, url);
    const after = methodAfterRedirect(response.status, method);
    if (after.keepBody && body !== undefined && !body.replayable) {
      const label = `${method} ${redactUrl(url.toString())}`;
      throw new NetworkError(
        `${label} was redirected (${response.status}) to ${redactUrl(next.toString())}, ` +
          'but its streamed body cannot be sent again',
        {
          request: label,
          hint: 'the registry redirects uploads; send this body from memory so it can follow the redirect',
        },
      );
    }
    if (!after.keepBody) {
      body = undefined;
    }
    method = after.method;
    redirects.push(redactUrl(next.toString()));
    url = next;
  }
  // Unreachable: every path through the loop returns or continues at most MAX_REDIRECTS + 2 times.
  throw new Error('sendRequest: redirect loop bound exceeded');
}
