/**
 * Helpers of the auth suite: the registry's challenge, raw token requests made with chosen credentials (a wrong
 * password, the pull-only account, none), and requests sent with an explicit Authorization so the client's own auth
 * layer neither adds credentials nor retries. Tokens never leave these helpers except as request headers, which
 * transcripts redact.
 */
import { request } from 'undici';
import { basicEncoded } from '../../src/auth/auth-credentials.js';
import { parseChallenges } from '../../src/auth/challenge.js';
import { tokenGetUrl, tokenOfBody } from '../../src/auth/fetch-token.js';
import { createDispatcher } from '../../src/client/dispatcher.js';
import { isLoopbackHost } from '../../src/client/location.js';
import type { RegistryResponse } from '../../src/client/types.js';
import type { TargetCredentials } from '../../src/config/target.js';
import type { CheckContext } from '../../src/conformance/define-suite.js';
import { AuthError, UnsupportedApiError } from '../../src/errors/index.js';

/** An empty Authorization header tells the client to send none, bypassing the target's credentials. */
export const noCredentials = { authorization: '' };

/** Basic credentials as an Authorization header value. */
export function basicAuthorization(credentials: Extract<TargetCredentials, { kind: 'basic' }>): string {
  return `Basic ${basicEncoded(credentials.username, credentials.password)}`;
}

/** Skips when the target has no credentials of its own: there is nothing to compare an anonymous answer with. */
export function requireCredentials(ctx: CheckContext): void {
  if (ctx.target.credentials.kind === 'anonymous') {
    throw new UnsupportedApiError('the target is anonymous; give it credentials to run the auth checks', 'auth-credentials');
  }
}

/** `GET /v2/` without credentials; skipped when the registry lets anonymous clients in (200). */
export async function anonymousPing(ctx: CheckContext): Promise<RegistryResponse> {
  requireCredentials(ctx);
  const response = await ctx.client.ping({ headers: noCredentials, signal: ctx.signal });
  if (response.status === 200) {
    throw new UnsupportedApiError('GET /v2/ without credentials answered 200: the registry allows anonymous access', 'auth-required');
  }
  return response;
}

/** Where a Bearer registry sends clients for tokens. */
export interface BearerChallenge {
  readonly realm: URL;
  readonly service: string | undefined;
}

/** The Bearer challenge of a 401 with a realm that is a URL, else undefined. */
function bearerChallengeOf(response: RegistryResponse): BearerChallenge | undefined {
  if (response.status !== 401) {
    return undefined;
  }
  try {
    const bearer = parseChallenges(response.headers['www-authenticate'] ?? '').find((c) => c.scheme === 'bearer');
    const realm = bearer?.params['realm'];
    return realm === undefined ? undefined : { realm: new URL(realm), service: bearer?.params['service'] };
  } catch {
    // A malformed challenge is judged by anonymous-v2-401-challenge; here it only means there is no realm to use.
    return undefined;
  }
}

/**
 * The Bearer challenge of `GET /v2/` without credentials (`probe`, when the check has sent that request already);
 * skips the check when the registry offers none (Basic-only or open registries have no token endpoint to examine).
 */
export async function requireBearerChallenge(ctx: CheckContext, probe?: RegistryResponse): Promise<BearerChallenge> {
  const challenge = bearerChallengeOf(probe ?? (await anonymousPing(ctx)));
  if (challenge === undefined) {
    throw new UnsupportedApiError('the registry offers no Bearer challenge with a realm', 'auth-bearer');
  }
  return challenge;
}

/** Basic credentials of the target, or a skip: a ready-made bearer token cannot be exchanged for narrower ones. */
export function requireBasicCredentials(ctx: CheckContext): Extract<TargetCredentials, { kind: 'basic' }> {
  const credentials = ctx.target.credentials;
  if (credentials.kind !== 'basic') {
    requireCredentials(ctx);
    throw new UnsupportedApiError('the target uses a ready-made bearer token, not a user name and password', 'auth-password');
  }
  return credentials;
}

/** The pull-only account of the target, or a skip naming the setting that provides it. */
export function requireReadOnlyCredentials(ctx: CheckContext): Extract<TargetCredentials, { kind: 'basic' }> {
  requireCredentials(ctx);
  const readOnly = ctx.target.readOnlyCredentials;
  if (readOnly === undefined) {
    throw new UnsupportedApiError('no pull-only account configured (auth.readOnly.username / password)', 'auth-read-only');
  }
  return readOnly;
}

