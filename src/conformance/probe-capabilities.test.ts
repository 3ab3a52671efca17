import { afterEach, describe, expect, it } from 'vitest';
import { createRegistryClient } from '../client/index.js';
import { CleanupTracker } from './cleanup-tracker.js';
import { probeCapabilities } from './probe-capabilities.js';
import { startFakeRegistry, type FakeRegistry, type FakeRegistryOptions } from './test-support/fake-registry.js';

let registry: FakeRegistry | undefined;

afterEach(async () => {
  await registry?.close();
  registry = undefined;
});

async function probe(options: FakeRegistryOptions): Promise<Record<string, string>> {
  registry = await startFakeRegistry(options);
  const client = createRegistryClient({
    target: {
      name: 'fake',
      url: registry.url,
      namespace: '',
      credentials: { kind: 'anonymous' },
      tls: { insecure: false },
      requestTimeoutMs: 5000,
    },
  });
  try {
    const { results } = await probeCapabilities(client, 'ns/probe', new CleanupTracker('ns'), new AbortController().signal);
    return Object.fromEntries(results.map((result) => [result.id, `${result.support}: ${result.detail ?? ''}`]));
  } finally {
    await client.close();
  }
}

describe('probeCapabilities', () => {
  it('finds every capability on a registry that offers them', async () => {
    const found = await probe({});
    expect(Object.values(found).every((value) => value.startsWith('supported'))).toBe(true);
  });

  it('records what an absent capability answered', async () => {
    const found = await probe({ deletes: false, singlePost: false, mount: false, referrers: false, catalog: false, ranges: false });
    expect(found).toMatchObject({
      'single-post-upload': 'unsupported: POST ?digest= → 202',
      mount: 'unsupported: POST ?mount=&from= → 202',
      'blob-range': 'unsupported: GET Range → 200',
      referrers: 'unsupported: GET referrers → 404 UNSUPPORTED',
      catalog: 'unsupported: GET /v2/_catalog → 404 UNSUPPORTED',
      'manifest-delete': 'unsupported: DELETE untagged manifest → 405 UNSUPPORTED',
      'tag-delete': 'unsupported: DELETE tag → 405 UNSUPPORTED',
      'blob-delete': 'unsupported: DELETE blob → 405 UNSUPPORTED',
      'chunked-upload': 'supported: PATCH Content-Range … PUT → 201',
    });
  });

  it('finds manifest delete on a registry that deletes only untagged manifests (Docker Hub answers 403 for a tagged one)', async () => {
    const found = await probe({
      tagDeletes: false,
      faults: {
        routes: {
          'manifest-delete': (_req, res, ctx) => {
            const repo = ctx.repo ?? '';
            const tagged = ctx.store.tagsOf(repo).some((tag) => ctx.store.getManifest(repo, tag)?.digest === ctx.reference);
            if (tagged) {
              res.writeHead(403, { 'content-type': 'application/json' }).end('{"errors":[{"code":"DENIED","message":"still tagged"}]}');
            }
            return tagged;
          },
        },
      },
    });
    expect(found['manifest-delete']).toBe('supported: DELETE untagged manifest → 202');
    expect(found['tag-delete']).toBe('unsupported: DELETE tag → 400 UNSUPPORTED');
    expect(found['blob-delete']).toBe('supported: DELETE blob → 202');
  });
});
