import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlowdownProxy, type SlowdownProxy } from './slowdown-proxy.js';

/** A scripted upstream that answers every request after 100 ms, echoing the method and the body length. */
let upstream: Server;
let upstreamUrl = '';
const proxies: SlowdownProxy[] = [];

beforeAll(async () => {
  upstream = createServer((request, response) => {
    let received = 0;
    request.on('data', (chunk: Buffer) => (received += chunk.length));
    request.on('end', () => {
      setTimeout(() => {
        const body = JSON.stringify({ method: request.method, received });
        response.writeHead(201, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'docker-content-digest': 'sha256:abc' });
        response.end(request.method === 'HEAD' ? undefined : body);
      }, 100);
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await Promise.all(proxies.map((proxy) => proxy.stop()));
  await new Promise((resolve) => upstream.close(resolve));
});

async function timed(url: string, init: RequestInit): Promise<{ ms: number; status: number; text: string; headers: Headers }> {
  const started = performance.now();
  const answer = await fetch(url, init);
  const text = await answer.text();
  return { ms: performance.now() - started, status: answer.status, text, headers: answer.headers };
}

describe('the slowdown proxy (compare:lab fixture)', () => {
  it('passes requests and answers through unchanged, HEAD included', async () => {
    const proxy = await startSlowdownProxy(upstreamUrl, 0);
    proxies.push(proxy);
    const put = await timed(`${proxy.url}/v2/x/blobs/uploads/1`, { method: 'PUT', body: 'x'.repeat(1000) });
    expect([put.status, JSON.parse(put.text)]).toEqual([201, { method: 'PUT', received: 1000 }]);
    expect(put.headers.get('docker-content-digest')).toBe('sha256:abc');
    const head = await timed(`${proxy.url}/v2/x/blobs/sha256:abc`, { method: 'HEAD' });
    expect([head.status, head.text, head.headers.get('content-length')]).toEqual([201, '', String(JSON.stringify({ method: 'HEAD', received: 0 }).length)]);
  });

  it('holds each answer back by its delay, which can change between requests', async () => {
    const proxy = await startSlowdownProxy(upstreamUrl, 50);
    proxies.push(proxy);
    const get = await timed(`${proxy.url}/v2/`, { method: 'GET' });
    expect(get.status).toBe(201);
    // 100 ms upstream + at least 50 ms held back (a lower bound only: the box may add to it).
    expect(get.ms).toBeGreaterThanOrEqual(148);
    proxy.setDelayMs(150);
    expect((await timed(`${proxy.url}/v2/`, { method: 'GET' })).ms).toBeGreaterThanOrEqual(248);
  });

  it('refuses a delay outside 0..10 s', async () => {
    await expect(startSlowdownProxy(upstreamUrl, -1)).rejects.toThrow(/within 0..10000 ms/);
  });
});
