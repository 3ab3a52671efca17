import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { digestOf } from '../../oci/digest.js';
import { systemClock } from '../clock.js';
import { classifyError } from '../http/load-failure.js';
import { LoadTarget } from '../http/load-target.js';
import { MetricsCollector } from '../metrics/metrics-collector.js';
import { getManifest, headManifest } from './manifest-ops.js';
import type { OpContext } from './op-context.js';
import { VerifiedCopies } from './verified-copies.js';

const manifest = Buffer.from('{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{},"layers":[]}');
const digest = digestOf(manifest);

let server: Server | undefined;
let http: LoadTarget | undefined;
afterEach(async () => {
  await http?.close();
  await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
  server = undefined;
  http = undefined;
});

/**
 * A registry answering manifest reads: `/v2/r/manifests/good` (and its digest), `/wrong` (other bytes, right digest
 * header), `/moved` (307 to `good`), anything else 404. Records the Accept header it saw.
 */
async function start(): Promise<{ ctx: OpContext; accepts: string[]; connections: () => number }> {
  const accepts: string[] = [];
  let connections = 0;
  server = createServer((req, res) => {
    accepts.push(req.headers.accept ?? '');
    const reference = (req.url ?? '').split('/').at(-1);
    if (reference === 'moved') {
      res.writeHead(307, { location: '/v2/r/manifests/good', 'content-length': '0' }).end();
      return;
    }
    const body = reference === 'good' || reference === digest ? manifest : reference === 'wrong' ? Buffer.from('{"other":1}') : undefined;
    if (body === undefined) {
      res.writeHead(404, { 'content-length': '0' }).end();
      return;
    }
    res.writeHead(200, { 'content-length': String(body.byteLength), 'docker-content-digest': digest });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const target = { name: 't', url, namespace: '', credentials: { kind: 'anonymous' as const }, tls: { insecure: false }, requestTimeoutMs: 5000 };
  http = new LoadTarget(target, 2, systemClock, new MetricsCollector(systemClock));
  return { ctx: { http, verify: true, signal: new AbortController().signal }, accepts, connections: () => connections };
}

describe('manifest reads on the fast path', () => {
  it('GET returns the bytes, checks the digest, sends the manifest Accept types and counts bytes and statuses', async () => {
    const { ctx, accepts } = await start();
    expect(await getManifest(ctx, 'r', 'good', digest)).toEqual(manifest);
    expect(await getManifest(ctx, 'r', digest)).toEqual(manifest);
    expect(accepts[0]).toContain('application/vnd.oci.image.manifest.v1+json');
    const metrics = ctx.http.metrics;
    expect(metrics.bytes).toBe(2 * manifest.byteLength);
    expect(metrics.statusCodes).toEqual({ '200': 2 });
    expect(metrics.operation('manifest-get').count).toBe(2);
    expect(metrics.operation('manifest-get').ttfb.totalCount).toBe(2);
  });

  it('GET of other bytes than the expected digest is a digest mismatch; without verify it passes', async () => {
    const { ctx } = await start();
    const failure = await getManifest(ctx, 'r', 'wrong', digest).catch((error: unknown) => error);
    expect(classifyError(failure)).toBe('digest-mismatch');
    expect(ctx.http.metrics.operation('manifest-get').errors).toBe(1);
    expect((await getManifest({ ...ctx, verify: false }, 'r', 'wrong', digest)).toString()).toBe('{"other":1}');
  });

  it('with verified copies, the first GET is hashed and kept, and later other bytes are still a digest mismatch', async () => {
    const { ctx } = await start();
    const verifiedCopies = new VerifiedCopies(1024);
    const withCopies = { ...ctx, verifiedCopies };
    expect(await getManifest(withCopies, 'r', 'good', digest)).toEqual(manifest);
    expect(verifiedCopies.bytes).toBe(manifest.byteLength);
    expect(await getManifest(withCopies, 'r', digest)).toEqual(manifest);
    const failure = await getManifest(withCopies, 'r', 'wrong', digest).catch((error: unknown) => error);
    expect(classifyError(failure)).toBe('digest-mismatch');
  });

  it('a redirect is followed and an unexpected status is classed', async () => {
    const { ctx } = await start();
    expect(await getManifest(ctx, 'r', 'moved', digest)).toEqual(manifest);
    expect(ctx.http.metrics.statusCodes).toEqual({ '307': 1, '200': 1 });
    const missing = await getManifest(ctx, 'r', 'absent').catch((error: unknown) => error);
    expect(classifyError(missing)).toBe('http-4xx');
  });

  it('HEADs keep their connection (undici would close it after each HEAD by default)', async () => {
    const { ctx, connections } = await start();
    for (let index = 0; index < 10; index += 1) {
      await headManifest(ctx, 'r', 'good', digest);
    }
    expect(ctx.http.metrics.operation('manifest-head').count).toBe(10);
    // The pool has 2 connections; closing after each HEAD would have needed 10.
    expect(connections()).toBeLessThanOrEqual(2);
  });

  it('HEADs on the general path (auth, TLS, blob existence) keep their connection too', async () => {
    const { ctx, connections } = await start();
    for (let index = 0; index < 10; index += 1) {
      const response = await ctx.http.send({ method: 'HEAD', path: '/v2/r/manifests/good', scope: 'repository:r:pull', signal: ctx.signal });
      expect(response.status).toBe(200);
      await response.body.dump();
    }
    expect(connections()).toBeLessThanOrEqual(2);
  });

  it('HEAD checks Docker-Content-Digest against the expected digest', async () => {
    const { ctx } = await start();
    await headManifest(ctx, 'r', 'good', digest);
    await headManifest(ctx, 'r', 'moved', digest);
    const failure = await headManifest(ctx, 'r', 'good', `sha256:${'0'.repeat(64)}`).catch((error: unknown) => error);
    expect(classifyError(failure)).toBe('digest-mismatch');
    const missing = await headManifest(ctx, 'r', 'absent', digest).catch((error: unknown) => error);
    expect(classifyError(missing)).toBe('http-4xx');
    expect(ctx.http.metrics.operation('manifest-head').count).toBe(4);
    expect(ctx.http.metrics.operation('manifest-head').errors).toBe(2);
    expect(ctx.http.metrics.bytes).toBe(0);
  });
});
