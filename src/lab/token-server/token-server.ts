import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { parseScope, type Scope } from '../../auth/scope.js';
import { authenticate, grantAccess, rightsOf, type LabAccountRights, type LabTokenPolicy } from './token-policy.js';
import { holdIdleConnections } from '../idle-connections.js';
import type { TokenSigner } from './token-signer.js';

/** Options of {@link startLabTokenServer}. */
export interface LabTokenServerOptions {
  readonly policy: LabTokenPolicy;
  readonly signer: TokenSigner;
  /** The `service` the registry names in its challenge; other services get 400. */
  readonly service: string;
  /** Lifetime of issued tokens. @default 300 */
  readonly expiresInSeconds?: number;
  /** Port on 127.0.0.1; 0 picks a free one. @default 0 */
  readonly port?: number;
  /** Serve https with this certificate and key (PEM), so a TLS lab names an https realm. @default plain http */
  readonly tls?: { readonly certPem: string; readonly keyPem: string };
}

/** A running lab token server. */
export interface LabTokenServer {
  /** The realm: `http(s)://127.0.0.1:<port>/token`. */
  readonly realm: string;
  /** Subjects and grants of every token issued, in order (never the tokens themselves). */
  readonly issued: readonly { readonly subject: string; readonly access: readonly unknown[] }[];
  /**
   * Makes the next `count` tokens already expired (beyond distribution's 60 s leeway) while `expires_in` still
   * promises the usual lifetime: how a client sees a token that ran out mid-run.
   */
  expireNext(count: number): void;
  /** Creates an identity (refresh) token for a user, as `docker login` would receive. */
  identityTokenFor(username: string): string;
  stop(): Promise<void>;
}

/** Seconds past expiry given to tokens made already expired: beyond distribution's 60 s clock-skew leeway. */
const expiredBySeconds = 120;

/** The request body, bounded: token requests are small forms. */
async function readBody(request: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of request) {
    text += String(chunk);
    if (text.length > 64 * 1024) {
      throw new Error('request body too large');
    }
  }
  return text;
}

/** Sends a JSON answer. */
function reply(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  response.end(JSON.stringify(body));
}

