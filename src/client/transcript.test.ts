import { afterEach, describe, expect, it } from 'vitest';
import { exchangeSchema, type Exchange } from '../model/index.js';
import { digestOf } from '../oci/digest.js';
import { createRegistryClient } from './registry-client.js';
import { EXCERPT_BYTES } from './response-body.js';
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

const password = 'transcript-secret-pw';
const stateSecret = 'c2VjcmV0LXN0YXRl';

describe('transcripts', () => {
  it('record every exchange redacted, with bounded text excerpts only', async () => {
    server = await startScriptedServer((req, res) => {
      if (req.method === 'POST') {
        res.writeHead(202, {
          location: `/v2/a/blobs/uploads/u1?_state=${stateSecret}`,
          'set-cookie': `sid=${password}`,
        });
        res.end();
      } else if (req.url.startsWith('/v2/a/manifests/')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ pad: 'x'.repeat(5000) }));
      } else {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.end(Buffer.alloc(300, 7));
      }
    });
    const exchanges: Exchange[] = [];
    client = createRegistryClient({
      target: testTarget(server.url, { credentials: { kind: 'basic', username: 'u', password } }),
    }).withRecorder({ record: (e) => exchanges.push(e) });
    const post = await client.startUpload('a');
    expect(post.headers['location']).toBe(`/v2/a/blobs/uploads/u1?_state=${stateSecret}`);
    await client.patchUpload(post.headers['location']!, { body: JSON.stringify({ password }), headers: { 'content-type': 'application/json' } });
    await client.getManifest('a', 'v1');
    await client.getBlob('a', digestOf('x'));

    expect(exchanges).toHaveLength(4);
    for (const exchange of exchanges) {
      expect(exchangeSchema.safeParse(exchange).success).toBe(true);
      expect(exchange.durationMs).toBeGreaterThanOrEqual(0);
      expect(Number.isNaN(Date.parse(exchange.startedAt))).toBe(false);
    }
    const text = JSON.stringify(exchanges);
    expect(text).not.toContain(password);
    expect(text).not.toContain(stateSecret);
    expect(text).not.toContain(Buffer.from(`u:${password}`).toString('base64'));

    const [postX, patchX, manifestX, blobX] = exchanges;
    expect(postX?.request.headers['authorization']).toBe('REDACTED');
    expect(postX?.request.bodyBytes).toBe(0);
    expect(postX?.response?.headers['location']).toBe('/v2/a/blobs/uploads/u1?_state=REDACTED');
    expect(postX?.response?.headers['set-cookie']).toBe('REDACTED');
    expect(patchX?.request.url).toBe(`${server.url}/v2/a/blobs/uploads/u1?_state=REDACTED`);
    expect(patchX?.request.bodyExcerpt).toBe('{"password":"REDACTED"}');
    expect(patchX?.request.headers['content-length']).toBe(String(JSON.stringify({ password }).length));
    expect(patchX?.request.bodyBytes).toBe(JSON.stringify({ password }).length);
    expect(manifestX?.response?.bodyBytes).toBe(5000 + '{"pad":""}'.length);
    expect(manifestX?.response?.bodyExcerpt?.length).toBe(EXCERPT_BYTES + 1);
    expect(blobX?.response?.bodyBytes).toBe(300);
    expect(blobX?.response?.bodyExcerpt).toBeUndefined();
  });

  it('withRecorder shares the pool: closing a wrapper leaves the root usable', async () => {
    server = await startScriptedServer((_req, res) => res.end());
    const root = createRegistryClient({ target: testTarget(server.url) });
    client = root;
    const first: Exchange[] = [];
    const second: Exchange[] = [];
    const a = root.withRecorder({ record: (e) => first.push(e) });
    const b = root.withRecorder({ record: (e) => second.push(e) });
    await a.ping();
    await b.ping();
    await b.ping();
    await a.close();
    expect((await root.ping()).status).toBe(200);
    expect([first.length, second.length]).toEqual([1, 2]);
  });
});
