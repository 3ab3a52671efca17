import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthError } from '../errors/index.js';
import type { Exchange } from '../model/index.js';
import { digestOf } from '../oci/digest.js';
import type { AuthProvider, AuthRequest } from './auth-provider.js';
import { createRegistryClient } from './registry-client.js';
import { scopesFor } from './request-scopes.js';
import { startScriptedServer, testTarget, type ScriptedServer } from './test-support/scripted-server.js';
import type { RegistryClient, RegistryResponse } from './types.js';

let server: ScriptedServer | undefined;
let client: RegistryClient | undefined;

afterEach(async () => {
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

/** A token provider stand-in: no token until the first 401, then a fixed one. */
class FakeTokenProvider implements AuthProvider {
  readonly asked: AuthRequest[] = [];
  readonly challenges: string[] = [];
  private token: string | undefined;

  authorization(request: AuthRequest): Promise<string | undefined> {
    this.asked.push(request);
    return Promise.resolve(this.token === undefined ? undefined : `Bearer ${this.token}`);
  }

  onUnauthorized(response: RegistryResponse): Promise<boolean> {
    this.challenges.push(response.headers['www-authenticate'] ?? '');
    this.token = 'fresh-token-value-123';
    return Promise.resolve(true);
  }

  secrets(): readonly string[] {
    return this.token === undefined ? [] : [this.token];
  }
}

/** A registry that wants `Bearer fresh-token-value-123`. */
async function tokenRegistry(): Promise<ScriptedServer> {
  server = await startScriptedServer((req, res) => {
    if (req.headers['authorization'] !== 'Bearer fresh-token-value-123') {
      res.writeHead(401, { 'www-authenticate': 'Bearer realm="http://127.0.0.1/token",service="reg"' });
      res.end('{"errors":[{"code":"UNAUTHORIZED"}]}');
      return;
    }
    res.writeHead(req.method === 'PATCH' ? 202 : 200);
    res.end('{"token":"fresh-token-value-123"}');
  });
  return server;
}

describe('auth plug-in', () => {
  it('retries once after a 401 when the provider says so, and redacts the new token', async () => {
    const s = await tokenRegistry();
    const provider = new FakeTokenProvider();
    const exchanges: Exchange[] = [];
    client = createRegistryClient({ target: testTarget(s.url), auth: provider, recorder: { record: (e) => exchanges.push(e) } });
    const response = await client.getManifest('ns/app', 'v1');
    expect(response.status).toBe(200);
    expect(s.seen.map((r) => r.headers['authorization'])).toEqual([undefined, 'Bearer fresh-token-value-123']);
    expect(provider.challenges).toEqual(['Bearer realm="http://127.0.0.1/token",service="reg"']);
    expect(provider.asked[0]?.scopes).toEqual(['repository:ns/app:pull']);
    expect(exchanges.map((e) => e.response?.status)).toEqual([401, 200]);
    expect(JSON.stringify(exchanges)).not.toContain('fresh-token-value-123');
  });

  it('does not retry a streamed body, nor a request carrying the caller’s own Authorization', async () => {
    const s = await tokenRegistry();
    const provider = new FakeTokenProvider();
    client = createRegistryClient({ target: testTarget(s.url), auth: provider });
    const streamed = await client.patchUpload('/v2/a/blobs/uploads/u', { body: Readable.from([Buffer.from('x')]) });
    expect(streamed.status).toBe(401);
    const own = await client.ping({ headers: { Authorization: 'Basic d3Jvbmc6d3Jvbmc=' } });
    expect(own.status).toBe(401);
    expect(s.seen).toHaveLength(2);
    expect(provider.challenges).toHaveLength(0);
  });

  it('passes each method’s scopes, with pull on the mount source', async () => {
    server = await startScriptedServer((_req, res) => res.end());
    const provider = new FakeTokenProvider();
    client = createRegistryClient({ target: testTarget(server.url), auth: provider });
    await client.startUpload('ns/app', { mount: digestOf('x'), from: 'ns/base' });
    await client.deleteManifest('ns/app', digestOf('x'));
    await client.cancelUpload('/v2/ns/app/blobs/uploads/u1');
    await client.catalog();
    await client.ping();
    expect(provider.asked.map((r) => r.scopes)).toEqual([
      ['repository:ns/app:pull,push', 'repository:ns/base:pull'],
      ['repository:ns/app:delete'],
      ['repository:ns/app:pull,push'],
      ['registry:catalog:*'],
      [],
    ]);
  });

  it('sends Basic credentials from the target and refuses plain http beyond loopback', async () => {
    server = await startScriptedServer((_req, res) => res.end());
    const credentials = { kind: 'basic', username: 'u', password: 'p4ssw0rd' } as const;
    client = createRegistryClient({ target: testTarget(server.url, { credentials }) });
    await client.ping();
    expect(server.seen[0]?.headers['authorization']).toBe(`Basic ${Buffer.from('u:p4ssw0rd').toString('base64')}`);
    const remote = createRegistryClient({ target: testTarget('http://registry.example.invalid', { credentials }) });
    const error = await remote.ping().catch((e: unknown) => e);
    await remote.close();
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).message).toBe('refusing to send credentials over plain http to registry.example.invalid');
  });
});

describe('scopesFor', () => {
  it('derives repository and action from the path, names with slashes included', () => {
    const u = (path: string) => new URL(path, 'http://h');
    expect(scopesFor('HEAD', u('/v2/a/b/c/blobs/sha256:1'))).toEqual(['repository:a/b/c:pull']);
    expect(scopesFor('PUT', u('/v2/a/manifests/v1'))).toEqual(['repository:a:pull,push']);
    expect(scopesFor('GET', u('/v2/a/b/tags/list'))).toEqual(['repository:a/b:pull']);
    expect(scopesFor('GET', u('/v2/a/referrers/sha256:1'))).toEqual(['repository:a:pull']);
    expect(scopesFor('GET', u('/v2/'))).toEqual([]);
    expect(scopesFor('GET', u('/elsewhere'))).toEqual([]);
  });
});
