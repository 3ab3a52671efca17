import { afterEach, describe, expect, it } from 'vitest';
import { startScriptedServer, testTarget, type ScriptedServer } from '../../client/test-support/scripted-server.js';
import { digestOf } from '../../oci/digest.js';
import { systemClock } from '../clock.js';
import { LoadTarget } from '../http/load-target.js';
import { classifyError } from '../http/load-failure.js';
import { MetricsCollector } from '../metrics/metrics-collector.js';
import { pullBlob } from './blob-pull.js';
import { VerifiedCopies } from './verified-copies.js';

const servers: ScriptedServer[] = [];
const targets: LoadTarget[] = [];
afterEach(async () => {
  await Promise.all(targets.splice(0).map((target) => target.close()));
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** 4 MiB: many socket reads into the one reused receive buffer, so a chunk hashed late would hash overwritten bytes. */
const blob = Buffer.from(Array.from({ length: 4 * 1024 * 1024 }, (_, index) => (index * 131 + (index >> 12)) % 256));
const digest = digestOf(blob);

/** A registry serving `body` for every blob GET. */
async function serving(body: Buffer): Promise<LoadTarget> {
  const server = await startScriptedServer((_request, response) => {
    response.writeHead(200, { 'content-length': String(body.length) });
    response.end(body);
  });
  servers.push(server);
  const http = new LoadTarget(testTarget(server.url), 4, systemClock, new MetricsCollector(systemClock));
  targets.push(http);
  return http;
}

describe('blob pull on the reused-buffer path', () => {
  it('verifies intact blobs pulled in parallel over shared connections, counting every byte', async () => {
    const http = await serving(blob);
    const ctx = { http, verify: true, signal: new AbortController().signal };
    const sizes = await Promise.all(Array.from({ length: 8 }, () => pullBlob(ctx, 'r/one', digest, blob.length)));
    expect(sizes).toEqual(Array(8).fill(blob.length));
    expect(http.metrics.operation('blob-pull').toMetrics(1000)).toMatchObject({ count: 8, errors: 0 });
    expect(http.metrics.bytes).toBe(8 * blob.length);
  });

  it('catches one flipped byte anywhere in the body as digest-mismatch', async () => {
    for (const at of [0, 300_000, blob.length - 1]) {
      const corrupted = Buffer.from(blob);
      corrupted[at] = (corrupted[at] ?? 0) ^ 1;
      const http = await serving(corrupted);
      const failure = await pullBlob({ http, verify: true, signal: new AbortController().signal }, 'r/one', digest, blob.length).catch((error: unknown) => error);
      expect(classifyError(failure)).toBe('digest-mismatch');
      expect(http.metrics.operation('blob-pull').toMetrics(1000)).toMatchObject({ errors: 1 });
    }
  });

  it('without verification the flipped byte passes: the catch above is the digest, not the transport', async () => {
    const corrupted = Buffer.from(blob);
    corrupted[1234] = (corrupted[1234] ?? 0) ^ 1;
    const http = await serving(corrupted);
    expect(await pullBlob({ http, verify: false, signal: new AbortController().signal }, 'r/one', digest, blob.length)).toBe(blob.length);
  });

  it('with verified copies, a later pull that differs from the first in one byte is still a digest-mismatch', async () => {
    // The first answer is intact and becomes the copy; every later answer is compared with it instead of hashed.
    const answers = [blob, ...[0, 2_000_000, blob.length - 1].map((at) => {
      const corrupted = Buffer.from(blob);
      corrupted[at] = (corrupted[at] ?? 0) ^ 1;
      return corrupted;
    }), blob.subarray(0, blob.length - 1)];
    let served = 0;
    const server = await startScriptedServer((_request, response) => {
      const body = answers[Math.min(served, answers.length - 1)] ?? blob;
      served += 1;
      response.writeHead(200, { 'content-length': String(body.length) });
      response.end(body);
    });
    servers.push(server);
    const http = new LoadTarget(testTarget(server.url), 4, systemClock, new MetricsCollector(systemClock));
    targets.push(http);
    const verifiedCopies = new VerifiedCopies(blob.length);
    const ctx = { http, verify: true, verifiedCopies, signal: new AbortController().signal };
    expect(await pullBlob(ctx, 'r/one', digest, blob.length)).toBe(blob.length);
    expect(verifiedCopies.bytes).toBe(blob.length);
    // Three one-byte flips (first, middle, last byte) and a body one byte short: each caught.
    for (let attempt = 1; attempt < answers.length; attempt += 1) {
      const failure = await pullBlob(ctx, 'r/one', digest, undefined).catch((error: unknown) => error);
      expect(classifyError(failure), `answer ${attempt}`).toBe('digest-mismatch');
    }
    expect(http.metrics.operation('blob-pull').toMetrics(1000)).toMatchObject({ count: answers.length, errors: answers.length - 1 });
  });
});
