import { afterEach, describe, expect, it } from 'vitest';
import { digestOf } from '../oci/digest.js';
import { chooseChunkBytes } from './push-blob.js';
import { createRegistryClient } from './registry-client.js';
import { startScriptedServer, testTarget, type ScriptedServer, type SeenRequest } from './test-support/scripted-server.js';
import type { RegistryClient } from './types.js';

let server: ScriptedServer | undefined;
let client: RegistryClient | undefined;

afterEach(async () => {
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

/** Options of the scripted upload registry. */
interface UploadScript {
  /** Answer a `POST ?digest=` with body by 201 (true) or by opening a session (false). */
  readonly singlePost?: boolean;
  readonly chunkMin?: number;
}

/**
 * A minimal upload endpoint: every response moves the session to a new Location (alternating relative and absolute,
 * with a fresh `_state`), PATCHes must follow `Content-Range` in order, and PUT checks the digest of all bytes.
 */
async function uploadRegistry(script: UploadScript = {}): Promise<ScriptedServer> {
  let received = Buffer.alloc(0);
  let step = 0;
  const nextLocation = (): string => {
    step += 1;
    const path = `/v2/ns/app/blobs/uploads/session-${step}?_state=st${step}`;
    return step % 2 === 0 ? `${server!.url}${path}` : path;
  };
  server = await startScriptedServer((req: SeenRequest, res) => {
    const url = new URL(req.url, 'http://x');
    if (req.method === 'POST') {
      const digest = url.searchParams.get('digest');
      if (digest !== null && script.singlePost === true && digestOf(req.body) === digest) {
        res.writeHead(201, { location: `/v2/ns/app/blobs/${digest}` });
        res.end();
        return;
      }
      received = Buffer.alloc(0);
      res.writeHead(202, {
        location: nextLocation(),
        ...(script.chunkMin === undefined ? {} : { 'oci-chunk-min-length': String(script.chunkMin) }),
      });
      res.end();
      return;
    }
    if (url.searchParams.get('_state') !== `st${step}`) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"errors":[{"code":"BLOB_UPLOAD_UNKNOWN"}]}');
      return;
    }
    if (req.method === 'PATCH') {
      const range = req.headers['content-range'];
      if (range !== undefined && range !== `${received.length}-${received.length + req.body.length - 1}`) {
        res.writeHead(416);
        res.end();
        return;
      }
      received = Buffer.concat([received, req.body]);
      res.writeHead(202, { location: nextLocation(), range: `0-${received.length - 1}` });
      res.end();
      return;
    }
    if (req.method === 'PUT') {
      received = Buffer.concat([received, req.body]);
      const ok = digestOf(received) === url.searchParams.get('digest');
      res.writeHead(ok ? 201 : 400, { location: `/v2/ns/app/blobs/${digestOf(received)}` });
      res.end();
      return;
    }
    res.writeHead(405);
    res.end();
  });
  return server;
}

const content = Buffer.from(Array.from({ length: 10_000 }, (_v, i) => i % 251));

