import { afterEach, describe, expect, it } from 'vitest';
import { startScriptedServer, type ScriptedServer } from '../src/client/test-support/scripted-server.js';
import type { TargetCredentials } from '../src/config/target.js';
import { runConformance } from '../src/conformance/run-conformance.js';
import auth from './11-auth.js';

let server: ScriptedServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const PASSWORD = 'suite-pw-7Gq';
const good = `Basic ${Buffer.from(`rw:${PASSWORD}`).toString('base64')}`;

/** A Basic-auth registry; `quirks` bends its answers. */
async function basicRegistry(quirks: { wrongPassword?: number; challenge?: string | null; anonymousOk?: boolean } = {}) {
  server = await startScriptedServer((request, response) => {
    const header = request.headers['authorization'];
    if (header === good || quirks.anonymousOk === true) {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      return;
    }
    const status = header === undefined ? 401 : (quirks.wrongPassword ?? 401);
    const challenge = quirks.challenge === undefined ? 'Basic realm="lab"' : quirks.challenge;
    response.writeHead(status, { 'content-type': 'application/json', ...(challenge === null ? {} : { 'www-authenticate': challenge }) });
    response.end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
  });
  return server;
}

/** Runs the auth suite against the server; returns status and message per full check id. */
async function runAuth(url: string, credentials: TargetCredentials): Promise<Record<string, string>> {
  const run = await runConformance({
    targets: [{ name: 't', url, namespace: 'ns', credentials, tls: { insecure: false }, requestTimeoutMs: 5_000 }],
    suites: [auth],
    runId: 'auth0001',
    checkTimeoutMs: 10_000,
  });
  const checks = run.targets.flatMap((target) => target.suites.flatMap((suite) => suite.checks));
  return Object.fromEntries(
    checks.map((check) => [check.id, `${check.status}${'reason' in check ? `: ${check.reason}` : 'errors' in check ? `: ${check.errors[0]?.message ?? ''}` : ''}`]),
  );
}

const rw: TargetCredentials = { kind: 'basic', username: 'rw', password: PASSWORD };

describe('auth suite', () => {
  it('passes on a Basic registry, skipping the realm check over plain http', async () => {
    const s = await basicRegistry();
    const result = await runAuth(s.url, rw);
    expect(result).toEqual({
      'auth/anonymous-v2-401-challenge': 'passed',
      'auth/anonymous-v2-unauthorized-body': 'passed',
      'auth/wrong-password-401': 'passed',
      'auth/realm-https': 'skipped: capability not supported: auth-https (the target is plain http)',
    });
    const anonymousPings = s.seen.filter((r) => r.url === '/v2/' && r.headers['authorization'] === undefined);
    expect(anonymousPings.length).toBeGreaterThanOrEqual(2);
    expect(s.seen.some((r) => r.headers['authorization'] === `Basic ${Buffer.from(`rw:${PASSWORD}-wrong`).toString('base64')}`)).toBe(true);
  });

  it('skips every check, with the reason, when the target is anonymous', async () => {
    const s = await basicRegistry({ anonymousOk: true });
    const result = await runAuth(s.url, { kind: 'anonymous' });
    expect(Object.values(result)).toHaveLength(4);
    for (const value of Object.values(result)) {
      expect(value).toMatch(/^skipped: /);
    }
    expect(result['auth/anonymous-v2-401-challenge']).toBe(
      'skipped: capability not supported: auth-credentials (the target is anonymous; give it credentials to run the auth checks)',
    );
  });

  it('skips when the registry lets anonymous clients in', async () => {
    const s = await basicRegistry({ anonymousOk: true });
    const result = await runAuth(s.url, rw);
    expect(result['auth/anonymous-v2-401-challenge']).toMatch(/allows anonymous access/);
  });

  it('fails a 403 for a wrong password and a 401 without a challenge', async () => {
    const forbidden = await basicRegistry({ wrongPassword: 403 });
    expect((await runAuth(forbidden.url, rw))['auth/wrong-password-401']).toBe(
      'failed: GET /v2/ with a wrong password returns 401 (not 200, 403 or 5xx): expected status 401, got status 403 UNAUTHORIZED',
    );
    await forbidden.close();
    const bare = await basicRegistry({ challenge: null });
    const result = await runAuth(bare.url, rw);
    expect(result['auth/anonymous-v2-401-challenge']).toBe(
      'failed: GET /v2/ without credentials returns 401 with a parseable WWW-Authenticate challenge: expected a WWW-Authenticate header, got none',
    );
    expect(result['auth/anonymous-v2-unauthorized-body']).toMatch(/^skipped: /);
  });

  it('fails a garbage challenge with the parser’s message, never a crash', async () => {
    const s = await basicRegistry({ challenge: 'Bearer realm="unterminated' });
    const result = await runAuth(s.url, rw);
    expect(result['auth/anonymous-v2-401-challenge']).toMatch(/^failed: .*expected a parseable challenge, got cannot parse WWW-Authenticate header at character \d+: unterminated quoted string$/);
  });
});
