/**
 * Authentication (docs/spec/auth/token.md, RFC 9110 §11.6.1, distribution-spec code-1 `UNAUTHORIZED`): a registry
 * that needs credentials answers `GET /v2/` without them with 401, a parseable `WWW-Authenticate` challenge and an
 * `UNAUTHORIZED` error body; a wrong password is 401 (not 200, 403 or 5xx); the token realm of an https registry is
 * https. Checks that need credentials are skipped, with the reason, when the target is anonymous or lets anonymous
 * clients in.
 */
import { parseChallenges, type Challenge } from '../src/auth/challenge.js';
import type { RegistryResponse } from '../src/client/types.js';
import type { CheckContext } from '../src/conformance/define-suite.js';
import { describeResponse, expectErrorCode, expectStatus, expectThat, fail } from '../src/conformance/expect.js';
import { defineSuite } from '../src/conformance/define-suite.js';
import { UnsupportedApiError } from '../src/errors/index.js';

/** An empty Authorization header tells the client to send none, bypassing the target's credentials. */
const noCredentials = { authorization: '' };

/** Skips when the target has no credentials of its own: there is nothing to compare an anonymous answer with. */
function requireCredentials(ctx: CheckContext): void {
  if (ctx.target.credentials.kind === 'anonymous') {
    throw new UnsupportedApiError('the target is anonymous; give it credentials to run the auth checks', 'auth-credentials');
  }
}

/** `GET /v2/` without credentials; skipped when the registry lets anonymous clients in (200). */
async function anonymousPing(ctx: CheckContext): Promise<RegistryResponse> {
  requireCredentials(ctx);
  const response = await ctx.client.ping({ headers: noCredentials, signal: ctx.signal });
  if (response.status === 200) {
    throw new UnsupportedApiError('GET /v2/ without credentials answered 200: the registry allows anonymous access', 'auth-required');
  }
  return response;
}

/** The challenges of a 401, or a failure naming the header problem. */
function challengesOf(response: RegistryResponse, rule: string): Challenge[] {
  const header = response.headers['www-authenticate'];
  if (header === undefined) {
    fail({ rule, spec: ['RFC 9110 §11.6.1'] }, 'a WWW-Authenticate header', 'none', response);
  }
  try {
    return parseChallenges(header);
  } catch (error) {
    return fail({ rule, spec: ['RFC 9110 §11.6.1'] }, 'a parseable challenge', (error as Error).message, response);
  }
}

export default defineSuite({
  id: 'auth',
  title: 'Authentication',
  description:
    'GET /v2/ without credentials is 401 with a parseable challenge and UNAUTHORIZED; a wrong password is 401; ' +
    'an https registry names an https token realm.',
  checks: [
    {
      id: 'anonymous-v2-401-challenge',
      title: 'GET /v2/ without credentials returns 401 with a parseable WWW-Authenticate challenge',
      level: 'MUST',
      spec: ['end-1', 'RFC 9110 §11.6.1'],
      api: 'ping',
      async run(ctx) {
        const rule = 'GET /v2/ without credentials returns 401 with a parseable WWW-Authenticate challenge';
        const response = await anonymousPing(ctx);
        expectStatus(response, [401], { rule, spec: ['end-1'] });
        const challenges = challengesOf(response, rule);
        const usable = challenges.filter((c) => c.scheme === 'basic' || (c.scheme === 'bearer' && c.params['realm'] !== undefined));
        expectThat(usable.length > 0, { rule }, 'a Basic challenge or a Bearer challenge with a realm', response.headers['www-authenticate'] ?? '', response);
        ctx.note(`challenge schemes: ${challenges.map((c) => c.scheme).join(', ')}`);
      },
    },
    {
      id: 'anonymous-v2-unauthorized-body',
      title: 'GET /v2/ without credentials returns an UNAUTHORIZED error body',
      level: 'SHOULD',
      spec: ['code-1'],
      api: 'ping',
      dependsOn: ['anonymous-v2-401-challenge'],
      async run(ctx) {
        const response = await anonymousPing(ctx);
        expectErrorCode(response, ['UNAUTHORIZED'], {
          rule: 'GET /v2/ without credentials returns an UNAUTHORIZED error body',
          spec: ['code-1'],
        });
      },
    },
    {
      id: 'wrong-password-401',
      title: 'GET /v2/ with a wrong password returns 401 (not 200, 403 or 5xx)',
      level: 'MUST',
      spec: ['end-1', 'RFC 9110 §15.5.2'],
      api: 'ping',
      async run(ctx) {
        const credentials = ctx.target.credentials;
        if (credentials.kind !== 'basic') {
          requireCredentials(ctx);
          throw new UnsupportedApiError('the target uses a bearer token, not a password', 'auth-password');
        }
        const probe = await anonymousPing(ctx);
        const schemes = probe.status === 401 ? challengesOf(probe, 'wrong password').map((c) => c.scheme) : [];
        if (!schemes.includes('basic')) {
          throw new UnsupportedApiError(`the registry does not offer Basic (challenges: ${schemes.join(', ') || 'none'})`, 'auth-basic');
        }
        const wrong = Buffer.from(`${credentials.username}:${credentials.password}-wrong`, 'utf8').toString('base64');
        const response = await ctx.client.ping({ headers: { authorization: `Basic ${wrong}` }, signal: ctx.signal });
        expectStatus(response, [401], {
          rule: 'GET /v2/ with a wrong password returns 401 (not 200, 403 or 5xx)',
          spec: ['end-1'],
        });
      },
    },
    {
      id: 'realm-https',
      title: 'An https registry names an https token realm',
      level: 'SHOULD',
      spec: ['token-auth'],
      api: 'ping',
      dependsOn: ['anonymous-v2-401-challenge'],
      async run(ctx) {
        const rule = 'An https registry names an https token realm';
        if (!ctx.target.url.startsWith('https://')) {
          requireCredentials(ctx);
          throw new UnsupportedApiError('the target is plain http', 'auth-https');
        }
        const response = await anonymousPing(ctx);
        const realms = challengesOf(response, rule)
          .filter((c) => c.scheme === 'bearer')
          .map((c) => c.params['realm'] ?? '');
        if (realms.length === 0) {
          throw new UnsupportedApiError('the registry offers no Bearer challenge, so no token realm', 'auth-bearer');
        }
        expectThat(realms.every((realm) => realm.startsWith('https://')), { rule }, 'https:// realms', realms.join(', '), response);
        ctx.note(describeResponse(response));
      },
    },
  ],
});
