import { afterEach, describe, expect, it } from 'vitest';
import { createRegistryClient } from '../client/registry-client.js';
import { startScriptedServer, testTarget, type ScriptedServer } from '../client/test-support/scripted-server.js';
import type { RegistryClient } from '../client/types.js';
import { AuthError } from '../errors/index.js';
import type { Exchange } from '../model/index.js';
import { digestOf } from '../oci/digest.js';
import type { AuthCredentials } from './auth-credentials.js';
import { startTokenWorld, type TokenWorld, type TokenWorldOptions } from './test-support/token-world.js';
import { TokenAuthProvider } from './token-auth-provider.js';

const PASSWORD = 'pw-Zq8-very-secret';
const REFRESH = 'refresh-Kp3-identity';

let world: TokenWorld | undefined;
let extra: ScriptedServer | undefined;
const clients: RegistryClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) {
    await client.close();
  }
  await world?.close();
  await extra?.close();
  world = undefined;
  extra = undefined;
});

/** A world, a provider over it and a recording client. */
async function setup(
  options: TokenWorldOptions,
  credentials: AuthCredentials,
  extras: { now?: () => number; oauthPassword?: boolean; insecure?: boolean } = {},
): Promise<{ w: TokenWorld; client: RegistryClient; provider: TokenAuthProvider; exchanges: Exchange[] }> {
  const w = await startTokenWorld({ users: { alice: PASSWORD }, refreshTokens: [REFRESH], ...options });
  world = w;
  const target = testTarget(w.registry.url, { tls: { insecure: extras.insecure ?? false } });
  const provider = new TokenAuthProvider({
    target,
    credentials,
    ...(extras.now === undefined ? {} : { now: extras.now }),
    ...(extras.oauthPassword === undefined ? {} : { oauthPassword: extras.oauthPassword }),
  });
  const exchanges: Exchange[] = [];
  const client = createRegistryClient({ target, auth: provider, recorder: { record: (e) => exchanges.push(e) } });
  clients.push(client);
  return { w, client, provider, exchanges };
}

const alice: AuthCredentials = { kind: 'basic', username: 'alice', password: PASSWORD };