describe('pushBlob', () => {
  it('chunked: Content-Range per chunk, each next request on the previous response’s Location', async () => {
    const s = await uploadRegistry();
    client = createRegistryClient({ target: testTarget(s.url) });
    const result = await client.pushBlob('ns/app', content, { kind: 'chunked', chunkBytes: 4000 });
    expect(result.final.status).toBe(201);
    expect(result.digest).toBe(digestOf(content));
    expect(result.responses.map((r) => r.status)).toEqual([202, 202, 202, 202, 201]);
    expect(s.seen.map((r) => `${r.method} ${r.url.replace(/digest=.*/, 'digest=D')} ${r.headers['content-range'] ?? '-'}`)).toEqual([
      'POST /v2/ns/app/blobs/uploads/ -',
      'PATCH /v2/ns/app/blobs/uploads/session-1?_state=st1 0-3999',
      'PATCH /v2/ns/app/blobs/uploads/session-2?_state=st2 4000-7999',
      'PATCH /v2/ns/app/blobs/uploads/session-3?_state=st3 8000-9999',
      'PUT /v2/ns/app/blobs/uploads/session-4?_state=st4&digest=D -',
    ]);
    expect(s.seen[1]?.headers['content-type']).toBe('application/octet-stream');
    expect(s.seen[1]?.headers['content-length']).toBe('4000');
    expect(s.seen[4]?.headers['content-length']).toBe('0');
  });

  it('chunked: honours OCI-Chunk-Min-Length and the target’s max chunk size', async () => {
    const s = await uploadRegistry({ chunkMin: 6000 });
    client = createRegistryClient({ target: testTarget(s.url) });
    const result = await client.pushBlob('ns/app', content, { kind: 'chunked', chunkBytes: 1000 });
    expect(result.final.status).toBe(201);
    expect(s.seen.filter((r) => r.method === 'PATCH').map((r) => r.headers['content-range'])).toEqual(['0-5999', '6000-9999']);
    expect(chooseChunkBytes(1000, { maxChunkBytes: 500 }, '6000')).toBe(500);
    expect(chooseChunkBytes(1000, { minChunkBytes: 5000 }, undefined)).toBe(5000);
    expect(chooseChunkBytes(1000, {}, 'garbage')).toBe(1000);
  });

  it('single-post: 201 in one request, or a PUT on the Location after a 202', async () => {
    const direct = await uploadRegistry({ singlePost: true });
    client = createRegistryClient({ target: testTarget(direct.url) });
    const one = await client.pushBlob('ns/app', content, { kind: 'single-post' });
    expect(one.responses.map((r) => r.status)).toEqual([201]);
    expect(direct.seen[0]?.url).toBe(`/v2/ns/app/blobs/uploads/?digest=${encodeURIComponent(digestOf(content))}`);
    expect(direct.seen[0]?.body.equals(content)).toBe(true);
    await client.close();
    await direct.close();

    const fallback = await uploadRegistry({ singlePost: false });
    client = createRegistryClient({ target: testTarget(fallback.url) });
    const two = await client.pushBlob('ns/app', content, { kind: 'single-post' });
    expect(two.responses.map((r) => r.status)).toEqual([202, 201]);
    expect(fallback.seen[1]?.method).toBe('PUT');
    expect(fallback.seen[1]?.body.equals(content)).toBe(true);
  });

  it('streamed-patch: one PATCH with chunked transfer encoding and no Content-Range, then an empty PUT', async () => {
    const s = await uploadRegistry();
    client = createRegistryClient({ target: testTarget(s.url) });
    const result = await client.pushBlob('ns/app', content, { kind: 'streamed-patch' });
    expect(result.responses.map((r) => r.status)).toEqual([202, 202, 201]);
    const patch = s.seen[1]!;
    expect(patch.headers['transfer-encoding']).toBe('chunked');
    expect(patch.headers['content-length']).toBeUndefined();
    expect(patch.headers['content-range']).toBeUndefined();
    expect(patch.body.equals(content)).toBe(true);
  });

  it('post-put: POST then PUT with the whole body; stops at the first non-2xx', async () => {
    const s = await uploadRegistry();
    client = createRegistryClient({ target: testTarget(s.url) });
    const result = await client.pushBlob('ns/app', content);
    expect(result.responses.map((r) => r.status)).toEqual([202, 201]);
    expect(s.seen[1]?.headers['content-type']).toBe('application/octet-stream');
    await client.close();
    await s.close();

    server = await startScriptedServer((_req, res) => {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end('{"errors":[{"code":"DENIED"}]}');
    });
    client = createRegistryClient({ target: testTarget(server.url) });
    const denied = await client.pushBlob('ns/app', content, { kind: 'chunked', chunkBytes: 10 });
    expect(denied.final.status).toBe(403);
    expect(denied.responses).toHaveLength(1);
  });
});
