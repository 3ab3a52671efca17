import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer as createHttpServer, type RequestListener } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TargetCredentials } from '../../src/config/target.js';
import { runConformance } from '../../src/conformance/run-conformance.js';
import { startFakeRegistry, type FakeRegistry } from '../../src/conformance/test-support/fake-registry.js';
import { tokenGate, tokenGateUsers, type TokenGateBreaks } from '../../src/conformance/test-support/token-gate.js';
import { createLabTlsFiles } from '../../src/lab/lab-tls.js';
import auth from './index.js';

let fake: FakeRegistry | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const PASSWORD = 'suite-pw-7Gq';
const good = `Basic ${Buffer.from(`rw:${PASSWORD}`).toString('base64')}`;

/** The fake registry behind Basic auth (one user, no permissions); `quirks` bends its answers. */
async function basicRegistry(quirks: { wrongPassword?: number; challenge?: string | null; anonymousOk?: boolean } = {}) {
  await fake?.close();
  fake = await startFakeRegistry({
    faults: {
      before(req, res) {
        const header = req.headers['authorization'];
        if (header === good || quirks.anonymousOk === true) {
          return false;
        }
        const status = header === undefined ? 401 : (quirks.wrongPassword ?? 401);
        const challenge = quirks.challenge === undefined ? 'Basic realm="lab"' : quirks.challenge;
        res.writeHead(status, { 'content-type': 'application/json', ...(challenge === null ? {} : { 'www-authenticate': challenge }) });
        res.end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
        return true;
      },
    },
  });
  const registry = fake;
  return {
    url: registry.url,
    seen: registry.requests,
    close: async () => {
      fake = fake === registry ? undefined : fake;
      await registry.close();
    },
  };
}

