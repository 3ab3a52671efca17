import { scopesFor } from '../../client/request-scopes.js';
import { startScriptedServer, type ScriptedServer, type SeenRequest } from '../../client/test-support/scripted-server.js';
import { mergeScopes, parseScope, scopeCovers, type Scope } from '../scope.js';

/** Knobs of the scripted token server + registry pair. */
export interface TokenWorldOptions {
  /** Users and passwords the token server accepts. */
  readonly users?: Readonly<Record<string, string>>;
  /** Identity (refresh) tokens the OAuth2 POST accepts. */
  readonly refreshTokens?: readonly string[];
  /** The POST endpoint exists (else 404, forcing the GET fallback). @default true */
  readonly oauth?: boolean;
  /** Name of the token field: `token` or `access_token`. @default 'token' */
  readonly field?: 'token' | 'access_token';
  /** `expires_in` to send; undefined sends none. */
  readonly expiresIn?: number;
  /** The first token grants only pull, whatever was asked (provokes 403 insufficient_scope). */
  readonly narrowFirstGrant?: boolean;
  /** Realm to advertise instead of the token server's own URL. */
  readonly realm?: string;
  /** Like distribution, every DELETE (upload cancels too) needs the `delete` action, which challenges then name. */
  readonly deleteForEveryDelete?: boolean;
}

/** A token server and a registry that trusts its tokens, both scripted on loopback. */
export interface TokenWorld {
  readonly registry: ScriptedServer;
  readonly tokens: ScriptedServer;
  /** Every token issued, in order. */
  readonly issued: string[];
  /** Forgets every issued token on the registry side, as if they had expired there. */
  revokeAll(): void;
  close(): Promise<void>;
}

/** Parses Basic credentials from a request, if any. */
function basicOf(request: SeenRequest): { user: string; password: string } | undefined {
  const header = request.headers['authorization'];
  if (header?.startsWith('Basic ') !== true) {
    return undefined;
  }
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Starts the pair; the registry wants `Bearer <issued token>` covering the request's scope. */
export async function startTokenWorld(options: TokenWorldOptions = {}): Promise<TokenWorld> {
  const grants = new Map<string, Scope[]>();
  const issued: string[] = [];
  const users = options.users ?? {};
  const issue = (scopes: Scope[]): Record<string, unknown> => {
    const narrow = options.narrowFirstGrant === true && issued.length === 0;
    const granted = narrow ? scopes.map((scope) => ({ ...scope, actions: ['pull'] })) : scopes;
    const token = `tok-${issued.length + 1}-${Math.random().toString(36).slice(2)}`;
    issued.push(token);
    grants.set(token, granted);
    return { [options.field ?? 'token']: token, ...(options.expiresIn === undefined ? {} : { expires_in: options.expiresIn }) };
  };
  const tokens = await startScriptedServer((request, response) => {
    const url = new URL(request.url, 'http://token.test');
    if (request.method === 'POST') {
      if (options.oauth === false) {
        response.writeHead(404).end();
        return;
      }
      const form = new URLSearchParams(request.body.toString('utf8'));
      const ok =
        form.get('grant_type') === 'refresh_token'
          ? (options.refreshTokens ?? []).includes(form.get('refresh_token') ?? '')
          : users[form.get('username') ?? ''] === form.get('password');
      if (!ok) {
        response.writeHead(401).end('{"error":"invalid_grant"}');
        return;
      }
      const scopes = (form.get('scope') ?? '').split(' ').map(parseScope).filter((s): s is Scope => s !== undefined);
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(issue(scopes)));
      return;
    }
    const basic = basicOf(request);
    if (basic !== undefined && users[basic.user] !== basic.password) {
      response.writeHead(401).end('{"details":"bad credentials"}');
      return;
    }
    const scopes = url.searchParams.getAll('scope').map(parseScope).filter((s): s is Scope => s !== undefined);
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(issue(scopes)));
  });
  const realm = options.realm ?? `${tokens.url}/token`;
  const registry = await startScriptedServer((request, response) => {
    const url = new URL(request.url, 'http://registry.test');
    const named = scopesFor(request.method, url).map(parseScope).filter((s): s is Scope => s !== undefined);
    const deleting = options.deleteForEveryDelete === true && request.method === 'DELETE';
    const wanted = mergeScopes(deleting ? named.map((scope) => ({ ...scope, actions: ['delete'] })) : named);
    const header = request.headers['authorization'] ?? '';
    const granted = header.startsWith('Bearer ') ? grants.get(header.slice(7)) : undefined;
    const scopeText = wanted.map((scope) => `${scope.type}:${scope.name}:${scope.actions.join(',')}`).join(' ');
    const challenge = `Bearer realm="${realm}",service="reg"${scopeText === '' ? '' : `,scope="${scopeText}"`}`;
    if (granted === undefined) {
      response.writeHead(401, { 'www-authenticate': challenge, 'content-type': 'application/json' });
      response.end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
      return;
    }
    if (!wanted.every((scope) => scopeCovers(granted, scope))) {
      response.writeHead(403, { 'www-authenticate': `${challenge},error="insufficient_scope"` });
      response.end('{"errors":[{"code":"DENIED"}]}');
      return;
    }
    response.writeHead(request.method === 'POST' ? 202 : 200, request.method === 'POST' ? { location: '/v2/x/blobs/uploads/1' } : {});
    response.end('{}');
  });
  return {
    registry,
    tokens,
    issued,
    revokeAll: () => grants.clear(),
    close: async () => {
      await registry.close();
      await tokens.close();
    },
  };
}
