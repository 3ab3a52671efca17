/**
 * Authentication (docs/spec/auth/token.md, scope.md, RFC 9110 §11.6.1, distribution-spec code-1 `UNAUTHORIZED`,
 * code-2 `DENIED`): a registry that needs credentials answers `GET /v2/` without them with 401, a parseable
 * `WWW-Authenticate` challenge and an `UNAUTHORIZED` error body; a wrong password is 401 (not 200, 403 or 5xx); the
 * token endpoint refuses a wrong password; a token is bound to the repositories it names and to its signature; a
 * pull-only account can pull but neither push nor delete; anonymous pull is probed and reported; the token realm of
 * an https registry is https. Checks that need credentials are skipped, with the reason, when the target is anonymous
 * or lets anonymous clients in; checks of the token flow are skipped on Basic-only registries.
 */
import { parseChallenges, type Challenge } from '../../src/auth/challenge.js';
import type { RegistryResponse } from '../../src/client/types.js';
import type { CheckContext } from '../../src/conformance/define-suite.js';
import { describeResponse, expectErrorCode, expectStatus, expectThat, fail, type Rule } from '../../src/conformance/expect.js';
import { defineSuite } from '../../src/conformance/define-suite.js';
import { UnsupportedApiError } from '../../src/errors/index.js';
import {
  anonymousPing,
  authorizationAs,
  bearerChallengeOfTarget,
  requestToken,
  requireBasicCredentials,
  requireBearerChallenge,
  requireCredentials,
  requireReadOnlyCredentials,
  requireToken,
  tamperedToken,
} from './auth-helpers.js';
import { buildImage, pushImage, type TestImage } from '../common/pull-helpers.js';
import { statements } from '../common/statements.js';

/** Statuses that refuse a request for lack of rights: 401 `UNAUTHORIZED` / `insufficient_scope`, or 403 `DENIED`. */
const refused = [401, 403];

/** Pushes a one-layer image to a fresh repository of the check with the target's own credentials. */
async function pushedImage(ctx: CheckContext, rule: Rule, suffix?: string): Promise<{ repo: string; image: TestImage }> {
  const repo = ctx.repo(suffix);
  const image = buildImage(ctx, suffix ?? 'image');
  await pushImage(ctx, repo, image, image.manifest.digest, { ...rule, rule: `${rule.rule} (setup)` });
  return { repo, image };
}

