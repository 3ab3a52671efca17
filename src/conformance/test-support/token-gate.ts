/**
 * Docker token auth in front of the fake registry, for unit tests of the auth suite: `GET /token` on the fake's own
 * origin issues opaque tokens for users `rw` (pull, push, delete) and `ro` (pull) and for anonymous clients (pull),
 * and every `/v2/` request needs a token covering its scope, else 401 with a Bearer challenge. Each `breaks` flag
 * breaks one rule the auth suite checks, so each check can be shown to fail.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { parseScope, scopeCovers, type Scope } from '../../auth/scope.js';
import { scopesFor } from '../../client/request-scopes.js';
import { grantAccess, type LabAccountRights } from '../../lab/token-server/token-policy.js';
import type { FaultHooks } from './fake-registry-types.js';

/** Passwords of the gate's users. */
export const tokenGateUsers = { rw: 'gate-rw-pw-4Tz', ro: 'gate-ro-pw-9Kd' } as const;

/** Rules the gate can break, one per flag. */
export interface TokenGateBreaks {
  /** The token endpoint issues a token for a wrong password. */
  readonly wrongPasswordGetsToken?: boolean;
  /** A token is accepted on any repository, whatever it names. */
  readonly ignoresRepository?: boolean;
  /** A token with a changed character is accepted. */
  readonly acceptsTamperedTokens?: boolean;
  /** `ro` may push. */
  readonly readOnlyCanPush?: boolean;
  /** `ro` may delete. */
  readonly readOnlyCanDelete?: boolean;
  /** Anonymous clients get no token. */
  readonly noAnonymousPull?: boolean;
}

/** Rights of the gate's accounts, bent by `breaks`. */
function rightsOf(account: 'rw' | 'ro' | 'anonymous', breaks: TokenGateBreaks): LabAccountRights | undefined {
  if (account === 'rw') {
    return { repositoryActions: ['pull', 'push', 'delete'], catalog: true };
  }
  if (account === 'anonymous') {
    return breaks.noAnonymousPull === true ? undefined : { repositoryActions: ['pull'], catalog: false };
  }
  const actions = ['pull', ...(breaks.readOnlyCanPush === true ? ['push'] : []), ...(breaks.readOnlyCanDelete === true ? ['delete'] : [])];
  return { repositoryActions: actions, catalog: false };
}

/** The account a Basic header names, `null` for a wrong password, `anonymous` without a header. */
function accountOf(
  header: string | undefined,
  breaks: TokenGateBreaks,
  passwords: () => Record<'rw' | 'ro', string>,
): 'rw' | 'ro' | 'anonymous' | null {
  if (header === undefined || header === '') {
    return 'anonymous';
  }
  const decoded = Buffer.from(header.replace(/^Basic /i, ''), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const user = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  if (user !== 'rw' && user !== 'ro') {
    return null;
  }
  return password === passwords()[user] || breaks.wrongPasswordGetsToken === true ? user : null;
}

/** True when two strings of equal length differ in at most one place: a tampered copy. */
function nearlyEqual(left: string, right: string): boolean {
  if (left.length !== right.length) {
    return false;
  }
  let differences = 0;
  for (let index = 0; index < left.length && differences <= 1; index += 1) {
    differences += left[index] === right[index] ? 0 : 1;
  }
  return differences <= 1;
}

/**
 * Fault hooks that put the fake registry behind token auth; `realm` overrides the advertised token endpoint and
 * `passwords` the users' passwords, read at every token request (a password that changes mid-run).
 */
export function tokenGate(
  breaks: TokenGateBreaks = {},
  options: { readonly realm?: string; readonly passwords?: () => Record<'rw' | 'ro', string> } = {},
): FaultHooks {
  const passwords = options.passwords ?? ((): Record<'rw' | 'ro', string> => tokenGateUsers);
  const grants = new Map<string, Scope[]>();
  const grantsOf = (token: string): Scope[] | undefined => {
    const exact = grants.get(token);
    if (exact !== undefined || breaks.acceptsTamperedTokens !== true) {
      return exact;
    }
    return [...grants.entries()].find(([issued]) => nearlyEqual(issued, token))?.[1];
  };
  const reply = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): true => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
    return true;
  };
  return {
    before(req: IncomingMessage, res: ServerResponse, ctx) {
      const realm = options.realm ?? `http://${req.headers.host ?? '127.0.0.1'}/token`;
      if (ctx.url.pathname === '/token') {
        const account = accountOf(req.headers.authorization, breaks, passwords);
        const rights = account === null ? undefined : rightsOf(account, breaks);
        if (rights === undefined) {
          return reply(res, 401, { details: 'authentication failed' });
        }
        const requested = ctx.url.searchParams.getAll('scope').map(parseScope).filter((s): s is Scope => s !== undefined);
        const token = randomBytes(24).toString('hex');
        grants.set(token, grantAccess(rights, requested));
        return reply(res, 200, { token, expires_in: 300 });
      }
      const wanted = scopesFor(ctx.method, ctx.url).map(parseScope).filter((s): s is Scope => s !== undefined);
      const header = req.headers.authorization ?? '';
      const granted = header.startsWith('Bearer ') ? grantsOf(header.slice(7)) : undefined;
      const covered = (scope: Scope): boolean =>
        granted !== undefined &&
        (breaks.ignoresRepository === true
          ? granted.some((g) => g.type === scope.type && scope.actions.every((action) => g.actions.includes(action)))
          : scopeCovers(granted, scope));
      if (granted !== undefined && wanted.every(covered)) {
        return false;
      }
      const scope = wanted.map((s) => `${s.type}:${s.name}:${s.actions.join(',')}`).join(' ');
      const challenge = `Bearer realm="${realm}",service="gate"${scope === '' ? '' : `,scope="${scope}"`}`;
      return reply(res, 401, { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }, {
        'www-authenticate': granted === undefined ? challenge : `${challenge},error="insufficient_scope"`,
      });
    },
  };
}
