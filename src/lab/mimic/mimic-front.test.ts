import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { digestOf } from '../../oci/digest.js';
import { controlRepositoriesPath, startMimicFront, type MimicFront, type MimicFrontOptions } from './mimic-front.js';
import type { MimicCloud } from './mimic-clouds.js';

const blobDigest = `sha256:${'a'.repeat(64)}`;
const blobBody = 'hello from the registry';

/** What the scripted registry behind the front received. */
interface UpstreamHit {
  readonly method: string;
  readonly url: string;
  readonly bytes: number;
  readonly authorization: boolean;
}

/** A scripted registry: a blob, upload sessions that accept anything, and an echo for the rest. */
async function startUpstream(): Promise<{ url: string; hits: UpstreamHit[]; server: Server }> {
  const hits: UpstreamHit[] = [];
  const server = createServer((request, response) => {
    let bytes = 0;
    request.on('data', (chunk: Buffer) => (bytes += chunk.length));
    request.on('end', () => {
      hits.push({ method: request.method ?? '', url: request.url ?? '', bytes, authorization: request.headers.authorization !== undefined });
      const url = request.url ?? '';
      if (url.includes(`/blobs/${blobDigest}`)) {
        const range = request.headers.range;
        const body = range === 'bytes=0-4' ? blobBody.slice(0, 5) : blobBody;
        response.writeHead(range === undefined ? 200 : 206, {
          'content-length': String(body.length),
          'docker-content-digest': blobDigest,
          'x-registry-only': 'yes',
          ...(range === undefined ? {} : { 'content-range': `bytes 0-4/${blobBody.length}` }),
        });
        response.end(request.method === 'HEAD' ? undefined : body);
      } else if (url.includes('/blobs/sha256:')) {
        response.writeHead(404, { 'content-type': 'application/json' });
        response.end('{"errors":[{"code":"BLOB_UNKNOWN","message":"blob unknown"}]}');
      } else if (request.method === 'PATCH') {
        response.writeHead(202, { location: url, range: `0-${bytes - 1}` });
        response.end();
      } else if (request.method === 'PUT' && url.includes('/manifests/')) {
        response.writeHead(201);
        response.end();
      } else if (request.method === 'PUT' && url.includes('/blobs/uploads/')) {
        response.writeHead(201, { location: `/v2/x/blobs/${blobDigest}` });
        response.end();
      } else {
        response.writeHead(request.method === 'DELETE' ? 202 : 200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ echo: `${request.method} ${url}` }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits, server };
}

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** One request with node:http. */
function send(url: string, method = 'GET', headers: Record<string, string> = {}, body?: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { method, headers: body === undefined ? headers : { ...headers, 'content-length': String(body.length) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

const opened: { stop(): Promise<void> }[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((item) => item.stop()));
});

async function mimic(cloud: MimicCloud, options: Partial<MimicFrontOptions> = {}): Promise<{ front: MimicFront; hits: UpstreamHit[] }> {
  const upstream = await startUpstream();
  opened.push({ stop: () => new Promise<void>((resolve) => upstream.server.close(() => resolve())) });
  const front = await startMimicFront({ cloud, upstream: upstream.url, budget: { requests: 1000, windowSeconds: 60 }, ...options });
  opened.push(front);
  return { front, hits: upstream.hits };
}

describe('mimic front: naming and repositories', () => {
  it('refuses a Docker Hub name deeper than namespace/repo with 400 NAME_INVALID, and passes namespace/repo through', async () => {
    const { front, hits } = await mimic('dockerhub');
    const deep = await send(`${front.url}/v2/a/b/c/manifests/latest`);
    expect(deep.status).toBe(400);
    expect(JSON.parse(deep.body)).toMatchObject({ errors: [{ code: 'NAME_INVALID' }] });
    const ok = await send(`${front.url}/v2/a/b/manifests/latest`);
    expect(ok.status).toBe(200);
    expect(hits.map((hit) => hit.url)).toEqual(['/v2/a/b/manifests/latest']);
  });

  it('answers 404 NAME_UNKNOWN on ECR until the repository is created through the control endpoint', async () => {
    const { front, hits } = await mimic('ecr');
    const missing = await send(`${front.url}/v2/team/app/blobs/uploads/`, 'POST');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body)).toMatchObject({ errors: [{ code: 'NAME_UNKNOWN' }] });
    expect(hits).toEqual([]);
    expect((await send(`${front.url}${controlRepositoriesPath}team/app`, 'POST')).status).toBe(201);
    expect((await send(`${front.url}/v2/team/app/blobs/uploads/`, 'POST')).status).toBe(200);
    expect((await send(`${front.url}${controlRepositoriesPath}team/app`, 'DELETE')).status).toBe(204);
    expect((await send(`${front.url}/v2/team/app/tags/list`)).status).toBe(404);
  });

  it('on GAR a created project/repository holds nested images, and a name without an image is invalid', async () => {
    const { front } = await mimic('gar');
    expect((await send(`${front.url}${controlRepositoriesPath}proj/repo/img`, 'POST')).status).toBe(201);
    expect((await send(`${front.url}/v2/proj/repo/img/tags/list`)).status).toBe(200);
    expect((await send(`${front.url}/v2/proj/other/img/tags/list`)).status).toBe(404);
    expect((await send(`${front.url}${controlRepositoriesPath}proj/repo`, 'POST')).status).toBe(400);
  });
});

describe('mimic front: blob redirects to signed storage URLs', () => {
  it('redirects a blob GET with 307 and the digest, and the storage origin serves it without credentials', async () => {
    const { front } = await mimic('ecr');
    await send(`${front.url}${controlRepositoriesPath}r/one`, 'POST');
    const redirect = await send(`${front.url}/v2/r/one/blobs/${blobDigest}`, 'GET', { authorization: 'Basic QVdTOnRva2Vu' });
    expect(redirect.status).toBe(307);
    expect(redirect.headers['docker-content-digest']).toBe(blobDigest);
    const location = String(redirect.headers.location);
    expect(location.startsWith(front.storageUrl)).toBe(true);
    const blob = await send(location);
    expect(blob).toMatchObject({ status: 200, body: blobBody });
    expect(blob.headers['x-registry-only']).toBeUndefined();
    const ranged = await send(location, 'GET', { range: 'bytes=0-4' });
    expect(ranged).toMatchObject({ status: 206, body: blobBody.slice(0, 5) });
    expect(front.requests().filter((entry) => entry.origin === 'storage').every((entry) => !entry.authorization)).toBe(true);
    // The query (signature) is never recorded.
    expect(JSON.stringify(front.requests())).not.toContain('Signature');
  });

  it('refuses a forwarded Authorization with 400, a tampered signature and an expired URL with 403', async () => {
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const { front } = await mimic('dockerhub', { now: () => clock, signedUrlTtlSeconds: 60 });
    const location = String((await send(`${front.url}/v2/r/one/blobs/${blobDigest}`)).headers.location);
    const withAuth = await send(location, 'GET', { authorization: 'Bearer token' });
    expect(withAuth.status).toBe(400);
    expect(withAuth.body).toContain('Only one auth mechanism allowed');
    // Change the signature's first digit to another one (a fixed '0' left it intact whenever it already was one:
    // the signing key is random, so the test failed one run in 16).
    const tampered = location.replace(/Signature=(.)/, (_match, first: string) => `Signature=${first === '0' ? '1' : '0'}`);
    expect(tampered).not.toBe(location);
    expect((await send(tampered)).status).toBe(403);
    expect((await send(location)).status).toBe(200);
    clock += 61_000;
    const expired = await send(location);
    expect(expired.status).toBe(403);
    expect(expired.body).toContain('Request has expired');
    expect(front.requests().filter((entry) => entry.origin === 'storage').map((entry) => entry.authorization)).toEqual([true, false, false, false]);
  });

  it('answers HEAD on a GET-signed GHCR URL with 403, while Docker Hub storage answers it', async () => {
    const ghcr = await mimic('ghcr');
    const ghcrLocation = String((await send(`${ghcr.front.url}/v2/o/n/blobs/${blobDigest}`)).headers.location);
    expect((await send(ghcrLocation, 'HEAD')).status).toBe(403);
    const hub = await mimic('dockerhub');
    const hubLocation = String((await send(`${hub.front.url}/v2/o/n/blobs/${blobDigest}`)).headers.location);
    expect((await send(hubLocation, 'HEAD')).status).toBe(200);
  });

  it('passes the registry’s 404 through for a missing blob, and answers HEAD on the API itself', async () => {
    const { front } = await mimic('ghcr');
    const missing = await send(`${front.url}/v2/o/n/blobs/sha256:${'b'.repeat(64)}`);
    expect(missing.status).toBe(404);
    expect(missing.body).toContain('BLOB_UNKNOWN');
    expect((await send(`${front.url}/v2/o/n/blobs/${blobDigest}`, 'HEAD')).status).toBe(200);
  });

  it('does not redirect on GAR (no documented redirect)', async () => {
    const { front } = await mimic('gar');
    await send(`${front.url}${controlRepositoriesPath}p/r/i`, 'POST');
    expect(await send(`${front.url}/v2/p/r/i/blobs/${blobDigest}`)).toMatchObject({ status: 200, body: blobBody });
  });
});

describe('mimic front: throttling, catalog, deletes', () => {
  it('answers 429 TOOMANYREQUESTS with Retry-After once the budget is spent, until the window ends', async () => {
    let clock = 10_000;
    const { front } = await mimic('dockerhub', { now: () => clock, budget: { requests: 2, windowSeconds: 10 } });
    const first = await send(`${front.url}/v2/`);
    expect(first.headers['ratelimit-remaining']).toBe('1;w=10');
    await send(`${front.url}/v2/`);
    clock += 3_000;
    const throttled = await send(`${front.url}/v2/a/b/tags/list`);
    expect(throttled.status).toBe(429);
    expect(throttled.headers['retry-after']).toBe('7');
    expect(throttled.headers['ratelimit-limit']).toBe('2;w=10');
    expect(JSON.parse(throttled.body)).toMatchObject({ errors: [{ code: 'TOOMANYREQUESTS' }] });
    clock += 7_000;
    expect((await send(`${front.url}/v2/`)).status).toBe(200);
    // Control calls are never throttled.
    clock += 0;
    expect((await send(`${front.url}/_mimic`)).status).toBe(200);
  });

  it('offers no catalog: 401 on Docker Hub, 404 on GHCR', async () => {
    const hub = await mimic('dockerhub');
    expect((await send(`${hub.front.url}/v2/_catalog`)).status).toBe(401);
    const ghcr = await mimic('ghcr');
    expect((await send(`${ghcr.front.url}/v2/_catalog`)).status).toBe(404);
  });

  it('refuses deletes where the cloud does: Hub by tag and blobs, GHCR all; upload cancel passes', async () => {
    const hub = await mimic('dockerhub');
    expect((await send(`${hub.front.url}/v2/a/b/manifests/latest`, 'DELETE')).status).toBe(405);
    expect((await send(`${hub.front.url}/v2/a/b/manifests/${blobDigest}`, 'DELETE')).status).toBe(202);
    expect((await send(`${hub.front.url}/v2/a/b/blobs/${blobDigest}`, 'DELETE')).status).toBe(405);
    expect((await send(`${hub.front.url}/v2/a/b/blobs/uploads/abc`, 'DELETE')).status).toBe(202);
    const ghcr = await mimic('ghcr');
    expect((await send(`${ghcr.front.url}/v2/a/b/manifests/${blobDigest}`, 'DELETE')).status).toBe(405);
  });
});

describe('mimic front: Docker Hub deletes only unreferenced manifests', () => {
  const manifest = (document: object): { body: Buffer; digest: string } => {
    const body = Buffer.from(JSON.stringify(document));
    return { body, digest: digestOf(body) };
  };
  const put = (url: string, body: Buffer) => send(url, 'PUT', { 'content-type': 'application/vnd.oci.image.manifest.v1+json' }, body);

  it('answers 403 DENIED to DELETE by digest while a tag or an index refers to the manifest, 202 once nothing does', async () => {
    const { front, hits } = await mimic('dockerhub');
    const image = manifest({ schemaVersion: 2, config: { digest: blobDigest }, layers: [] });
    const other = manifest({ schemaVersion: 2, config: { digest: blobDigest }, layers: [], annotations: { other: 'yes' } });
    const index = manifest({ schemaVersion: 2, manifests: [{ digest: image.digest }] });
    expect((await put(`${front.url}/v2/a/b/manifests/latest`, image.body)).status).toBe(201);
    const tagged = await send(`${front.url}/v2/a/b/manifests/${image.digest}`, 'DELETE');
    expect([tagged.status, JSON.parse(tagged.body)]).toMatchObject([403, { errors: [{ code: 'DENIED' }] }]);
    expect(tagged.body).toContain('tag latest');
    // Another repository's tag does not hold it.
    expect((await send(`${front.url}/v2/a/c/manifests/${image.digest}`, 'DELETE')).status).toBe(202);
    // The tag moves away, but an index pushed by digest lists the image: still held.
    expect((await put(`${front.url}/v2/a/b/manifests/${index.digest}`, index.body)).status).toBe(201);
    expect((await put(`${front.url}/v2/a/b/manifests/latest`, other.body)).status).toBe(201);
    const listed = await send(`${front.url}/v2/a/b/manifests/${image.digest}`, 'DELETE');
    expect([listed.status, listed.body.includes(`index ${index.digest}`)]).toEqual([403, true]);
    // The untagged index goes, then the image it listed.
    expect((await send(`${front.url}/v2/a/b/manifests/${index.digest}`, 'DELETE')).status).toBe(202);
    expect((await send(`${front.url}/v2/a/b/manifests/${image.digest}`, 'DELETE')).status).toBe(202);
    // The refused deletes never reached the registry; the manifests did, byte for byte.
    expect(hits.filter((hit) => hit.method === 'DELETE').map((hit) => hit.url)).toEqual([
      `/v2/a/c/manifests/${image.digest}`,
      `/v2/a/b/manifests/${index.digest}`,
      `/v2/a/b/manifests/${image.digest}`,
    ]);
    expect(hits.filter((hit) => hit.method === 'PUT').map((hit) => hit.bytes)).toEqual([image.body.length, index.body.length, other.body.length]);
  });

  it('lets ECR delete a tagged manifest by digest: the rule is Docker Hub’s alone', async () => {
    const ecr = await mimic('ecr');
    await send(`${ecr.front.url}${controlRepositoriesPath}a/b`, 'POST');
    const image = manifest({ schemaVersion: 2, layers: [] });
    expect((await put(`${ecr.front.url}/v2/a/b/manifests/latest`, image.body)).status).toBe(201);
    expect((await send(`${ecr.front.url}/v2/a/b/manifests/${image.digest}`, 'DELETE')).status).toBe(202);
  });
});

describe('mimic front: chunk limits', () => {
  it('refuses a GHCR chunk PATCH over 4 MiB with 416, passes one of exactly 4 MiB, and a streamed PATCH of any size', async () => {
    const { front, hits } = await mimic('ghcr');
    const mib4 = 4 * 1024 * 1024;
    const chunk = (bytes: number): Record<string, string> => ({ 'content-range': `0-${bytes - 1}` });
    const over = await send(`${front.url}/v2/o/n/blobs/uploads/u1`, 'PATCH', chunk(mib4 + 1), Buffer.alloc(mib4 + 1));
    expect(over.status).toBe(416);
    expect(over.body).toContain('request body is too large');
    const exact = await send(`${front.url}/v2/o/n/blobs/uploads/u1`, 'PATCH', chunk(mib4), Buffer.alloc(mib4));
    expect(exact.status).toBe(202);
    const streamed = await send(`${front.url}/v2/o/n/blobs/uploads/u2`, 'PATCH', {}, Buffer.alloc(mib4 + 1));
    expect(streamed.status).toBe(202);
    expect(hits.map((hit) => hit.bytes)).toEqual([mib4, mib4 + 1]);
  });

  it('refuses an ECR part after one under 5 MiB, but lets a small last part close with an empty PUT', async () => {
    const { front } = await mimic('ecr');
    await send(`${front.url}${controlRepositoriesPath}r`, 'POST');
    expect((await send(`${front.url}/v2/r/blobs/uploads/small`, 'PATCH', {}, Buffer.alloc(1024))).status).toBe(202);
    const next = await send(`${front.url}/v2/r/blobs/uploads/small`, 'PATCH', {}, Buffer.alloc(1024));
    expect(next.status).toBe(400);
    expect(next.body).toContain('LayerPartTooSmallException');
    expect((await send(`${front.url}/v2/r/blobs/uploads/small?digest=x`, 'PUT', {}, Buffer.alloc(10))).status).toBe(400);
    expect((await send(`${front.url}/v2/r/blobs/uploads/big`, 'PATCH', {}, Buffer.alloc(5 * 1024 * 1024))).status).toBe(202);
    expect((await send(`${front.url}/v2/r/blobs/uploads/big`, 'PATCH', {}, Buffer.alloc(100))).status).toBe(202);
    expect((await send(`${front.url}/v2/r/blobs/uploads/big?digest=x`, 'PUT')).status).toBe(201);
  });
});

describe('mimic front: an answer before the whole body went up', () => {
  it('closes the client connection after it, as the registry behind closes its own, so the next request is answered', async () => {
    // Like Go's net/http: a 413 before reading a large body, then the connection is closed a little later.
    const upstream = createServer((request, response) => {
      if (Number(request.headers['content-length'] ?? '0') > 1024 * 1024) {
        response.writeHead(413, { 'content-type': 'application/json' });
        response.end('{"errors":[{"code":"SIZE_INVALID","message":"too large"}]}');
        setTimeout(() => request.socket.destroy(), 200);
        return;
      }
      request.resume();
      request.on('end', () => response.writeHead(202, { location: '/v2/p/r/i/blobs/uploads/u' }).end());
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    opened.push({ stop: () => new Promise<void>((resolve) => upstream.close(() => resolve())) });
    const front = await startMimicFront({ cloud: 'gar', upstream: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`, budget: { requests: 1000, windowSeconds: 60 } });
    opened.push(front);
    expect((await send(`${front.url}${controlRepositoriesPath}p/r/i`, 'POST')).status).toBe(201);
    const large = await send(`${front.url}/v2/p/r/i/manifests/large`, 'PUT', { 'content-type': 'application/vnd.oci.image.manifest.v1+json' }, Buffer.alloc(8 * 1024 * 1024, 0x20));
    expect([large.status, large.headers.connection]).toEqual([413, 'close']);
    const next = await send(`${front.url}/v2/p/r/i/blobs/uploads/`, 'POST');
    expect(next.status).toBe(202);
  });
});
