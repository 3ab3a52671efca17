import { afterEach, describe, expect, it } from 'vitest';
import { startFakeRegistry, type FakeRegistry } from '../conformance/test-support/fake-registry.js';
import { digestOf } from '../oci/digest.js';
import { MediaType } from '../oci/media-types.js';
import { createRegistryClient } from './registry-client.js';
import { testTarget } from './test-support/scripted-server.js';
import type { RegistryClient, UploadStrategy } from './types.js';

let registry: FakeRegistry | undefined;
let client: RegistryClient | undefined;

afterEach(async () => {
  await client?.close();
  await registry?.close();
  client = undefined;
  registry = undefined;
});

const strategies: UploadStrategy[] = [
  { kind: 'post-put' },
  { kind: 'single-post' },
  { kind: 'streamed-patch' },
  { kind: 'chunked', chunkBytes: 3000 },
];

/** Deterministic content per strategy, so each push is a distinct blob. */
function contentFor(seed: number): Buffer {
  return Buffer.from(Array.from({ length: 10_000 }, (_v, i) => (i * seed + 7) % 256));
}

describe('client against the conformant fake registry', () => {
  for (const [index, options] of [
    [0, {}],
    [1, { absoluteLocations: true, singlePost: false, chunkMinLength: 4000 }],
  ] as const) {
    it(`pushes with every strategy, pulls back the same digest, and deletes (variant ${index})`, async () => {
      registry = await startFakeRegistry(options);
      client = createRegistryClient({ target: testTarget(registry.url) });
      for (const [i, strategy] of strategies.entries()) {
        const content = contentFor(i + 3);
        const pushed = await client.pushBlob('ns/app', content, strategy);
        expect(pushed.final.status, strategy.kind).toBe(201);
        const head = await client.headBlob('ns/app', pushed.digest);
        expect(head.status).toBe(200);
        expect(head.headers['content-length']).toBe(String(content.length));
        const download = await client.downloadBlob('ns/app', pushed.digest);
        expect(download.computedDigest).toBe(pushed.digest);
        expect(download.bytes).toBe(content.length);
      }
      const config = Buffer.from('{}');
      await client.pushBlob('ns/app', config);
      const manifest = JSON.stringify({
        schemaVersion: 2,
        mediaType: MediaType.ociManifest,
        config: { mediaType: MediaType.ociEmpty, digest: digestOf(config), size: config.length },
        layers: [],
      });
      const put = await client.putManifest('ns/app', 'v1', manifest, MediaType.ociManifest);
      expect(put.status).toBe(201);
      expect(put.headers['docker-content-digest']).toBe(digestOf(manifest));
      const got = await client.getManifest('ns/app', 'v1');
      expect(got.text()).toBe(manifest);
      const tags = await client.listTags('ns/app');
      expect(tags.json()).toEqual({ name: 'ns/app', tags: ['v1'] });
      expect((await client.deleteManifest('ns/app', digestOf(manifest))).status).toBe(202);
      expect((await client.getManifest('ns/app', 'v1')).status).toBe(404);
    });
  }
});
