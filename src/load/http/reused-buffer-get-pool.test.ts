import { getEventListeners } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startScriptedServer, type ScriptedServer } from '../../client/test-support/scripted-server.js';
import { systemClock } from '../clock.js';
import { classifyError } from './load-failure.js';
import { ReusedBufferGetPool } from './reused-buffer-get-pool.js';

const servers: { close(): Promise<void> }[] = [];
const pools: ReusedBufferGetPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** 1 MiB of varied bytes: many socket reads, so the receive buffer is reused within one body. */
const blob = Buffer.from(Array.from({ length: 1024 * 1024 }, (_, index) => (index * 31 + (index >> 10)) % 256));

function pool(url: string, connections = 2, timeoutMs = 5_000): ReusedBufferGetPool {
  const created = new ReusedBufferGetPool(new URL(url), connections, timeoutMs, systemClock);
  pools.push(created);
  return created;
}

async function scripted(handler: Parameters<typeof startScriptedServer>[0]): Promise<{ server: ScriptedServer; sockets: Set<unknown> }> {
  const server = await startScriptedServer(handler);
  servers.push(server);
  const sockets = new Set<unknown>();
  server.server.on('connection', (socket) => sockets.add(socket));
  return { server, sockets };
}

/** GETs `path` and returns the result with the body copied out of the borrowed chunks, and the buffers they lived in. */
async function fetchBody(from: ReusedBufferGetPool, path: string, headers: Record<string, string> = {}, signal = new AbortController().signal) {
  const parts: Buffer[] = [];
  const backing = new Set<ArrayBufferLike>();
  const result = await from.get(path, headers, signal, (chunk) => {
    parts.push(Buffer.from(chunk));
    backing.add(chunk.buffer);
  });
  return { result, body: Buffer.concat(parts), backing };
}

/** A raw TCP server: `onConnection(socket, index)` scripts every connection by its order. */
async function rawServer(onConnection: (socket: Socket, index: number) => void): Promise<{ url: string; connections: () => number }> {
  let count = 0;
  const server: Server = createServer((socket) => {
    onConnection(socket, count);
    count += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => sockets.add(socket));
  servers.push({
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((socket) => socket.destroy());
        server.close(() => resolve());
      }),
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connections: () => count };
}

