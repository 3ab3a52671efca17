import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { digestOf } from '../oci/digest.js';
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

describe('downloadBlob', () => {
  it('hashes with the algorithm of the requested digest', async () => {
    const body = Buffer.from('hello blob');
    server = await startScriptedServer((_req, res) => res.end(body));
    client = createRegistryClient({ target: testTarget(server.url) });
    const sha256 = await client.downloadBlob('a', digestOf(body));
    expect(sha256.computedDigest).toBe(digestOf(body));
    expect(sha256.bytes).toBe(body.length);
    expect(sha256.response.status).toBe(200);
    const sha512 = await client.downloadBlob('a', digestOf(body, 'sha512'));
    expect(sha512.computedDigest).toBe(digestOf(body, 'sha512'));
  });

  it('reports a corrupted body through a different computed digest', async () => {
    server = await startScriptedServer((_req, res) => res.end('tampered'));
    client = createRegistryClient({ target: testTarget(server.url) });
    const result = await client.downloadBlob('a', digestOf('original'));
    expect(result.computedDigest).toBe(digestOf('tampered'));
    expect(result.computedDigest).not.toBe(digestOf('original'));
  });

  it('streams 512 MiB in constant memory', async () => {
    const chunk = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < chunk.length; i += 1) {
      chunk[i] = (i * 31) % 256;
    }
    const chunks = 512;
    const expected = createHash('sha256');
    for (let i = 0; i < chunks; i += 1) {
      expected.update(chunk);
    }
    const expectedDigest = `sha256:${expected.digest('hex')}`;
    server = await startScriptedServer((_req, res) => {
      res.writeHead(200, { 'content-length': String(chunk.length * chunks), 'content-type': 'application/octet-stream' });
      let sent = 0;
      // Respect backpressure so the server side does not buffer either.
      const pump = (): void => {
        while (sent < chunks) {
          sent += 1;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      pump();
    });
    client = createRegistryClient({ target: testTarget(server.url, { requestTimeoutMs: 30_000 }) });
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    try {
      const result = await client.downloadBlob('a', expectedDigest);
      expect(result.bytes).toBe(chunk.length * chunks);
      expect(result.computedDigest).toBe(expectedDigest);
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, process.memoryUsage().rss);
    expect(peak - before).toBeLessThan(64 * 1024 * 1024);
  }, 120_000);

  it('buffers a non-2xx error body instead of hashing it', async () => {
    server = await startScriptedServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"errors":[{"code":"BLOB_UNKNOWN"}]}');
    });
    client = createRegistryClient({ target: testTarget(server.url) });
    const result = await client.downloadBlob('a', digestOf('x'));
    expect(result.response.status).toBe(404);
    expect(result.bytes).toBe(0);
  });
});