describe('TokenAuthProvider: Docker token flow', () => {
  it('answers a Bearer challenge with a GET to the realm (service, scope, Basic), then reuses the cached token', async () => {
    const { w, client } = await setup({}, alice);
    expect((await client.getManifest('ns/app', 'v1')).status).toBe(200);
    expect((await client.getManifest('ns/app', 'v2')).status).toBe(200);
    expect(w.tokens.seen).toHaveLength(1);
    const asked = new URL(w.tokens.seen[0]?.url ?? '', 'http://x');
    expect(asked.pathname).toBe('/token');
    expect(asked.searchParams.get('service')).toBe('reg');
    expect(asked.searchParams.getAll('scope')).toEqual(['repository:ns/app:pull']);
    expect(w.tokens.seen[0]?.headers['authorization']).toBe(`Basic ${Buffer.from(`alice:${PASSWORD}`).toString('base64')}`);
    // First request: preemptive Basic, 401, then the token; second: the cached token at once.
    expect(w.registry.seen.map((r) => r.headers['authorization']?.split(' ')[0])).toEqual(['Basic', 'Bearer', 'Bearer']);
  });

  it('accepts access_token, and works anonymously', async () => {
    const { w, client } = await setup({ field: 'access_token' }, { kind: 'anonymous' });
    expect((await client.getManifest('lib/x', 'v1')).status).toBe(200);
    expect(w.tokens.seen[0]?.headers['authorization']).toBeUndefined();
  });

  it('widens pull to pull,push and asks pull on the mount source as its own scope', async () => {
    const { w, client } = await setup({}, alice);
    await client.getManifest('ns/app', 'v1');
    expect((await client.startUpload('ns/app', { mount: digestOf('x'), from: 'ns/base' })).status).toBe(202);
    expect(w.tokens.seen).toHaveLength(2);
    const scopes = new URL(w.tokens.seen[1]?.url ?? '', 'http://x').searchParams.getAll('scope');
    expect(scopes).toEqual(['repository:ns/app:pull,push', 'repository:ns/base:pull']);
  });

  it('honours expires_in and the 60 s default with an injected clock', async () => {
    let now = 1_000_000;
    const { w, client } = await setup({ expiresIn: 300 }, alice, { now: () => now });
    await client.getManifest('ns/app', 'v1');
    now += 200_000;
    await client.getManifest('ns/app', 'v1');
    expect(w.tokens.seen).toHaveLength(1);
    now += 101_000;
    await client.getManifest('ns/app', 'v1');
    expect(w.tokens.seen).toHaveLength(2);
    await world?.close();

    let later = 0;
    const second = await setup({}, alice, { now: () => later });
    await second.client.getManifest('ns/app', 'v1');
    later = 30_000;
    await second.client.getManifest('ns/app', 'v1');
    expect(second.w.tokens.seen).toHaveLength(1);
    later = 61_000;
    await second.client.getManifest('ns/app', 'v1');
    expect(second.w.tokens.seen).toHaveLength(2);
  });

  it('re-authenticates when the registry rejects a cached token mid-run', async () => {
    const { w, client } = await setup({ expiresIn: 3600 }, alice);
    await client.getManifest('ns/app', 'v1');
    w.revokeAll();
    expect((await client.getManifest('ns/app', 'v1')).status).toBe(200);
    expect(w.tokens.seen).toHaveLength(2);
  });

  it('handles 403 insufficient_scope once with a fresh token', async () => {
    const { w, client } = await setup({ narrowFirstGrant: true }, alice);
    const response = await client.putManifest('ns/app', 'v1', '{}', 'application/json');
    expect(response.status).toBe(200);
    expect(w.registry.seen.map((r) => r.method)).toEqual(['PUT', 'PUT', 'PUT']);
    expect(w.tokens.seen).toHaveLength(2);
  });

  it('remembers actions a challenge adds (delete to cancel an upload), so the retry and later requests carry them', async () => {
    const { w, client } = await setup({ deleteForEveryDelete: true, expiresIn: 3600 }, alice);
    expect((await client.startUpload('ns/app')).status).toBe(202);
    expect((await client.cancelUpload('/v2/ns/app/blobs/uploads/1')).status).toBe(200);
    expect(w.registry.seen.map((r) => r.method)).toEqual(['POST', 'POST', 'DELETE', 'DELETE']);
    expect(w.tokens.seen.map((r) => new URL(r.url, 'http://t').searchParams.getAll('scope'))).toEqual([
      ['repository:ns/app:pull,push'],
      ['repository:ns/app:delete,pull,push'],
    ]);
    // The widened token serves every later request on the repository: no more round trips to the token server.
    expect((await client.cancelUpload('/v2/ns/app/blobs/uploads/2')).status).toBe(200);
    expect((await client.startUpload('ns/app')).status).toBe(202);
    expect(w.tokens.seen).toHaveLength(2);
  });

  it('exchanges an identity token with the OAuth2 refresh_token POST', async () => {
    const { w, client } = await setup({}, { kind: 'identity-token', username: '<token>', identityToken: REFRESH });
    expect((await client.getManifest('ns/app', 'v1')).status).toBe(200);
    expect(w.tokens.seen[0]?.method).toBe('POST');
    const form = new URLSearchParams(w.tokens.seen[0]?.body.toString('utf8'));
    expect(form.get('grant_type')).toBe('refresh_token');
    expect(form.get('service')).toBe('reg');
    expect(form.get('scope')).toBe('repository:ns/app:pull');
  });

  it('uses the OAuth2 password grant when asked, falling back to GET on 404', async () => {
    const { w, client } = await setup({}, alice, { oauthPassword: true });
    await client.getManifest('ns/app', 'v1');
    expect(new URLSearchParams(w.tokens.seen[0]?.body.toString('utf8')).get('grant_type')).toBe('password');
    await world?.close();
    const second = await setup({ oauth: false }, alice, { oauthPassword: true });
    expect((await second.client.getManifest('ns/app', 'v1')).status).toBe(200);
    expect(second.w.tokens.seen.map((r) => r.method)).toEqual(['POST', 'GET']);
  });

  it('turns bad credentials at the token server into a clear AuthError', async () => {
    const { client } = await setup({}, { kind: 'basic', username: 'alice', password: 'wrong-password' });
    const error = await client.getManifest('ns/app', 'v1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).message).toMatch(/^token server http:\/\/127\.0\.0\.1:\d+ refused the credentials \(status 401\)$/);
    expect((error as AuthError).message).not.toContain('wrong-password');
  });

  it('says so when the token server is down', async () => {
    const { w, client } = await setup({}, alice);
    await w.tokens.close();
    const error = await client.getManifest('ns/app', 'v1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).message).toMatch(/^token server http:\/\/127\.0\.0\.1:\d+ could not be reached/);
  });

  it('never sends credentials to a plain-http realm beyond loopback', async () => {
    const { w, client } = await setup({ realm: 'http://tokens.example.invalid/token' }, alice);
    const error = await client.getManifest('ns/app', 'v1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).message).toBe('refusing to send credentials over plain http to the token realm tokens.example.invalid');
    expect(w.tokens.seen).toHaveLength(0);
  });

  it('answers a Basic challenge with Basic credentials; a wrong password is the registry’s 401', async () => {
    const encoded = Buffer.from(`alice:${PASSWORD}`).toString('base64');
    extra = await startScriptedServer((request, response) => {
      if (request.headers['authorization'] === `Basic ${encoded}`) {
        response.end('{}');
        return;
      }
      response.writeHead(401, { 'www-authenticate': 'Basic realm="registry"' }).end('{"errors":[{"code":"UNAUTHORIZED"}]}');
    });
    const make = (credentials: AuthCredentials): RegistryClient => {
      const target = testTarget(extra?.url ?? '');
      const client = createRegistryClient({ target, auth: new TokenAuthProvider({ target, credentials }) });
      clients.push(client);
      return client;
    };
    expect((await make(alice).ping()).status).toBe(200);
    expect((await make({ kind: 'basic', username: 'alice', password: 'nope' }).ping()).status).toBe(401);
    expect((await make({ kind: 'anonymous' }).ping()).status).toBe(401);
    expect(extra.seen).toHaveLength(3);
  });

  it('shares one token fetch between concurrent requests for the same scopes', async () => {
    const { w, client } = await setup({}, alice);
    await client.ping();
    const before = w.tokens.seen.length;
    const statuses = await Promise.all([1, 2, 3, 4].map((n) => client.getManifest('ns/app', `v${n}`)));
    expect(statuses.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(w.tokens.seen.length - before).toBe(1);
  });

  it('keeps every password and token out of the recorded transcripts', async () => {
    const { w, client, provider, exchanges } = await setup({}, alice);
    await client.getManifest('ns/app', 'v1');
    await client.startUpload('ns/app', { mount: digestOf('x'), from: 'ns/base' });
    await client.deleteManifest('ns/app', digestOf('x'));
    const text = JSON.stringify(exchanges);
    expect(exchanges.length).toBeGreaterThanOrEqual(4);
    expect(w.issued.length).toBeGreaterThanOrEqual(2);
    const secrets = [PASSWORD, Buffer.from(`alice:${PASSWORD}`).toString('base64'), ...w.issued];
    for (const secret of secrets) {
      expect(text).not.toContain(secret);
      expect(provider.secrets()).toContain(secret);
    }
  });
});
