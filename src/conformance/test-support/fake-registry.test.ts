import { afterEach, describe, expect, it } from 'vitest';
import { digestOf } from '../../oci/digest.js';
import { MediaType } from '../../oci/media-types.js';
import { startFakeRegistry, type FakeRegistry, type FakeRegistryOptions } from './fake-registry.js';

let registry: FakeRegistry | undefined;

afterEach(async () => {
  await registry?.close();
  registry = undefined;
});

async function start(options: FakeRegistryOptions = {}): Promise<FakeRegistry> {
  registry = await startFakeRegistry(options);
  return registry;
}

function call(base: string, method: string, path: string, init: RequestInit = {}): Promise<Response> {
  const url = path.startsWith('http') ? path : `${base}${path}`;
  return fetch(url, { ...init, method });
}

async function codesOf(response: Response): Promise<string[]> {
  const body = (await response.json()) as { errors: { code: string }[] };
  return body.errors.map((error) => error.code);
}

/** Pushes a blob with POST + PUT and returns its digest. */
async function pushBlob(base: string, repo: string, content: string): Promise<string> {
  const digest = digestOf(content);
  const post = await call(base, 'POST', `/v2/${repo}/blobs/uploads/`);
  const location = post.headers.get('location') ?? '';
  const put = await call(base, 'PUT', `${location}&digest=${digest}`, { body: content });
  expect(put.status).toBe(201);
  return digest;
}

/** An image manifest over a config and one layer, pushed as blobs first. */
async function pushImage(base: string, repo: string, tag: string, extra: Record<string, unknown> = {}): Promise<string> {
  const config = await pushBlob(base, repo, '{}');
  const layer = await pushBlob(base, repo, `layer of ${tag}`);
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    config: { mediaType: MediaType.ociConfig, digest: config, size: 2 },
    layers: [{ mediaType: MediaType.ociLayerTar, digest: layer, size: `layer of ${tag}`.length }],
    ...extra,
  });
  const put = await call(base, 'PUT', `/v2/${repo}/manifests/${tag}`, {
    body: manifest,
    headers: { 'content-type': MediaType.ociManifest },
  });
  expect(put.status).toBe(201);
  expect(put.headers.get('docker-content-digest')).toBe(digestOf(manifest));
  return digestOf(manifest);
}