/** What the token endpoint answered: its status and, on 200, the token. */
export interface TokenAnswer {
  readonly status: number;
  readonly token?: string;
}

/**
 * `GET <realm>?service=…&scope=…` with Basic `credentials` (none when undefined), as docs/spec/auth/token.md
 * describes. Credentials go over plain http only to loopback or an `insecure` target, like the client's own flow.
 */
export async function requestToken(
  ctx: CheckContext,
  challenge: BearerChallenge,
  credentials: Extract<TargetCredentials, { kind: 'basic' }> | undefined,
  scopes: readonly string[],
): Promise<TokenAnswer> {
  const url = tokenGetUrl(challenge.realm, challenge.service, scopes, credentials?.username);
  const headers: Record<string, string> = { 'user-agent': 'regatta' };
  if (credentials !== undefined) {
    if (url.protocol !== 'https:' && !isLoopbackHost(url.hostname) && !ctx.target.tls.insecure) {
      throw new AuthError(`refusing to send credentials over plain http to the token realm ${url.host}`);
    }
    headers['authorization'] = basicAuthorization(credentials);
  }
  // The target session's agent (TLS context built once); a pool of its own only for test doubles without one.
  const dispatcher = ctx.client.dispatcher ?? createDispatcher(ctx.target);
  try {
    const response = await request(url, {
      headers,
      dispatcher,
      signal: ctx.signal,
      headersTimeout: ctx.target.requestTimeoutMs,
      bodyTimeout: ctx.target.requestTimeoutMs,
    });
    const text = await response.body.text();
    if (response.statusCode !== 200) {
      return { status: response.statusCode };
    }
    // Not JSON, or no token in it: a 200 without a token, which the checks report as such.
    const issued = tokenOfBody(text);
    return issued === undefined ? { status: 200 } : { status: 200, token: issued.token };
  } finally {
    if (dispatcher !== ctx.client.dispatcher) {
      await dispatcher.close();
    }
  }
}

/** A token the check needs to go on with; a refusal means the setup failed, which is an error, not a verdict. */
export async function requireToken(
  ctx: CheckContext,
  challenge: BearerChallenge,
  credentials: Extract<TargetCredentials, { kind: 'basic' }> | undefined,
  scopes: readonly string[],
): Promise<string> {
  const answer = await requestToken(ctx, challenge, credentials, scopes);
  if (answer.token === undefined) {
    const who = credentials === undefined ? 'anonymous' : `account ${credentials.username}`;
    throw new AuthError(`the token endpoint gave no token to ${who} for ${scopes.join(' ') || 'no scope'} (status ${answer.status})`);
  }
  return answer.token;
}

/** The Bearer challenge of `GET /v2/` without credentials, or undefined when the registry offers none. */
export async function bearerChallengeOfTarget(ctx: CheckContext): Promise<BearerChallenge | undefined> {
  return bearerChallengeOf(await ctx.client.ping({ headers: noCredentials, signal: ctx.signal }));
}

/**
 * The Authorization a client holding `credentials` would send for `scopes`: a token from the realm of `challenge` on
 * a Bearer registry, Basic when there is no challenge. `refusedStatus` when the token endpoint refuses the account
 * outright.
 */
export async function authorizationAs(
  ctx: CheckContext,
  challenge: BearerChallenge | undefined,
  credentials: Extract<TargetCredentials, { kind: 'basic' }>,
  scopes: readonly string[],
): Promise<{ readonly header: string } | { readonly refusedStatus: number }> {
  if (challenge === undefined) {
    return { header: basicAuthorization(credentials) };
  }
  const answer = await requestToken(ctx, challenge, credentials, scopes);
  return answer.token === undefined ? { refusedStatus: answer.status } : { header: `Bearer ${answer.token}` };
}

/**
 * A token with one character changed: in the middle of the signature of a JWT (so header and claims still parse),
 * in the middle of an opaque token otherwise. The same shape, but no longer what the issuer signed.
 */
export function tamperedToken(token: string): string {
  const signatureStart = token.split('.').length === 3 ? token.lastIndexOf('.') + 1 : 0;
  const middle = signatureStart + Math.floor((token.length - signatureStart) / 2);
  const replacement = token[middle] === 'A' ? 'B' : 'A';
  return `${token.slice(0, middle)}${replacement}${token.slice(middle + 1)}`;
}
