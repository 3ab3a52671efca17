import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { findFreePort, isPortFree } from './free-port.js';

describe('free port finder', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
    server = undefined;
  });

  it('returns a port that can be bound on 127.0.0.1', async () => {
    const port = await findFreePort();
    expect(port).toBeGreaterThan(0);
    expect(await isPortFree(port)).toBe(true);
  });

  it('reports a port somebody listens on as taken', async () => {
    const port = await findFreePort();
    server = createServer();
    await new Promise<void>((resolve) => server?.listen(port, '127.0.0.1', () => resolve()));
    expect(await isPortFree(port)).toBe(false);
  });
});