/** GET a manifest with an explicit Authorization (no retry, no credentials of the target's). */
function getManifestAs(ctx: CheckContext, repo: string, digest: string, authorization: string): Promise<RegistryResponse> {
  return ctx.client.getManifest(repo, digest, { headers: { authorization }, signal: ctx.signal });
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
      statement: statements.challenge,
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
      level: 'SHOULD',
      strict: "authentication is outside the distribution spec; RFC 9110 lets a server answer refused credentials with 401 or 403, and regatta expects 401 so clients re-authenticate",
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
      id: 'token-endpoint-rejects-wrong-password',
      title: 'The token endpoint refuses a wrong password (401 or 403, no token)',
      level: 'SHOULD',
      strict: "authentication is outside the distribution spec (Docker's token documents use no RFC 2119 keywords); a token for a wrong password is a security hole regatta holds every registry to",
      spec: ['token-auth'],
      api: 'token',
      async run(ctx) {
        const credentials = requireBasicCredentials(ctx);
        const challenge = await requireBearerChallenge(ctx);
        const wrong = { ...credentials, password: `${credentials.password}-wrong` };
        const answer = await requestToken(ctx, challenge, wrong, [`repository:${ctx.repo()}:pull`]);
        const rule = ctx.step('The token endpoint refuses a wrong password');
        if (!refused.includes(answer.status)) {
          fail(rule, 'status 401 or 403', answer.token === undefined ? `status ${answer.status}` : `status ${answer.status} with a token`);
        }
        ctx.note(`token endpoint ${challenge.realm.origin}: status ${answer.status}`);
      },
    },
    {
      id: 'token-bound-to-repository',
      title: 'A token granted for repository A is refused on repository B',
      level: 'SHOULD',
      strict: "authentication is outside the distribution spec (Docker's token documents use no RFC 2119 keywords); a token that opens another repository is a security hole regatta holds every registry to",
      spec: ['token-auth', 'token-scope'],
      api: 'manifest-get',
      async run(ctx) {
        const rule = { rule: 'A token granted for repository A is refused on repository B', spec: ['token-scope'] };
        const credentials = requireBasicCredentials(ctx);
        const challenge = await requireBearerChallenge(ctx);
        const a = await pushedImage(ctx, rule);
        const b = await pushedImage(ctx, rule, 'b');
        const token = await requireToken(ctx, challenge, credentials, [`repository:${a.repo}:pull`]);
        const own = await getManifestAs(ctx, a.repo, a.image.manifest.digest, `Bearer ${token}`);
        expectStatus(own, [200], { ...rule, rule: `${rule.rule} (the token works on A)` });
        const other = await getManifestAs(ctx, b.repo, b.image.manifest.digest, `Bearer ${token}`);
        expectStatus(other, refused, rule);
        ctx.note(`on B: ${describeResponse(other)}`);
      },
    },
    {
      id: 'tampered-token-401',
      title: 'A bearer token with a broken signature is refused with 401, the genuine one accepted',
      level: 'SHOULD',
      strict: "authentication is outside the distribution spec (Docker's token documents use no RFC 2119 keywords); accepting a forged token is a security hole regatta holds every registry to",
      spec: ['token-auth', 'end-1'],
      api: 'ping',
      async run(ctx) {
        const rule = ctx.step('A bearer token with a broken signature is refused with 401');
        const credentials = requireBasicCredentials(ctx);
        const challenge = await requireBearerChallenge(ctx);
        const token = await requireToken(ctx, challenge, credentials, []);
        const genuine = await ctx.client.ping({ headers: { authorization: `Bearer ${token}` }, signal: ctx.signal });
        expectStatus(genuine, [200], { ...rule, rule: `${rule.rule} (the genuine token is accepted)` });
        const forged = await ctx.client.ping({ headers: { authorization: `Bearer ${tamperedToken(token)}` }, signal: ctx.signal });
        expectStatus(forged, [401], rule);
      },
    },
    {
      id: 'read-only-cannot-push',
      title: 'A pull-only account can pull but cannot push (401 or 403)',
      level: 'SHOULD',
      strict: "authorization is outside the distribution spec; a pull-only account that can push is a security hole regatta holds every registry to",
      spec: ['token-scope', 'code-2'],
      api: 'blob-upload',
      async run(ctx) {
        const rule = ctx.step('A pull-only account cannot push');
        const readOnly = requireReadOnlyCredentials(ctx);
        const { repo, image } = await pushedImage(ctx, rule);
        const challenge = await bearerChallengeOfTarget(ctx);
        const pull = await authorizationAs(ctx, challenge, readOnly, [`repository:${repo}:pull`]);
        if (!('header' in pull)) {
          fail({ ...rule, rule: `${rule.rule} (it must still pull)` }, 'a pull token', `token endpoint status ${pull.refusedStatus}`);
        }
        const pulled = await getManifestAs(ctx, repo, image.manifest.digest, pull.header);
        expectStatus(pulled, [200], { ...rule, rule: `${rule.rule} (it must still pull)` });
        const push = await authorizationAs(ctx, challenge, readOnly, [`repository:${repo}:pull,push`]);
        if (!('header' in push)) {
          ctx.note(`the token endpoint refused push outright (status ${push.refusedStatus})`);
          return;
        }
        const started = await ctx.client.startUpload(repo, {}, { headers: { authorization: push.header }, signal: ctx.signal });
        expectStatus(started, refused, rule);
        ctx.note(describeResponse(started));
      },
    },
    {
      id: 'read-only-cannot-delete',
      title: 'A pull-only account cannot delete a manifest, which stays pullable',
      level: 'SHOULD',
      strict: "authorization is outside the distribution spec; a pull-only account that can delete is a security hole regatta holds every registry to",
      spec: ['token-scope', 'end-9', 'code-2'],
      api: 'manifest-delete',
      requires: ['manifest-delete'],
      async run(ctx) {
        const rule = { rule: 'A pull-only account cannot delete a manifest', spec: ['token-scope', 'end-9'] };
        const readOnly = requireReadOnlyCredentials(ctx);
        const { repo, image } = await pushedImage(ctx, rule);
        const digest = image.manifest.digest;
        const auth = await authorizationAs(ctx, await bearerChallengeOfTarget(ctx), readOnly, [`repository:${repo}:delete`]);
        if (!('header' in auth)) {
          ctx.note(`the token endpoint refused delete outright (status ${auth.refusedStatus})`);
        } else {
          const deleted = await ctx.client.deleteManifest(repo, digest, { headers: { authorization: auth.header }, signal: ctx.signal });
          expectStatus(deleted, refused, rule);
          ctx.note(describeResponse(deleted));
        }
        const still = await ctx.client.getManifest(repo, digest, { signal: ctx.signal });
        expectStatus(still, [200], { ...rule, rule: `${rule.rule} (the manifest is still there)` });
      },
    },
    {
      id: 'anonymous-pull',
      title: 'Anonymous clients can pull (capability: public read)',
      level: 'MAY',
      spec: ['token-auth'],
      api: 'manifest-get',
      async run(ctx) {
        const rule = ctx.step('An anonymous client can pull a pushed manifest');
        const probe = await anonymousPing(ctx);
        // A failed push is a broken setup, not "anonymous pull unsupported": it must not read as a capability.
        const { repo, image } = await pushedImage(ctx, rule).catch((error: unknown) => {
          throw new Error(`setup failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
        });
        let authorization = '';
        const bearer = parseChallenges(probe.headers['www-authenticate'] ?? '').some((c) => c.scheme === 'bearer');
        if (bearer) {
          const challenge = await requireBearerChallenge(ctx, probe);
          const answer = await requestToken(ctx, challenge, undefined, [`repository:${repo}:pull`]);
          if (answer.token === undefined) {
            fail(rule, 'an anonymous pull token', `token endpoint status ${answer.status}`);
          }
          authorization = `Bearer ${answer.token}`;
        }
        const pulled = await ctx.client.getManifest(repo, image.manifest.digest, { headers: { authorization }, signal: ctx.signal });
        expectStatus(pulled, [200], rule);
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