/** Runs the auth suite against the server; returns status and message per full check id. */
async function runAuth(
  url: string,
  credentials: TargetCredentials,
  readOnlyCredentials?: Extract<TargetCredentials, { kind: 'basic' }>,
): Promise<Record<string, string>> {
  const run = await runConformance({
    targets: [
      {
        name: 't',
        url,
        namespace: 'ns',
        credentials,
        ...(readOnlyCredentials === undefined ? {} : { readOnlyCredentials }),
        tls: { insecure: false },
        requestTimeoutMs: 5_000,
      },
    ],
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
      'auth/token-endpoint-rejects-wrong-password': 'skipped: capability not supported: auth-bearer (the registry offers no Bearer challenge with a realm)',
      'auth/token-bound-to-repository': 'skipped: capability not supported: auth-bearer (the registry offers no Bearer challenge with a realm)',
      'auth/tampered-token-401': 'skipped: capability not supported: auth-bearer (the registry offers no Bearer challenge with a realm)',
      'auth/read-only-cannot-push': 'skipped: capability not supported: auth-read-only (no pull-only account configured (auth.readOnly.username / password))',
      'auth/read-only-cannot-delete': 'skipped: capability not supported: auth-read-only (no pull-only account configured (auth.readOnly.username / password))',
      'auth/anonymous-pull': 'skipped: capability not supported: An anonymous client can pull a pushed manifest: expected status 200, got status 401 UNAUTHORIZED',
      'auth/realm-https': 'skipped: capability not supported: auth-https (the target is plain http)',
    });
    const anonymousPings = s.seen.filter((r) => r.url === '/v2/' && r.headers['authorization'] === undefined);
    expect(anonymousPings.length).toBeGreaterThanOrEqual(2);
    expect(s.seen.some((r) => r.headers['authorization'] === `Basic ${Buffer.from(`rw:${PASSWORD}-wrong`).toString('base64')}`)).toBe(true);
  });

  it('skips every check, with the reason, when the target is anonymous', async () => {
    const s = await basicRegistry({ anonymousOk: true });
    const result = await runAuth(s.url, { kind: 'anonymous' });
    expect(Object.values(result)).toHaveLength(10);
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
      'warned: GET /v2/ with a wrong password returns 401 (not 200, 403 or 5xx): expected status 401, got status 403 UNAUTHORIZED',
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

const gateRw: TargetCredentials = { kind: 'basic', username: 'rw', password: tokenGateUsers.rw };
const gateRo = { kind: 'basic' as const, username: 'ro', password: tokenGateUsers.ro };

/** Runs the auth suite against the fake registry behind a token gate with `breaks`. */
async function runGated(breaks: TokenGateBreaks = {}): Promise<Record<string, string>> {
  await fake?.close();
  fake = await startFakeRegistry({ faults: tokenGate(breaks) });
  return runAuth(fake.url, gateRw, gateRo);
}

describe('auth suite on a token registry', () => {
  it('passes every token check on a registry that keeps the rules', async () => {
    expect(await runGated()).toEqual({
      'auth/anonymous-v2-401-challenge': 'passed',
      'auth/anonymous-v2-unauthorized-body': 'passed',
      'auth/wrong-password-401': 'skipped: capability not supported: auth-basic (the registry does not offer Basic (challenges: bearer))',
      'auth/token-endpoint-rejects-wrong-password': 'passed',
      'auth/token-bound-to-repository': 'passed',
      'auth/tampered-token-401': 'passed',
      'auth/read-only-cannot-push': 'passed',
      'auth/read-only-cannot-delete': 'passed',
      'auth/anonymous-pull': 'passed',
      'auth/realm-https': 'skipped: capability not supported: auth-https (the target is plain http)',
    });
  });

  it.each([
    [{ wrongPasswordGetsToken: true }, 'auth/token-endpoint-rejects-wrong-password', 'warned: The token endpoint refuses a wrong password: expected status 401 or 403, got status 200 with a token'],
    [{ ignoresRepository: true }, 'auth/token-bound-to-repository', 'warned: A token granted for repository A is refused on repository B: expected status 401 or 403, got status 200'],
    [{ acceptsTamperedTokens: true }, 'auth/tampered-token-401', 'warned: A bearer token with a broken signature is refused with 401: expected status 401, got status 200'],
    [{ readOnlyCanPush: true }, 'auth/read-only-cannot-push', 'warned: A pull-only account cannot push: expected status 401 or 403, got status 202'],
    [{ readOnlyCanDelete: true }, 'auth/read-only-cannot-delete', 'warned: A pull-only account cannot delete a manifest: expected status 401 or 403, got status 202'],
  ] as const)('warns (fails under the strict profile) when the registry breaks the rule: %o', async (breaks, check, verdict) => {
    const result = await runGated(breaks);
    expect(result[check]).toBe(verdict);
    const failed = Object.entries(result).filter(([, value]) => /^(failed|warned)/.test(value));
    expect(failed.map(([id]) => id)).toEqual([check]);
  });

  it('reports anonymous pull as unsupported when anonymous clients get no token', async () => {
    const result = await runGated({ noAnonymousPull: true });
    expect(result['auth/anonymous-pull']).toBe(
      'skipped: capability not supported: An anonymous client can pull a pushed manifest: expected an anonymous pull token, got token endpoint status 401',
    );
  });

  it('skips the pull-only checks, naming the setting, without a pull-only account', async () => {
    fake = await startFakeRegistry({ faults: tokenGate() });
    const result = await runAuth(fake.url, gateRw);
    expect(result['auth/read-only-cannot-push']).toBe(
      'skipped: capability not supported: auth-read-only (no pull-only account configured (auth.readOnly.username / password))',
    );
    expect(result['auth/token-bound-to-repository']).toBe('passed');
  });
});

describe('auth suite on an https registry', () => {
  it('fails realm-https when the https registry names a plain-http token realm, and passes an https one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'regatta-auth-https-'));
    try {
      const tls = await createLabTlsFiles(dir);
      // The registry hands out token "t" at its own /token (https) and accepts it; a plain-http twin does the same.
      const handler: RequestListener = (req, res) => {
        if (req.url?.startsWith('/token') === true) {
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"token":"t"}');
        } else if (req.headers.authorization === 'Bearer t') {
          res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        } else {
          res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': `Bearer realm="${realm}",service="s"` });
          res.end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
        }
      };
      let realm = '';
      const registry = createServer({ cert: await readFile(tls.serverCertFile), key: await readFile(tls.serverKeyFile) }, handler);
      const plain = createHttpServer(handler);
      await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
      await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
      const verdictFor = async (realmUrl: string): Promise<string | undefined> => {
        realm = realmUrl;
        const url = `https://127.0.0.1:${(registry.address() as AddressInfo).port}`;
        const run = await runConformance({
          targets: [{ name: 't', url, namespace: 'ns', credentials: rw, tls: { insecure: false, caFile: tls.caFile }, requestTimeoutMs: 5_000 }],
          suites: [auth],
          runId: 'auth0002',
          checkTimeoutMs: 10_000,
        });
        const check = run.targets[0]?.suites[0]?.checks.find((c) => c.id === 'auth/realm-https');
        return check === undefined ? run.targets[0]?.error : `${check.status}${'errors' in check ? `: ${check.errors[0]?.message ?? ''}` : ''}`;
      };
      try {
        const registryPort = (registry.address() as AddressInfo).port;
        const plainPort = (plain.address() as AddressInfo).port;
        expect(await verdictFor(`http://127.0.0.1:${plainPort}/token`)).toBe(
          `warned: An https registry names an https token realm: expected https:// realms, got http://127.0.0.1:${plainPort}/token`,
        );
        expect(await verdictFor(`https://127.0.0.1:${registryPort}/token`)).toBe('passed');
      } finally {
        for (const server of [registry, plain]) {
          server.closeAllConnections();
          await new Promise((resolve) => server.close(resolve));
        }
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
