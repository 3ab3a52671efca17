import { afterEach, describe, expect, it } from 'vitest';
import type { Exchange } from '../model/index.js';
import { digestOf } from '../oci/digest.js';
import { manifestAcceptTypes } from '../oci/media-types.js';
import { createRegistryClient } from './registry-client.js';
import { startScriptedServer, testTarget, type ScriptedServer } from './test-support/scripted-server.js';
import type { RegistryClient } from './types.js';

let server: ScriptedServer | undefined;
let client: RegistryClient | undefined;

afterEach(async () => {
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

/** Starts a server answering every request with 200 `{}` and a client on it. */
async function echoSetup(): Promise<{ server: ScriptedServer; client: RegistryClient; exchanges: Exchange[] }> {
  server = await startScriptedServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end('{}');
  });
  const exchanges: Exchange[] = [];
  client = createRegistryClient({ target: testTarget(server.url), recorder: { record: (e) => exchanges.push(e) } });
  return { server, client, exchanges };
}

describe('endpoint methods', () => {
  it('build the path, query and headers of every endpoint', async () => {
    const { server: s, client: c } = await echoSetup();
    const d = digestOf('x');
    await c.ping();
    await c.headBlob('ns/app', d);
    await c.getBlob('ns/app', d, { headers: { Range: 'bytes=0-1' } });
    await c.startUpload('ns/app', { mount: d, from: 'ns/other' });
    await c.startUpload('ns/app', { digest: d, digestAlgorithm: 'sha256' });
    await c.patchUpload('/v2/ns/app/blobs/uploads/u1?_state=abc', { body: 'ab', headers: { 'content-range': '0-1' } });
    await c.putUpload('/v2/ns/app/blobs/uploads/u1?_state=abc', d);
    await c.putUpload(`${s.url}/v2/ns/app/blobs/uploads/u2`, d);
    await c.getUploadStatus('/v2/ns/app/blobs/uploads/u1');
    await c.cancelUpload('/v2/ns/app/blobs/uploads/u1');
    await c.deleteBlob('ns/app', d);
    await c.headManifest('ns/app', 'v1');
    await c.getManifest('ns/app', d, { headers: { ACCEPT: 'application/x-custom' } });
    await c.putManifest('ns/app', d, '{"a":1}', 'application/vnd.oci.image.manifest.v1+json', { tags: ['a', 'b'] });
    await c.deleteManifest('ns/app', 'v1');
    await c.listTags('ns/app', { n: 2, last: 'b' });
    await c.listTags('ns/app');
    await c.catalog({ n: 5 });
    await c.referrers('ns/app', d, { artifactType: 'application/x+y' });
    const enc = encodeURIComponent(d);
    expect(s.seen.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /v2/',
      `HEAD /v2/ns/app/blobs/${d}`,
      `GET /v2/ns/app/blobs/${d}`,
      `POST /v2/ns/app/blobs/uploads/?mount=${enc}&from=ns%2Fother`,
      `POST /v2/ns/app/blobs/uploads/?digest=${enc}&digest-algorithm=sha256`,
      'PATCH /v2/ns/app/blobs/uploads/u1?_state=abc',
      `PUT /v2/ns/app/blobs/uploads/u1?_state=abc&digest=${enc}`,
      `PUT /v2/ns/app/blobs/uploads/u2?digest=${enc}`,
      'GET /v2/ns/app/blobs/uploads/u1',
      'DELETE /v2/ns/app/blobs/uploads/u1',
      `DELETE /v2/ns/app/blobs/${d}`,
      'HEAD /v2/ns/app/manifests/v1',
      `GET /v2/ns/app/manifests/${d}`,
      `PUT /v2/ns/app/manifests/${d}?tag=a&tag=b`,
      'DELETE /v2/ns/app/manifests/v1',
      'GET /v2/ns/app/tags/list?n=2&last=b',
      'GET /v2/ns/app/tags/list',
      'GET /v2/_catalog?n=5',
      `GET /v2/ns/app/referrers/${d}?artifactType=application%2Fx%2By`,
    ]);
    expect(s.seen[2]?.headers['range']).toBe('bytes=0-1');
    expect(s.seen[3]?.headers['content-length']).toBe('0');
    expect(s.seen[5]?.headers['content-range']).toBe('0-1');
    expect(s.seen[5]?.body.toString()).toBe('ab');
    expect(s.seen[11]?.headers['accept']).toBe(manifestAcceptTypes.join(', '));
    expect(s.seen[12]?.headers['accept']).toBe('application/x-custom');
    expect(s.seen[13]?.headers['content-type']).toBe('application/vnd.oci.image.manifest.v1+json');
    expect(s.seen[13]?.body.toString()).toBe('{"a":1}');
    expect(s.seen[0]?.headers['user-agent']).toBe('regatta');
  });

  it('keeps the connection after a HEAD, as registry clients do (undici alone would close it)', async () => {
    const { server: s, client: c } = await echoSetup();
    let connections = 0;
    s.server.on('connection', () => {
      connections += 1;
    });
    // undici hands a connection back one event-loop turn after its response: each request waits for that turn.
    const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
    await c.headBlob('ns/app', digestOf('x'));
    await turn();
    await c.headManifest('ns/app', 'v1');
    await turn();
    await c.getManifest('ns/app', 'v1');
    expect(s.seen.map((r) => r.method)).toEqual(['HEAD', 'HEAD', 'GET']);
    expect(connections).toBe(1);
  });

  it('returns non-2xx responses as data with parsed JSON', async () => {
    server = await startScriptedServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'application/json', 'docker-distribution-api-version': 'registry/2.0' });
      res.end('{"errors":[{"code":"BLOB_UNKNOWN","message":"nope"}]}');
    });
    client = createRegistryClient({ target: testTarget(server.url) });
    const response = await client.getBlob('a', digestOf('x'));
    expect(response.status).toBe(404);
    expect(response.headers['docker-distribution-api-version']).toBe('registry/2.0');
    expect(response.json()).toEqual({ errors: [{ code: 'BLOB_UNKNOWN', message: 'nope' }] });
    expect(response.url).toBe(`${server.url}/v2/a/blobs/${digestOf('x')}`);
    expect(response.redirects).toEqual([]);
  });

  it('returns an early answer (413 before the body is read) as data, even for a large upload', async () => {
    server = await startScriptedServer(
      (_req, res) => {
        res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
        res.end('{"errors":[{"code":"SIZE_INVALID"}]}');
      },
      { readBodies: false },
    );
    client = createRegistryClient({ target: testTarget(server.url) });
    const small = await client.patchUpload('/v2/a/blobs/uploads/u', { body: Buffer.alloc(1000) });
    const large = await client.patchUpload('/v2/a/blobs/uploads/u', { body: Buffer.alloc(20 * 1024 * 1024) });
    expect([small.status, large.status]).toEqual([413, 413]);
  });

  it('truncates buffered bodies at maxBufferedBodyBytes', async () => {
    server = await startScriptedServer((_req, res) => {
      res.end(Buffer.alloc(100_000, 1));
    });
    client = createRegistryClient({ target: testTarget(server.url), maxBufferedBodyBytes: 1000 });
    const response = await client.getBlob('a', digestOf('x'));
    expect(response.body.byteLength).toBe(1000);
    expect(response.bodyTruncated).toBe(true);
    expect(response.json()).toBeUndefined();
  });
});
