import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestOf } from '../oci/digest.js';
import { MediaType } from '../oci/media-types.js';
import { createRegistryClient } from './registry-client.js';
import { testTarget } from './test-support/scripted-server.js';
import type { RegistryClient, UploadStrategy } from './types.js';

/** Where CNCF distribution 2.8 lives on Debian (`docker-registry` package). */
const binary = '/usr/bin/docker-registry';
const available = spawnSync(binary, ['--version'], { timeout: 10_000 }).status === 0;

/** A free loopback port: bind 0, read it, release it. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

describe('client against distribution 2.8 (lab)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'regatta-client-dist-'));
  let child: ChildProcess | undefined;
  let client: RegistryClient | undefined;

  beforeAll(async () => {
    if (!available) {
      return;
    }
    const port = await freePort();
    const config = [
      'version: 0.1',
      'log: { level: error }',
      `storage: { filesystem: { rootdirectory: ${JSON.stringify(join(dir, 'data'))} }, delete: { enabled: true } }`,
      `http: { addr: "127.0.0.1:${port}" }`,
    ].join('\n');
    writeFileSync(join(dir, 'config.yml'), config);
    child = spawn(binary, ['serve', join(dir, 'config.yml')], { stdio: 'ignore' });
    client = createRegistryClient({ target: testTarget(`http://127.0.0.1:${port}`) });
    // Bounded wait for the registry to listen: 100 tries, 100 ms apart.
    for (let i = 0; i < 100; i += 1) {
      const up = await client.ping({ timeoutMs: 1000 }).then(
        (r) => r.status === 200,
        () => false,
      );
      if (up) {
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('distribution did not start within 10 s');
  });

  afterAll(async () => {
    await client?.close();
    child?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('pushes with every strategy, verifies digests, and exercises upload status, cancel and delete', async () => {
    if (!available || client === undefined) {
      // Locally a missing lab component is reported; in CI it is a failure.
      expect(process.env['CI'], `distribution not installed at ${binary}`).not.toBe('true');
      console.warn(`distribution integration test not run: ${binary} is missing`);
      return;
    }
    const c = client;
    const strategies: UploadStrategy[] = [
      { kind: 'post-put' },
      { kind: 'single-post' },
      { kind: 'streamed-patch' },
      { kind: 'chunked', chunkBytes: 1024 * 1024 },
    ];
    for (const [i, strategy] of strategies.entries()) {
      const content = Buffer.alloc(3 * 1024 * 1024 + 17, i + 1);
      const pushed = await c.pushBlob('regatta/client-it', content, strategy);
      expect(pushed.final.status, strategy.kind).toBe(201);
      expect(pushed.final.headers['docker-content-digest']).toBe(pushed.digest);
      const download = await c.downloadBlob('regatta/client-it', pushed.digest);
      expect(download.computedDigest).toBe(pushed.digest);
    }

    const post = await c.startUpload('regatta/client-it');
    expect(post.status).toBe(202);
    const location = post.headers['location']!;
    const patch = await c.patchUpload(location, {
      body: Buffer.alloc(10, 1),
      headers: { 'content-type': MediaType.octetStream, 'content-range': '0-9' },
    });
    expect(patch.status).toBe(202);
    expect(patch.headers['range']).toBe('0-9');
    const status = await c.getUploadStatus(patch.headers['location']!);
    expect(status.status).toBe(204);
    expect((await c.cancelUpload(patch.headers['location']!)).status).toBe(204);

    const config = Buffer.from('{}');
    await c.pushBlob('regatta/client-it', config);
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      config: { mediaType: MediaType.ociEmpty, digest: digestOf(config), size: config.length },
      layers: [],
    });
    const put = await c.putManifest('regatta/client-it', 'v1', manifest, MediaType.ociManifest);
    expect(put.status).toBe(201);
    expect(put.headers['docker-content-digest']).toBe(digestOf(manifest));
    const head = await c.headManifest('regatta/client-it', 'v1');
    expect(head.headers['docker-content-digest']).toBe(digestOf(manifest));
    expect((await c.listTags('regatta/client-it')).json()).toEqual({ name: 'regatta/client-it', tags: ['v1'] });
    expect((await c.deleteManifest('regatta/client-it', digestOf(manifest))).status).toBe(202);
    expect((await c.getManifest('regatta/client-it', 'v1')).status).toBe(404);
  });
});