describe('startFakeRegistry', () => {
  it('answers the ping with the API version header', async () => {
    const { url } = await start();
    const response = await call(url, 'GET', '/v2/');
    expect(response.status).toBe(200);
    expect(response.headers.get('docker-distribution-api-version')).toBe('registry/2.0');
    expect(await response.json()).toEqual({});
    expect((await call(url, 'GET', '/v2/no/such/thing')).status).toBe(404);
  });

  it('stores a monolithic upload and serves it with HEAD, GET and Range', async () => {
    const { url } = await start();
    const digest = await pushBlob(url, 'a/b', 'hello world');
    const head = await call(url, 'HEAD', `/v2/a/b/blobs/${digest}`);
    expect([head.status, head.headers.get('content-length'), head.headers.get('docker-content-digest')]).toEqual([
      200,
      '11',
      digest,
    ]);
    const range = await call(url, 'GET', `/v2/a/b/blobs/${digest}`, { headers: { range: 'bytes=0-4' } });
    expect(range.status).toBe(206);
    expect(range.headers.get('content-range')).toBe('bytes 0-4/11');
    expect(await range.text()).toBe('hello');
    const bad = await call(url, 'GET', `/v2/a/b/blobs/${digest}`, { headers: { range: 'bytes=50-60' } });
    expect(bad.status).toBe(416);
    const missing = await call(url, 'GET', `/v2/a/b/blobs/${digestOf('nope')}`);
    expect([missing.status, await codesOf(missing)]).toEqual([404, ['BLOB_UNKNOWN']]);
  });

  it('runs a chunked upload and rejects out-of-order chunks with 416', async () => {
    const { url } = await start();
    const post = await call(url, 'POST', '/v2/c/blobs/uploads/');
    expect(post.status).toBe(202);
    expect(post.headers.get('range')).toBe('0-0');
    let location = post.headers.get('location') ?? '';
    const first = await call(url, 'PATCH', location, { body: 'abc', headers: { 'content-range': '0-2' } });
    expect([first.status, first.headers.get('range')]).toEqual([202, '0-2']);
    location = first.headers.get('location') ?? '';
    const skipped = await call(url, 'PATCH', location, { body: 'xyz', headers: { 'content-range': '5-7' } });
    expect(skipped.status).toBe(416);
    const status = await call(url, 'GET', location);
    expect([status.status, status.headers.get('range')]).toEqual([204, '0-2']);
    const put = await call(url, 'PUT', `${location}&digest=${digestOf('abcdef')}`, {
      body: 'def',
      headers: { 'content-range': '3-5' },
    });
    expect(put.status).toBe(201);
  });

  it('rejects a digest mismatch, a missing digest and an unknown upload', async () => {
    const { url } = await start();
    const location = (await call(url, 'POST', '/v2/d/blobs/uploads/')).headers.get('location') ?? '';
    const mismatch = await call(url, 'PUT', `${location}&digest=${digestOf('other')}`, { body: 'data' });
    expect([mismatch.status, await codesOf(mismatch)]).toEqual([400, ['DIGEST_INVALID']]);
    const missing = await call(url, 'PUT', location, { body: 'data' });
    expect(missing.status).toBe(400);
    const unknown = await call(url, 'GET', '/v2/d/blobs/uploads/00000000-0000-0000-0000-000000000000');
    expect([unknown.status, await codesOf(unknown)]).toEqual([404, ['BLOB_UPLOAD_UNKNOWN']]);
  });

  it('completes a single POST and mounts across repositories', async () => {
    const { url } = await start();
    const digest = digestOf('single');
    const single = await call(url, 'POST', `/v2/e/blobs/uploads/?digest=${digest}`, { body: 'single' });
    expect(single.status).toBe(201);
    const mount = await call(url, 'POST', `/v2/f/blobs/uploads/?mount=${digest}&from=e`);
    expect([mount.status, mount.headers.get('location')]).toEqual([201, `/v2/f/blobs/${digest}`]);
    const noFrom = await call(url, 'POST', `/v2/g/blobs/uploads/?mount=${digest}`);
    expect(noFrom.status).toBe(202);
  });

  it('validates, stores and serves manifests, with tag pagination and deletes', async () => {
    const { url } = await start();
    const digest = await pushImage(url, 'h', 'v1');
    await pushImage(url, 'h', 'v2');
    await pushImage(url, 'h', 'v3');
    const get = await call(url, 'GET', `/v2/h/manifests/${digest}`);
    expect([get.status, get.headers.get('content-type')]).toEqual([200, MediaType.ociManifest]);
    const page = await call(url, 'GET', '/v2/h/tags/list?n=2');
    expect(await page.json()).toEqual({ name: 'h', tags: ['v1', 'v2'] });
    expect(page.headers.get('link')).toBe('</v2/h/tags/list?n=2&last=v2>; rel="next"');
    const zero = await call(url, 'GET', '/v2/h/tags/list?n=0');
    expect([await zero.json(), zero.headers.get('link')]).toEqual([{ name: 'h', tags: [] }, null]);
    const dangling = await call(url, 'PUT', '/v2/h/manifests/bad', {
      body: JSON.stringify({
        schemaVersion: 2,
        mediaType: MediaType.ociManifest,
        config: { mediaType: MediaType.ociConfig, digest: digestOf('absent'), size: 6 },
        layers: [],
      }),
      headers: { 'content-type': MediaType.ociManifest },
    });
    expect(await codesOf(dangling)).toEqual(['MANIFEST_BLOB_UNKNOWN']);
    const invalid = await call(url, 'PUT', '/v2/h/manifests/bad', {
      body: '{not json',
      headers: { 'content-type': MediaType.ociManifest },
    });
    expect(await codesOf(invalid)).toEqual(['MANIFEST_INVALID']);
    expect((await call(url, 'DELETE', `/v2/h/manifests/${digest}`)).status).toBe(202);
    expect((await call(url, 'GET', '/v2/h/manifests/v1')).status).toBe(404);
    const badName = await call(url, 'GET', '/v2/UPPER/tags/list');
    expect(await codesOf(badName)).toEqual(['NAME_INVALID']);
  });

  it('lists referrers with an artifactType filter and OCI-Subject', async () => {
    const { url } = await start();
    const subject = await pushImage(url, 'r', 'base');
    await pushImage(url, 'r', 'sig', {
      artifactType: 'application/x-sig',
      subject: { mediaType: MediaType.ociManifest, digest: subject, size: 1 },
    });
    const response = await call(url, 'GET', `/v2/r/referrers/${subject}?artifactType=application/x-sig`);
    expect(response.headers.get('oci-filters-applied')).toBe('artifactType');
    const index = (await response.json()) as { manifests: { artifactType: string }[] };
    expect(index.manifests.map((entry) => entry.artifactType)).toEqual(['application/x-sig']);
  });

  it('answers 405 UNSUPPORTED to deletes when they are disabled', async () => {
    const { url } = await start({ deletes: false });
    const digest = await pushBlob(url, 'x', 'kept');
    const response = await call(url, 'DELETE', `/v2/x/blobs/${digest}`);
    expect([response.status, await codesOf(response)]).toEqual([405, ['UNSUPPORTED']]);
  });

  it('lets a fault hook rewrite one route and records requests', async () => {
    const fake = await start({
      faults: {
        rewrite: (response, ctx) => {
          if (ctx.route === 'ping') {
            response.status = 500;
          }
        },
      },
    });
    expect((await call(fake.url, 'GET', '/v2/')).status).toBe(500);
    expect(fake.requests.map((request) => [request.route, request.status])).toEqual([['ping', 500]]);
  });
});
