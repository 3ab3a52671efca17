import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { NetworkError } from '../errors/index.js';
import type { Exchange } from '../model/index.js';
import { digestOf } from '../oci/digest.js';
import { createRegistryClient } from './registry-client.js';
import { MAX_REDIRECTS } from './send-request.js';
import { startScriptedServer, testTarget, type ScriptedServer } from './test-support/scripted-server.js';
import type { RegistryClient } from './types.js';

const servers: ScriptedServer[] = [];
let client: RegistryClient | undefined;

afterEach(async () => {
  await client?.close();
  client = undefined;
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const password = 'redirect-secret-pw';
const basic = `Basic ${Buffer.from(`me:${password}`).toString('base64')}`;

/** A storage host that serves bytes, and a registry that redirects blob GETs to it (or to itself). */
async function setup(redirectTo: 'other-host' | 'same-host', status = 307) {
  const storage = await startScriptedServer((_req, res) => {
    res.end('blob-bytes');
  });
  servers.push(storage);
  const registry = await startScriptedServer((req, res) => {
    if (req.url.startsWith('/v2/a/blobs/')) {
      const where = redirectTo === 'other-host' ? `${storage.url}/signed/blob?X-Amz-Signature=s3cr3t` : '/storage/blob';
      res.writeHead(status, { location: where });
      res.end();
      return;
    }
    res.end('blob-bytes');
  });
  servers.push(registry);
  const exchanges: Exchange[] = [];
  client = createRegistryClient({
    target: testTarget(registry.url, { credentials: { kind: 'basic', username: 'me', password } }),
    recorder: { record: (e) => exchanges.push(e) },
  });
  return { storage, registry, client, exchanges };
}

describe('redirects', () => {
  it('follow a 307 to another host without Authorization or Cookie, recording each hop', async () => {
    const { storage, registry, client: c, exchanges } = await setup('other-host');
    const response = await c.getBlob('a', digestOf('x'), { headers: { cookie: 'sid=1' } });
    expect(response.status).toBe(200);
    expect(response.text()).toBe('blob-bytes');
    expect(response.url).toBe(`${storage.url}/signed/blob?X-Amz-Signature=s3cr3t`);
    expect(response.redirects).toEqual([`${storage.url}/signed/blob?X-Amz-Signature=REDACTED`]);
    expect(registry.seen[0]?.headers['authorization']).toBe(basic);
    expect(registry.seen[0]?.headers['cookie']).toBe('sid=1');
    expect(storage.seen[0]?.headers['authorization']).toBeUndefined();
    expect(storage.seen[0]?.headers['cookie']).toBeUndefined();
    expect(exchanges.map((e) => e.response?.status)).toEqual([307, 200]);
    expect(exchanges[1]?.request.url).toBe(`${storage.url}/signed/blob?X-Amz-Signature=REDACTED`);
    expect(JSON.stringify(exchanges)).not.toContain('s3cr3t');
  });

  it('keep Authorization on a same-host redirect', async () => {
    const { registry, client: c } = await setup('same-host', 302);
    const response = await c.getBlob('a', digestOf('x'));
    expect(response.status).toBe(200);
    expect(registry.seen.map((r) => r.url)).toEqual([`/v2/a/blobs/${digestOf('x')}`, '/storage/blob']);
    expect(registry.seen[1]?.headers['authorization']).toBe(basic);
  });

  it('are returned as data when followRedirects is false', async () => {
    const { storage, client: c } = await setup('other-host');
    const response = await c.getBlob('a', digestOf('x'), { followRedirects: false });
    expect(response.status).toBe(307);
    expect(storage.seen).toHaveLength(0);
  });

  it('stop after MAX_REDIRECTS hops and hand back the last 3xx', async () => {
    const loop = await startScriptedServer((req, res) => {
      const n = Number(new URL(req.url, 'http://x').searchParams.get('n') ?? '0');
      res.writeHead(302, { location: `/v2/loop?n=${n + 1}` });
      res.end();
    });
    servers.push(loop);
    client = createRegistryClient({ target: testTarget(loop.url) });
    const response = await client.request('GET', '/v2/loop');
    expect(response.status).toBe(302);
    expect(response.redirects).toHaveLength(MAX_REDIRECTS);
    expect(loop.seen).toHaveLength(MAX_REDIRECTS + 1);
  });

  it('turn a 303 into a bodiless GET and replay in-memory bodies on 307', async () => {
    const s = await startScriptedServer((req, res) => {
      if (req.url === '/v2/a/blobs/uploads/') {
        res.writeHead(303, { location: '/see-other' });
      } else if (req.url === '/v2/a/blobs/uploads/u1') {
        res.writeHead(307, { location: '/v2/a/blobs/uploads/u2' });
      } else {
        res.writeHead(202);
      }
      res.end();
    });
    servers.push(s);
    client = createRegistryClient({ target: testTarget(s.url) });
    await client.request('POST', '/v2/a/blobs/uploads/', { body: 'abc' });
    await client.patchUpload('/v2/a/blobs/uploads/u1', { body: 'xyz' });
    expect(s.seen.map((r) => `${r.method} ${r.url} ${r.body.toString()}`)).toEqual([
      'POST /v2/a/blobs/uploads/ abc',
      'GET /see-other ',
      'PATCH /v2/a/blobs/uploads/u1 xyz',
      'PATCH /v2/a/blobs/uploads/u2 xyz',
    ]);
  });

  it('of a streamed upload are reported clearly, since the body cannot be replayed', async () => {
    const s = await startScriptedServer((_req, res) => {
      res.writeHead(307, { location: '/elsewhere?_state=hidden' });
      res.end();
    });
    servers.push(s);
    client = createRegistryClient({ target: testTarget(s.url) });
    const error = await client
      .patchUpload('/v2/a/blobs/uploads/u1', { body: Readable.from([Buffer.from('streamed')]) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).message).toBe(
      `PATCH ${s.url}/v2/a/blobs/uploads/u1 was redirected (307) to ${s.url}/elsewhere?_state=REDACTED, but its streamed body cannot be sent again`,
    );
  });
});
