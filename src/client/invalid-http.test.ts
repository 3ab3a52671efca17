import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createRegistryClient } from './index.js';
import { ConformanceFailure, NetworkError } from '../errors/index.js';
import { testTarget } from './test-support/scripted-server.js';


/** Raw replies a registry might send that break HTTP/1.1 itself (RFC 9112), and one that is a plain reset. */
const replies = {
  'a control character in a header': 'HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nX-Bad: a\x01b\r\nContent-Length: 2\r\n\r\n{}',
  'a 1 MiB header': `HTTP/1.1 404 Not Found\r\nX-Big: ${'a'.repeat(1024 * 1024)}\r\nContent-Length: 0\r\n\r\n`,
  'a JSON error body cut short': 'HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{"errors":[{"code":"BLOB_UNK',
} as const;

let server: Server | undefined;

afterEach(async () => {
  await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
  server = undefined;
});

/** A raw TCP server answering every request with `reply`, or resetting when `reply` is undefined. */
async function rawServer(reply: string | undefined): Promise<string> {
  const sockets = new Set<Socket>();
  server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('data', () => {
      if (reply === undefined) {
        socket.resetAndDestroy();
      } else {
        socket.end(reply);
      }
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('invalid HTTP from the registry (issue 11 item 8)', () => {
  it.each(Object.entries(replies))('%s is the registry breaking HTTP: a ConformanceFailure, not a network error', async (_name, reply) => {
    const url = await rawServer(reply);
    const client = createRegistryClient({ target: testTarget(url) });
    try {
      const thrown = await client.getBlob('ns/repo', `sha256:${'a'.repeat(64)}`).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(thrown).toBeInstanceOf(ConformanceFailure);
      expect((thrown as ConformanceFailure).details.expected).toMatch(/RFC 9112/);
    } finally {
      await client.close();
    }
  });

  it('a connection reset stays a network error (it may be anything on the way)', async () => {
    const url = await rawServer(undefined);
    const client = createRegistryClient({ target: testTarget(url) });
    try {
      await expect(client.getBlob('ns/repo', `sha256:${'a'.repeat(64)}`)).rejects.toBeInstanceOf(NetworkError);
    } finally {
      await client.close();
    }
  });
});
