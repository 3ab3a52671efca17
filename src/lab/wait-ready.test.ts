import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { TimeoutError } from '../errors/index.js';
import { RegistryExitedError, waitForRegistryReady } from './wait-ready.js';

async function listen(handler: (path: string) => number): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    response.statusCode = handler(request.url ?? '');
    response.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { server, url: `http://127.0.0.1:${port}` };
}

describe('waitForRegistryReady', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
    server = undefined;
  });

  it('keeps polling /v2/ until it answers 200', async () => {
    let calls = 0;
    const started = await listen((path) => {
      expect(path).toBe('/v2/');
      calls += 1;
      return calls < 3 ? 503 : 200;
    });
    server = started.server;
    await waitForRegistryReady(started.url, { intervalMs: 10, timeoutMs: 5000 });
    expect(calls).toBe(3);
  });

  it('accepts 401: a registry behind auth is up', async () => {
    const started = await listen(() => 401);
    server = started.server;
    await expect(waitForRegistryReady(started.url, { intervalMs: 10 })).resolves.toBeUndefined();
  });

  it('gives up after its time budget with the last answer', async () => {
    const started = await listen(() => 500);
    server = started.server;
    const error = await waitForRegistryReady(started.url, { intervalMs: 20, timeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toBe(`${started.url}/v2/ did not answer within 200 ms (last: GET /v2/ answered 500)`);
  });

  it('stops at once when the process has exited', async () => {
    const error = await waitForRegistryReady('http://127.0.0.1:1', { exited: () => 'exit code 1' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RegistryExitedError);
    expect((error as RegistryExitedError).exitStatus).toBe('exit code 1');
  });
});
