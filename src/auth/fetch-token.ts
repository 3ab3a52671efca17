import { request, type Dispatcher } from 'undici';
import { AuthError } from '../errors/index.js';
import type { AuthCredentials } from './auth-credentials.js';
import { basicEncoded } from './auth-credentials.js';
import { formatScope, type Scope } from './scope.js';

/** Lifetime assumed when the token server gives no `expires_in` (docs/spec/auth/token.md). */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 60;

/** A token as the token server issued it. */
export interface IssuedToken {
  readonly token: string;
  /** Seconds the token is valid for. */
  readonly expiresIn: number;
}

/** What to ask the token server for. */
export interface TokenRequest {
  readonly realm: URL;
  readonly service: string | undefined;
  readonly scopes: readonly Scope[];
  readonly credentials: AuthCredentials;
  /** Use the OAuth2 password grant (POST) for Basic credentials instead of GET with Basic auth. */
  readonly oauthPassword: boolean;
  readonly dispatcher: Dispatcher;
  readonly timeoutMs: number;
}

/** Client id sent with OAuth2 requests; token servers log it. */
const CLIENT_ID = 'regatta';

/** The token of a parsed token server answer: `token`, else the OAuth2 `access_token`; undefined when neither. */
function issuedTokenOf(json: unknown): IssuedToken | undefined {
  const body = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  const token = typeof body['token'] === 'string' && body['token'] !== '' ? body['token'] : body['access_token'];
  if (typeof token !== 'string' || token === '') {
    return undefined;
  }
  const expiresIn = body['expires_in'];
  return {
    token,
    expiresIn: typeof expiresIn === 'number' && Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : DEFAULT_TOKEN_LIFETIME_SECONDS,
  };
}

/** The token in a token server's answer text, or undefined when it is not JSON or carries no token. */
export function tokenOfBody(text: string): IssuedToken | undefined {
  try {
    return issuedTokenOf(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/**
 * The Docker token GET URL (docs/spec/auth/token.md): `realm?service=…&scope=…`, one `scope` per resource, and
 * `account` when a user is named.
 */
export function tokenGetUrl(realm: URL, service: string | undefined, scopes: readonly string[], account?: string): URL {
  const url = new URL(realm);
  if (service !== undefined) {
    url.searchParams.append('service', service);
  }
  for (const scope of scopes) {
    url.searchParams.append('scope', scope);
  }
  if (account !== undefined) {
    url.searchParams.append('account', account);
  }
  return url;
}

/** Reads the token out of a token server answer, or an AuthError saying what is wrong with it. */
function parseTokenBody(text: string, realm: URL): IssuedToken {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AuthError(`token server ${realm.origin} answered with something that is not JSON`);
  }
  const issued = issuedTokenOf(json);
  if (issued === undefined) {
    throw new AuthError(`token server ${realm.origin} answered without a "token" or "access_token"`);
  }
  return issued;
}

/** Sends one request to the token server; transport failures become one clear AuthError. */
async function send(
  input: TokenRequest,
  method: 'GET' | 'POST',
  url: URL,
  headers: Record<string, string>,
  body: string | undefined,
): Promise<{ status: number; text: string }> {
  const once = async (): Promise<{ status: number; text: string }> => {
    const response = await request(url, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
      dispatcher: input.dispatcher,
      headersTimeout: input.timeoutMs,
      bodyTimeout: input.timeoutMs,
    });
    return { status: response.statusCode, text: await response.body.text() };
  };
  try {
    try {
      return await once();
    } catch (error) {
      // A kept-alive connection the token server closed as it was reused (Node servers close idle ones after 5 s;
      // a loaded client can miss that window) resets before any answer. Asking for a token is safe to repeat: once.
      if (!isConnectionReset(error)) {
        throw error;
      }
      return await once();
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AuthError(`token server ${input.realm.origin} could not be reached: ${reason}`, {
      cause: error,
      hint: 'check that the realm in the registry’s WWW-Authenticate challenge is reachable from here',
    });
  }
}

/** True for a connection the peer reset or closed before answering (undici's socket error, or the raw ECONNRESET). */
function isConnectionReset(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ECONNRESET' || code === 'UND_ERR_SOCKET';
}

/** The token server answered, and not with a token: its status says whether the credentials were the problem. */
export class TokenRefusedError extends AuthError {
  /** HTTP status of the refusal. */
  readonly status: number;

  constructor(message: string, status: number, options: { readonly hint: string }) {
    super(message, options);
    this.status = status;
  }
}

/** Turns a non-200 answer into an AuthError naming the status, never the credentials. */
function rejected(input: TokenRequest, status: number): TokenRefusedError {
  const who = input.credentials.kind === 'anonymous' ? 'anonymous access' : 'the credentials';
  return new TokenRefusedError(`token server ${input.realm.origin} refused ${who} (status ${status})`, status, {
    hint: status === 401 || status === 403 ? 'check the username and password for this target' : 'check the token server',
  });
}

/** The Docker token GET: `realm?service=…&scope=…` (one `scope` per resource), Basic credentials if any. */
async function fetchWithGet(input: TokenRequest): Promise<IssuedToken> {
  const basic = input.credentials.kind === 'basic' ? input.credentials : undefined;
  const url = tokenGetUrl(input.realm, input.service, input.scopes.map(formatScope), basic?.username);
  const headers: Record<string, string> = { 'user-agent': CLIENT_ID };
  if (basic !== undefined) {
    headers['authorization'] = `Basic ${basicEncoded(basic.username, basic.password)}`;
  }
  const { status, text } = await send(input, 'GET', url, headers, undefined);
  if (status !== 200) {
    throw rejected(input, status);
  }
  return parseTokenBody(text, input.realm);
}

/** The OAuth2 POST (refresh_token or password grant); undefined when the server has no such endpoint (404). */
async function fetchWithPost(input: TokenRequest, grant: Record<string, string>): Promise<IssuedToken | undefined> {
  const form = new URLSearchParams({ ...grant, client_id: CLIENT_ID });
  if (input.service !== undefined) {
    form.append('service', input.service);
  }
  if (input.scopes.length > 0) {
    form.append('scope', input.scopes.map(formatScope).join(' '));
  }
  const headers = { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': CLIENT_ID };
  const { status, text } = await send(input, 'POST', input.realm, headers, form.toString());
  if (status === 404) {
    return undefined;
  }
  if (status !== 200) {
    throw rejected(input, status);
  }
  return parseTokenBody(text, input.realm);
}

/**
 * Gets a token from the realm: an identity token goes through the OAuth2 refresh_token POST, Basic credentials
 * through the password POST when asked; both fall back to the plain GET when the server answers 404.
 */
export async function fetchToken(input: TokenRequest): Promise<IssuedToken> {
  const credentials = input.credentials;
  if (credentials.kind === 'identity-token') {
    const issued = await fetchWithPost(input, { grant_type: 'refresh_token', refresh_token: credentials.identityToken });
    if (issued !== undefined) {
      return issued;
    }
    return fetchWithGet({ ...input, credentials: { kind: 'anonymous' } });
  }
  if (credentials.kind === 'basic' && input.oauthPassword) {
    const issued = await fetchWithPost(input, {
      grant_type: 'password',
      username: credentials.username,
      password: credentials.password,
    });
    if (issued !== undefined) {
      return issued;
    }
  }
  return fetchWithGet(input);
}
