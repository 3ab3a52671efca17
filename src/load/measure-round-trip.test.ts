import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { measureRoundTrip } from './measure-round-trip.js';

let server: Server | undefined;

afterEach(async () => {
  await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
  server = undefined;
});

/** A /v2/ that answers after `delayMs`, counting the connections it got. */
async function startV2(delayMs: number): Promise<{ url: string; connections: () => number; paths: string[] }> {
  let connections = 0;
  const paths: string[] = [];
  server = createServer((request, response) => {
    paths.push(request.url ?? '');
    setTimeout(() => response.writeHead(401, { 'www-authenticate': 'Basic realm="x"' }).end(), delayMs);
  });
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, connections: () => connections, paths };
}

describe('measureRoundTrip', () => {
  it('times fresh connections to /v2/ and reports the medians (the first byte waits for the answer)', async () => {
    const v2 = await startV2(30);
    const trip = await measureRoundTrip(v2.url, { samples: 3 });
    expect(trip.error).toBeUndefined();
    expect(trip.samples).toBe(3);
    expect(v2.connections()).toBe(3);
    expect(v2.paths).toEqual(['/v2/', '/v2/', '/v2/']);
    expect(trip.firstByteMs).toBeGreaterThanOrEqual(25);
    expect(trip.totalMs).toBeGreaterThanOrEqual(trip.firstByteMs);
    expect(trip.connectMs).toBeGreaterThanOrEqual(0);
    expect(trip.tlsMs).toBeUndefined();
  });

  it('keeps a path prefix of the base URL', async () => {
    const v2 = await startV2(0);
    await measureRoundTrip(`${v2.url}/mirror/`, { samples: 1 });
    expect(v2.paths).toEqual(['/mirror/v2/']);
  });

  it('says why when nothing answers, and never throws', async () => {
    const v2 = await startV2(0);
    const url = v2.url;
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    server = undefined;
    const trip = await measureRoundTrip(url, { samples: 2 });
    expect(trip.samples).toBe(0);
    expect(trip.error).toMatch(/ECONNREFUSED/);
  });

  it('gives up on a sample after its timeout', async () => {
    const v2 = await startV2(5000);
    const trip = await measureRoundTrip(v2.url, { samples: 1, timeoutMs: 100 });
    expect(trip.error).toMatch(/within 100 ms/);
  });
});