describe('ReusedBufferGetPool', () => {
  it('reads into 256 KiB for up to 8 connections and 1 MiB for more (fewer reads of many long receive queues)', async () => {
    const { server } = await scripted((_request, response) => {
      response.writeHead(200, { 'content-length': String(blob.length) });
      response.end(blob);
    });
    const sizes = [];
    for (const connections of [8, 9]) {
      const { body, backing } = await fetchBody(pool(server.url, connections), '/v2/r/blobs/a');
      expect(body.equals(blob)).toBe(true);
      sizes.push([...backing].map((buffer) => buffer.byteLength));
    }
    expect(sizes).toEqual([[256 * 1024], [1024 * 1024]]);
  });

  it('reads bodies into one reused buffer over one kept-alive connection, with the headers it was given', async () => {
    const { server, sockets } = await scripted((_request, response) => {
      response.writeHead(200, { 'content-length': String(blob.length), 'docker-content-digest': 'sha256:d' });
      response.end(blob);
    });
    const from = pool(server.url);
    const first = await fetchBody(from, '/v2/r/blobs/a', { authorization: 'Bearer t' });
    const second = await fetchBody(from, '/v2/r/blobs/b');
    expect(first.body.equals(blob)).toBe(true);
    expect(second.body.equals(blob)).toBe(true);
    expect(first.result).toMatchObject({ status: 200, bytes: blob.length, headers: { 'docker-content-digest': 'sha256:d' } });
    // Every chunk of both bodies lived in the same memory: nothing was allocated per read.
    expect(new Set([...first.backing, ...second.backing]).size).toBe(1);
    expect(sockets.size).toBe(1);
    expect(server.seen.map((request) => [request.url, request.headers.authorization])).toEqual([
      ['/v2/r/blobs/a', 'Bearer t'],
      ['/v2/r/blobs/b', undefined],
    ]);
  });

  it('sends what each request asks: frozen headers per method and path, and a changed unfrozen object as it is now', async () => {
    const { server } = await scripted((_request, response) => {
      response.writeHead(200, { 'content-length': '2' });
      response.end('ok');
    });
    const from = pool(server.url);
    const frozen = Object.freeze({ accept: 'application/vnd.oci.image.manifest.v1+json' });
    const mutable: Record<string, string> = { accept: 'first' };
    await fetchBody(from, '/v2/r/manifests/a', frozen);
    await fetchBody(from, '/v2/r/manifests/b', frozen);
    await fetchBody(from, '/v2/r/manifests/a', frozen);
    await fetchBody(from, '/v2/r/manifests/a', mutable);
    mutable['accept'] = 'second';
    await fetchBody(from, '/v2/r/manifests/a', mutable);
    expect(server.seen.map((request) => [request.url, request.headers.accept])).toEqual([
      ['/v2/r/manifests/a', frozen.accept],
      ['/v2/r/manifests/b', frozen.accept],
      ['/v2/r/manifests/a', frozen.accept],
      ['/v2/r/manifests/a', 'first'],
      ['/v2/r/manifests/a', 'second'],
    ]);
    await expect(from.get('/x', Object.freeze({ accept: 'a\r\nx-injected: 1' }), new AbortController().signal, () => undefined)).rejects.toThrow(
      'invalid character in request header "accept"',
    );
  });

  it('opens at most `connections` sockets; more requests wait their turn and all complete', async () => {
    const { server, sockets } = await scripted((_request, response) => {
      setTimeout(() => {
        response.writeHead(200, { 'content-length': '5' });
        response.end('hello');
      }, 20);
    });
    const from = pool(server.url, 2);
    const results = await Promise.all(Array.from({ length: 6 }, (_, index) => fetchBody(from, `/v2/r/blobs/${index}`)));
    expect(results.map((one) => one.body.toString())).toEqual(Array(6).fill('hello'));
    expect(sockets.size).toBe(2);
  });

  it('reads a chunked body, and keeps an excerpt of a non-2xx body without passing it on as blob bytes', async () => {
    const { server } = await scripted((request, response) => {
      if (request.url.endsWith('missing')) {
        response.writeHead(404, { 'content-type': 'application/json' });
        response.end('{"errors":[{"code":"BLOB_UNKNOWN","message":"blob unknown"}]}');
        return;
      }
      // No Content-Length: node:http frames it chunked.
      response.write(blob.subarray(0, 1000));
      response.end(blob.subarray(1000));
    });
    const from = pool(server.url);
    const chunked = await fetchBody(from, '/v2/r/blobs/ok');
    expect(chunked.body.equals(blob)).toBe(true);
    const missing = await fetchBody(from, '/v2/r/blobs/missing');
    expect(missing.result.status).toBe(404);
    expect(missing.body.length).toBe(0);
    expect(missing.result.errorText).toBe('{"errors":[{"code":"BLOB_UNKNOWN","message":"blob unknown"}]}');
  });

  it('sends a request again on a new connection when a kept-alive one was closed by the server before answering', async () => {
    const answer = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok';
    const server = await rawServer((socket, index) => {
      let requests = 0;
      socket.on('data', () => {
        requests += 1;
        // The first connection answers once, then drops the second request unanswered (an idle timeout race).
        if (index === 0 && requests === 2) {
          socket.destroy();
        } else {
          socket.write(answer);
        }
      });
    });
    const from = pool(server.url, 1);
    expect((await fetchBody(from, '/one')).body.toString()).toBe('ok');
    expect((await fetchBody(from, '/two')).body.toString()).toBe('ok');
    expect(server.connections()).toBe(2);
  });

  it('a body cut short by the server is a network failure, never a short success', async () => {
    const server = await rawServer((socket) => {
      socket.on('data', () => {
        socket.end('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly some bytes');
      });
    });
    const failure = await fetchBody(pool(server.url), '/cut').catch((error: unknown) => error);
    expect(failure).toMatchObject({ message: 'connection closed before the response ended' });
    expect(classifyError(failure)).toBe('OCI_NETWORK');
  });

  it('silence past the timeout is OCI_TIMEOUT; an abort mid-body is `aborted`', async () => {
    const server = await rawServer((socket) => {
      socket.on('data', (data) => {
        // Headers and a first part, then nothing.
        if (data.toString().startsWith('GET /stall')) {
          socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nfirst');
        }
      });
    });
    const started = Date.now();
    const timedOut = await fetchBody(pool(server.url, 1, 200), '/stall').catch((error: unknown) => error);
    expect(timedOut).toMatchObject({ code: 'ETIMEDOUT', message: 'no response bytes for 200 ms' });
    expect(classifyError(timedOut)).toBe('OCI_TIMEOUT');
    // Not before the timeout (the pool looks for silent connections every 50 ms here).
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    const stop = new AbortController();
    const from = pool(server.url, 1);
    const pending = from.get('/stall', {}, stop.signal, () => stop.abort());
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(classifyError(await pending.catch((error: unknown) => error))).toBe('aborted');
  });

  it('a body that keeps coming is not cut off, however long it takes in all: the timeout is for silence', async () => {
    const server = await rawServer((socket) => {
      socket.once('data', () => {
        socket.write('HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\n');
        // One byte every 60 ms: 480 ms in all, more than twice the 200 ms timeout, never 200 ms silent.
        let sent = 0;
        const drip = setInterval(() => {
          socket.write('x');
          sent += 1;
          if (sent === 8) {
            clearInterval(drip);
          }
        }, 60);
        socket.on('close', () => clearInterval(drip));
      });
    });
    const { result, body } = await fetchBody(pool(server.url, 1, 200), '/drip');
    expect(result.status).toBe(200);
    expect(body.toString()).toBe('xxxxxxxx');
  });

  it('one stop signal ends every request in flight and every request waiting for a connection, with one listener', async () => {
    const server = await rawServer((socket) => {
      socket.on('data', (data) => {
        if (data.toString().startsWith('GET /stall')) {
          socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nfirst');
        } else {
          socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
        }
      });
    });
    const from = pool(server.url, 2);
    const stop = new AbortController();
    // Requests that finish leave nothing behind on the shared signal.
    for (let index = 0; index < 5; index += 1) {
      expect((await fetchBody(from, '/fine', {}, stop.signal)).body.toString()).toBe('ok');
    }
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(1);
    const started: string[] = [];
    const stalled = ['/stall-1', '/stall-2', '/stall-3'].map((path) => from.get(path, {}, stop.signal, () => started.push(path)));
    await vi.waitFor(() => expect(started.length).toBeGreaterThanOrEqual(2));
    stop.abort();
    for (const pending of stalled) {
      expect(classifyError(await pending.catch((error: unknown) => error))).toBe('aborted');
    }
    await expect(from.get('/fine', {}, stop.signal, () => undefined)).rejects.toMatchObject({ name: 'AbortError' });
    expect((await fetchBody(from, '/fine')).body.toString()).toBe('ok');
  });

  it('refuses header values that would end the header early, and non-cleartext origins', async () => {
    const from = pool('http://127.0.0.1:9');
    await expect(from.get('/x', { authorization: 'Bearer a\r\nx-injected: 1' }, new AbortController().signal, () => undefined)).rejects.toThrow(
      'invalid character in request header "authorization"',
    );
    await expect(from.get('/x y', {}, new AbortController().signal, () => undefined)).rejects.toThrow('invalid character in request path');
    expect(() => new ReusedBufferGetPool(new URL('https://127.0.0.1:9'), 1, 1000, systemClock)).toThrow('ReusedBufferGetPool speaks cleartext HTTP only, not https:');
  });
});
