import { afterEach, describe, expect, it } from 'vitest';
import type { UploadStrategy } from '../../client/types.js';
import { digestOf } from '../../oci/digest.js';
import { startFakeRegistry, type FakeRegistry } from './fake-registry.js';
import { createFetchClient } from './fetch-client.js';

let registry: FakeRegistry | undefined;

afterEach(async () => {
  await registry?.close();
  registry = undefined;
});

describe('createFetchClient', () => {
  const strategies: UploadStrategy[] = [
    { kind: 'post-put' },
    { kind: 'single-post' },
    { kind: 'streamed-patch' },
    { kind: 'chunked', chunkBytes: 4 },
  ];
  for (const strategy of strategies) {
    it(`pushes a blob with ${strategy.kind} and the fake stores the exact bytes`, async () => {
      registry = await startFakeRegistry();
      const client = createFetchClient(registry.url);
      const content = new TextEncoder().encode(`content pushed with ${strategy.kind}`);
      const pushed = await client.pushBlob('repo', content, strategy);
      expect(pushed.final.status).toBe(201);
      expect(pushed.digest).toBe(digestOf(content));
      expect(registry.store.getBlob('repo', pushed.digest)?.equals(Buffer.from(content))).toBe(true);
      const methods = registry.requests.map((request) => request.method);
      expect(methods[0]).toBe('POST');
    });
  }

  it('falls back to PUT when single POST answers 202', async () => {
    registry = await startFakeRegistry({ singlePost: false });
    const pushed = await createFetchClient(registry.url).pushBlob('repo', new Uint8Array([1, 2, 3]), { kind: 'single-post' });
    expect(pushed.responses.map((response) => response.status)).toEqual([202, 201]);
  });

  it('records every exchange into its recorder', async () => {
    registry = await startFakeRegistry();
    const seen: string[] = [];
    const client = createFetchClient(registry.url).withRecorder({ record: (exchange) => seen.push(exchange.request.method) });
    await client.ping();
    await client.headBlob('repo', digestOf('x'));
    expect(seen).toEqual(['GET', 'HEAD']);
  });
});
