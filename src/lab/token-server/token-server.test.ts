import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importX509, jwtVerify, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSigningCert, type SigningCert } from './signing-cert.js';
import { startLabTokenServer, type LabTokenServer } from './token-server.js';
import { createTokenSigner } from './token-signer.js';

const service = 'regatta-lab';
const issuer = 'regatta-lab-token-server';
const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

let dir: string;
let cert: SigningCert;
let server: LabTokenServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'regatta-token-server-'));
  cert = await createSigningCert(dir);
  server = await startLabTokenServer({
    service,
    signer: await createTokenSigner({ keyPem: cert.keyPem, certPem: cert.certPem, issuer, service }),
    policy: {
      users: {
        rw: { password: 'rw-secret', rights: { repositoryActions: ['pull', 'push', 'delete'], catalog: true } },
        ro: { password: 'ro-secret', rights: { repositoryActions: ['pull'], catalog: false } },
      },
      anonymous: { repositoryActions: ['pull'], catalog: false },
    },
  });
});

afterAll(async () => {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
});

/** GETs a token; returns the status and the verified claims when 200. */
async function getToken(query: string, authorization?: string): Promise<{ status: number; claims?: JWTPayload; body: Record<string, unknown> }> {
  const response = await fetch(`${server.realm}?${query}`, { headers: authorization === undefined ? {} : { authorization } });
  const body = (await response.json()) as Record<string, unknown>;
  if (response.status !== 200) {
    return { status: response.status, body };
  }
  const key = await importX509(cert.certPem, 'ES256');
  const { payload } = await jwtVerify(String(body['token']), key, { issuer, audience: service, clockTolerance: 0 });
  return { status: 200, claims: payload, body };
}

describe('lab token server', () => {
  it('grants each user the requested actions it holds, signed with the lab certificate', async () => {
    const scope = 'scope=repository:team/app:pull,push,delete&scope=registry:catalog:*';
    const rw = await getToken(`service=${service}&${scope}`, basic('rw', 'rw-secret'));
    expect(rw.claims?.['access']).toEqual([
      { type: 'registry', name: 'catalog', actions: ['*'] },
      { type: 'repository', name: 'team/app', actions: ['delete', 'pull', 'push'] },
    ]);
    expect(rw.claims?.sub).toBe('rw');
    expect(rw.body['expires_in']).toBe(300);
    const ro = await getToken(`service=${service}&${scope}`, basic('ro', 'ro-secret'));
    expect(ro.claims?.['access']).toEqual([{ type: 'repository', name: 'team/app', actions: ['pull'] }]);
    const anonymous = await getToken(`service=${service}&scope=repository:team/app:push,pull`);
    expect(anonymous.claims?.['access']).toEqual([{ type: 'repository', name: 'team/app', actions: ['pull'] }]);
    expect(anonymous.claims?.sub).toBe('');
  });

  it('refuses a wrong password, a non-Basic scheme, an unknown user and an unknown service', async () => {
    expect((await getToken(`service=${service}`, basic('rw', 'nope'))).status).toBe(401);
    expect((await getToken(`service=${service}`, basic('__proto__', 'x'))).status).toBe(401);
    expect((await getToken(`service=${service}`, 'Bearer abc')).status).toBe(401);
    expect((await getToken('service=elsewhere', basic('rw', 'rw-secret'))).status).toBe(400);
    expect(server.issued.at(-1)?.subject).not.toBe('__proto__');
  });

  it('serves the OAuth2 password and refresh_token grants, and refuses bad grants with 400', async () => {
    const post = (form: Record<string, string>): Promise<Response> =>
      fetch(server.realm, { method: 'POST', body: new URLSearchParams({ service, client_id: 'test', ...form }) });
    const password = await post({ grant_type: 'password', username: 'rw', password: 'rw-secret', access_type: 'offline', scope: 'repository:a:pull' });
    expect(password.status).toBe(200);
    const body = (await password.json()) as Record<string, unknown>;
    expect(typeof body['access_token']).toBe('string');
    expect(body['token']).toBeUndefined();
    const refresh = String(body['refresh_token']);
    expect(refresh.length).toBeGreaterThan(20);
    const refreshed = await post({ grant_type: 'refresh_token', refresh_token: refresh, scope: 'repository:a:pull repository:b:push' });
    expect(refreshed.status).toBe(200);
    expect(server.issued.at(-1)).toEqual({
      subject: 'rw',
      access: [
        { type: 'repository', name: 'a', actions: ['pull'] },
        { type: 'repository', name: 'b', actions: ['push'] },
      ],
    });
    const identity = server.identityTokenFor('ro');
    expect((await post({ grant_type: 'refresh_token', refresh_token: identity })).status).toBe(200);
    expect(server.issued.at(-1)?.subject).toBe('ro');
    expect((await post({ grant_type: 'password', username: 'rw', password: 'bad' })).status).toBe(400);
    expect((await post({ grant_type: 'refresh_token', refresh_token: 'made-up' })).status).toBe(400);
    expect((await post({ grant_type: 'client_credentials' })).status).toBe(400);
    expect((await fetch(server.realm, { method: 'POST', body: new URLSearchParams({ service, grant_type: 'password' }) })).status).toBe(400);
  });

  it('makes the next tokens already expired beyond the registry leeway when told to', async () => {
    server.expireNext(1);
    const response = await fetch(`${server.realm}?service=${service}`, { headers: { authorization: basic('rw', 'rw-secret') } });
    const body = (await response.json()) as Record<string, unknown>;
    expect(body['expires_in']).toBe(300);
    const key = await importX509(cert.certPem, 'ES256');
    const verified = await jwtVerify(String(body['token']), key).catch((error: unknown) => error);
    expect((verified as { code?: string }).code).toBe('ERR_JWT_EXPIRED');
    const next = await getToken(`service=${service}`, basic('rw', 'rw-secret'));
    expect(next.status).toBe(200);
    expect(Number(next.claims?.exp) * 1000).toBeGreaterThan(Date.now() + 200_000);
  });
});