/** Basic credentials of a request: `undefined` when there is no Authorization header, `null` when it is not Basic. */
function basicCredentials(request: IncomingMessage): { username: string; password: string } | undefined | null {
  const header = request.headers.authorization;
  if (header === undefined || header === '') {
    return undefined;
  }
  if (!/^basic /i.test(header)) {
    return null;
  }
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Parses scopes, each of which may itself hold several space-separated scopes (the OAuth2 form). */
function parseScopes(texts: readonly string[]): Scope[] {
  return texts
    .flatMap((text) => text.split(' '))
    .filter((text) => text !== '')
    .map(parseScope)
    .filter((scope): scope is Scope => scope !== undefined);
}

/**
 * A Docker token server for the lab (docs/spec/auth/token.md, oauth.md, jwt.md): `GET /token` with optional Basic
 * credentials and `POST /token` with the OAuth2 password and refresh_token grants. It stands in for cesanta
 * docker_auth, which the machine cannot install, and is written for the lab only: loopback, in memory, no TLS.
 */
export async function startLabTokenServer(options: LabTokenServerOptions): Promise<LabTokenServer> {
  const lifetime = options.expiresInSeconds ?? 300;
  const issued: { subject: string; access: unknown[] }[] = [];
  const refreshTokens = new Map<string, string>();
  let expireCount = 0;

  const issue = async (subject: string, rights: LabAccountRights, scopes: readonly Scope[]): Promise<{ token: string; issuedAt: number }> => {
    const now = Math.floor(Date.now() / 1000);
    const expired = expireCount > 0;
    expireCount = Math.max(0, expireCount - 1);
    const issuedAt = expired ? now - lifetime - expiredBySeconds : now;
    const access = grantAccess(rights, scopes);
    issued.push({ subject, access });
    return { token: await options.signer.sign({ subject, access, issuedAt, expiresAt: issuedAt + lifetime }), issuedAt: now };
  };

  const newRefreshToken = (username: string): string => {
    const token = randomBytes(24).toString('base64url');
    refreshTokens.set(token, username);
    return token;
  };

  const handleGet = async (request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> => {
    const credentials = basicCredentials(request);
    let subject = '';
    let rights = options.policy.anonymous;
    if (credentials === null) {
      reply(response, 401, { details: 'only Basic credentials are accepted' }, { 'www-authenticate': 'Basic realm="regatta-lab-token"' });
      return;
    }
    if (credentials !== undefined) {
      subject = credentials.username;
      rights = authenticate(options.policy, credentials.username, credentials.password);
    }
    if (rights === undefined) {
      reply(response, 401, { details: 'authentication failed' }, { 'www-authenticate': 'Basic realm="regatta-lab-token"' });
      return;
    }
    const { token, issuedAt } = await issue(subject, rights, parseScopes(url.searchParams.getAll('scope')));
    const offline = url.searchParams.get('offline_token') === 'true' && subject !== '';
    reply(response, 200, {
      token,
      access_token: token,
      expires_in: lifetime,
      issued_at: new Date(issuedAt * 1000).toISOString(),
      ...(offline ? { refresh_token: newRefreshToken(subject) } : {}),
    });
  };

  const handlePost = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const form = new URLSearchParams(await readBody(request));
    if (form.get('service') !== options.service) {
      reply(response, 400, { error: 'invalid_request', error_description: 'unknown service' });
      return;
    }
    if ((form.get('client_id') ?? '') === '') {
      reply(response, 400, { error: 'invalid_request', error_description: 'client_id is required' });
      return;
    }
    const grant = form.get('grant_type');
    let username: string | undefined;
    if (grant === 'password') {
      const candidate = form.get('username') ?? '';
      username = authenticate(options.policy, candidate, form.get('password') ?? '') === undefined ? undefined : candidate;
    } else if (grant === 'refresh_token') {
      username = refreshTokens.get(form.get('refresh_token') ?? '');
    } else {
      reply(response, 400, { error: 'unsupported_grant_type' });
      return;
    }
    const rights = username === undefined ? undefined : rightsOf(options.policy, username);
    if (username === undefined || rights === undefined) {
      reply(response, 400, { error: 'invalid_grant' });
      return;
    }
    const { token, issuedAt } = await issue(username, rights, parseScopes(form.getAll('scope')));
    const offline = grant === 'password' && form.get('access_type') === 'offline';
    reply(response, 200, {
      access_token: token,
      scope: form.getAll('scope').join(' '),
      expires_in: lifetime,
      issued_at: new Date(issuedAt * 1000).toISOString(),
      ...(offline ? { refresh_token: newRefreshToken(username) } : {}),
    });
  };

  const listener: RequestListener = (request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const route = async (): Promise<void> => {
      if (url.pathname !== '/token') {
        reply(response, 404, { details: 'not found' });
      } else if (request.method === 'GET' && url.searchParams.get('service') !== options.service) {
        reply(response, 400, { details: 'unknown service' });
      } else if (request.method === 'GET') {
        await handleGet(request, response, url);
      } else if (request.method === 'POST') {
        await handlePost(request, response);
      } else {
        reply(response, 405, { details: 'method not allowed' }, { allow: 'GET, POST' });
      }
    };
    route().catch((error: unknown) => {
      if (!response.headersSent) {
        reply(response, 500, { details: error instanceof Error ? error.message : 'internal error' });
      } else {
        response.destroy();
      }
    });
  };
  const server = holdIdleConnections(
    options.tls === undefined ? createServer(listener) : createHttpsServer({ cert: options.tls.certPem, key: options.tls.keyPem }, listener),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let stopping: Promise<void> | undefined;
  return {
    realm: `${options.tls === undefined ? 'http' : 'https'}://127.0.0.1:${port}/token`,
    issued,
    expireNext(count) {
      expireCount = count;
    },
    identityTokenFor(username) {
      if (rightsOf(options.policy, username) === undefined) {
        throw new Error(`no lab user ${username}`);
      }
      return newRefreshToken(username);
    },
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopping;
    },
  };
}
