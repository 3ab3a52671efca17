import { afterEach, describe, expect, it } from 'vitest';
import { createRegistryClient } from '../client/index.js';
import type { RegistryClient } from '../client/types.js';
import { digestOf } from '../oci/digest.js';
import { capabilityIds, type CapabilityMap } from './capabilities.js';
import { CleanupTracker } from './cleanup-tracker.js';
import { UploadSessions } from './upload-sessions.js';
import { startFakeRegistry, type FakeRegistry, type FakeRegistryOptions } from './test-support/fake-registry.js';

const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0)) {
    await close();
  }
});

const everything = Object.fromEntries(capabilityIds.map((id) => [id, 'supported'])) as CapabilityMap;
const repos = ['ns/a', 'ns/b', 'ns/c'];

/** A fake registry and a client of it, both closed after the test. */
async function fakeWithClient(options: FakeRegistryOptions = {}): Promise<{ registry: FakeRegistry; client: RegistryClient }> {
  const registry = await startFakeRegistry(options);
  const client = createRegistryClient({
    target: { name: 'fake', url: registry.url, namespace: 'ns', credentials: { kind: 'anonymous' }, tls: { insecure: false }, requestTimeoutMs: 5000 },
  });
  closers.push(async () => {
    await client.close();
    await registry.close();
  });
  return { registry, client };
}

/** Two manifests (one tagged), a blob, and a foreign blob per repository, seeded in the fake and recorded. */
function seed(registry: FakeRegistry): CleanupTracker {
  const tracker = new CleanupTracker('ns');
  for (const repo of repos) {
    const blob = Buffer.from(`layer of ${repo}`);
    registry.store.putBlob(repo, digestOf(blob), blob);
    tracker.blob(repo, digestOf(blob));
    for (const name of ['first', 'second']) {
      const bytes = Buffer.from(JSON.stringify({ schemaVersion: 2, name, repo }));
      const manifest = { digest: digestOf(bytes), bytes, mediaType: 'application/vnd.oci.image.manifest.v1+json', json: {} };
      registry.store.putManifest(repo, manifest, name === 'first' ? ['v1'] : []);
      if (name === 'first') {
        tracker.tag(repo, 'v1');
      } else {
        tracker.manifest(repo, manifest.digest);
      }
    }
  }
  tracker.blob('other/repo', digestOf('foreign'));
  return tracker;
}

/** DELETE paths per repository, in the order the fake received them. */
function deletesByRepo(registry: FakeRegistry): Record<string, string[]> {
  const byRepo: Record<string, string[]> = {};
  for (const request of registry.requests.filter((r) => r.method === 'DELETE')) {
    const path = new URL(request.url, 'http://x').pathname;
    const repo = /^\/v2\/(.+)\/(?:manifests|blobs)\//.exec(path)?.[1] ?? '?';
    (byRepo[repo] ??= []).push(path);
  }
  return byRepo;
}

describe('CleanupTracker', () => {
  it('cleans repositories up at once, each in the serial order, with the summary of the serial cleanup', async () => {
    const serial = await fakeWithClient();
    const serialSummary = await seed(serial.registry).run(serial.client, everything, 60_000, 1);
    // The fake holds DELETEs until three are waiting: only three repositories cleaned at once release them.
    const parked: (() => void)[] = [];
    let maxParked = 0;
    const releaseAll = (): void => {
      for (const release of parked.splice(0)) {
        release();
      }
    };
    const parallel = await fakeWithClient({
      faults: {
        before: (_req, _res, ctx) => {
          if (ctx.method !== 'DELETE') {
            return false;
          }
          return new Promise<boolean>((resolve) => {
            parked.push(() => {
              resolve(false);
            });
            maxParked = Math.max(maxParked, parked.length);
            if (parked.length >= 3) {
              releaseAll();
            } else {
              // Safety net only: if three never meet, the test fails on maxParked instead of hanging.
              setTimeout(releaseAll, 3000).unref();
            }
          });
        },
      },
    });
    const parallelSummary = await seed(parallel.registry).run(parallel.client, everything, 60_000, 3);
    expect(maxParked).toBe(3);
    expect(parallelSummary).toEqual(serialSummary);
    expect(serialSummary.deleted).toBe(9);
    expect(serialSummary.leftovers).toEqual([`other/repo@${digestOf('foreign')}` + ' (outside the run namespace: not deleted)']);
    expect(deletesByRepo(parallel.registry)).toEqual(deletesByRepo(serial.registry));
    for (const repo of repos) {
      expect(parallel.registry.store.tagsOf(repo)).toEqual([]);
      expect(parallel.registry.store.getBlob(repo, digestOf(`layer of ${repo}`))).toBeUndefined();
    }
  });

  it('cleans more than ten repositories at once without a listener-leak warning (each delete stops listening when done)', async () => {
    const many = Array.from({ length: 12 }, (_, index) => `ns/r${index}`);
    const parked: (() => void)[] = [];
    let maxParked = 0;
    const { registry, client } = await fakeWithClient({
      faults: {
        before: (_req, _res, ctx) =>
          ctx.method === 'DELETE' &&
          new Promise<boolean>((resolve) => {
            parked.push(() => resolve(false));
            maxParked = Math.max(maxParked, parked.length);
            // All twelve in flight at once, then released together.
            if (parked.length >= many.length) {
              for (const release of parked.splice(0)) {
                release();
              }
            }
          }),
      },
    });
    const tracker = new CleanupTracker('ns');
    for (const repo of many) {
      const blob = Buffer.from(`layer of ${repo}`);
      registry.store.putBlob(repo, digestOf(blob), blob);
      tracker.blob(repo, digestOf(blob));
    }
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => {
      warnings.push(warning.name);
    };
    process.on('warning', onWarning);
    try {
      const summary = await tracker.run(client, everything, 60_000, many.length);
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
      expect(summary.deleted).toBe(many.length);
    } finally {
      process.off('warning', onWarning);
    }
    expect(maxParked).toBe(many.length);
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });

  it('lists leftovers in the serial order whatever order the repositories end in', async () => {
    const serial = await fakeWithClient({ deletes: false });
    const expected = await seed(serial.registry).run(serial.client, everything, 60_000, 1);
    const parallel = await fakeWithClient({ deletes: false });
    const summary = await seed(parallel.registry).run(parallel.client, everything, 60_000, 3);
    expect(summary).toEqual(expected);
    expect(summary.deleted).toBe(0);
    expect(summary.leftovers).toHaveLength(10);
    expect(summary.leftovers[0]).toMatch(/^ns\/c@sha256:[0-9a-f]{64} \(405\)$/);
  });

  it('sends nothing for what a check forgot (seen deleted), and counts what is remembered again after that', async () => {
    const { registry, client } = await fakeWithClient({ deletes: false });
    const tracker = seed(registry);
    const blob = digestOf('layer of ns/a');
    const manifest = tracker.keep().leftovers.find((text) => text.startsWith('ns/b@')) ?? '';
    tracker.forget('blob', 'ns/a', blob);
    tracker.forget('tag', 'ns/c', 'v1');
    tracker.forget('manifest', 'ns/b', manifest.slice('ns/b@'.length));
    // Forgetting is per repository: the same digest elsewhere, and a reference re-pushed after it, still count.
    tracker.forget('blob', 'ns/zzz', digestOf('layer of ns/b'));
    tracker.blob('ns/a', blob);
    const summary = await tracker.run(client, everything, 60_000, 1);
    const deleted = registry.requests.filter((r) => r.method === 'DELETE').map((r) => new URL(r.url, 'http://x').pathname);
    expect(deleted).not.toContain(`/v2/ns/b/manifests/${manifest.slice('ns/b@'.length)}`);
    expect(deleted).toContain(`/v2/ns/a/blobs/${blob}`);
    expect(deleted).toContain(`/v2/ns/b/blobs/${digestOf('layer of ns/b')}`);
    // ns/c's tagged manifest was only known by its tag: forgotten, nothing resolves it.
    expect(registry.requests.filter((r) => r.method === 'HEAD' && r.url.startsWith('/v2/ns/c/'))).toEqual([]);
    expect(summary.leftovers).toHaveLength(8);
  });

  it('resolves a tag by HEAD only when its push was not answered with the digest of a recorded manifest', async () => {
    const { registry, client } = await fakeWithClient();
    const tracker = new CleanupTracker('ns');
    const manifest = (name: string): { digest: string; bytes: Buffer; mediaType: string; json: Record<string, unknown> } => {
      const bytes = Buffer.from(JSON.stringify({ schemaVersion: 2, name }));
      return { digest: digestOf(bytes), bytes, mediaType: 'application/vnd.oci.image.manifest.v1+json', json: {} };
    };
    const [known, other, unanswered] = [manifest('known'), manifest('other'), manifest('unanswered')];
    registry.store.putManifest('ns/a', known, ['known']);
    tracker.manifest('ns/a', known.digest);
    tracker.tag('ns/a', 'known', known.digest);
    // Answered with a digest nothing recorded: the tag may point anywhere, so it is resolved.
    registry.store.putManifest('ns/a', other, ['other']);
    tracker.tag('ns/a', 'other', digestOf('not recorded'));
    // No answer to go by: resolved.
    registry.store.putManifest('ns/a', unanswered, ['unanswered']);
    tracker.tag('ns/a', 'unanswered');
    const summary = await tracker.run(client, everything, 60_000, 1);
    const heads = registry.requests.filter((r) => r.method === 'HEAD').map((r) => new URL(r.url, 'http://x').pathname);
    expect(heads.sort()).toEqual(['/v2/ns/a/manifests/other', '/v2/ns/a/manifests/unanswered']);
    expect(registry.store.tagsOf('ns/a')).toEqual([]);
    expect(summary).toEqual({ deleted: 3, leftovers: [], kept: false });
  });
});

describe('CleanupTracker upload sessions', () => {
  it('cancels the sessions a run left open, and lists them as leftovers when the registry cannot cancel', async () => {
    const { registry, client } = await fakeWithClient();
    const tracker = new CleanupTracker('ns');
    const tracked = UploadSessions.track(client, tracker.uploads);
    const open = await tracked.startUpload('ns/a');
    const done = await tracked.startUpload('ns/a');
    const doneLocation = tracked.resolveLocation(done.headers['location'] ?? '');
    await tracked.putUpload(doneLocation, digestOf('x'), { body: Buffer.from('x'), headers: { 'content-type': 'application/octet-stream' } });
    const patched = await tracked.startUpload('ns/b');
    await tracked.patchUpload(tracked.resolveLocation(patched.headers['location'] ?? ''), {
      body: Buffer.from('abc'),
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(tracker.uploads.list().map((session) => session.repo)).toEqual(['ns/a', 'ns/b']);
    const keep = tracker.keep();
    expect(keep.leftovers.filter((text) => text.startsWith('upload session /v2/ns/'))).toHaveLength(2);

    const summary = await tracker.run(client, everything);
    expect(summary.leftovers).toEqual([]);
    expect(summary.deleted).toBe(2);
    const cancels = registry.requests.filter((request) => request.method === 'DELETE' && request.url.includes('/blobs/uploads/'));
    expect(cancels.map((request) => new URL(request.url, 'http://x').pathname)).toEqual([
      new URL(tracked.resolveLocation(open.headers['location'] ?? '')).pathname,
      new URL(tracked.resolveLocation(patched.headers['location'] ?? '')).pathname,
    ]);

    const noCancel = new CleanupTracker('ns');
    await UploadSessions.track(client, noCancel.uploads).startUpload('ns/c');
    const refused = await noCancel.run(client, { ...everything, 'upload-cancel': 'unsupported' });
    expect(refused.leftovers).toHaveLength(1);
    expect(refused.leftovers[0]).toMatch(/^upload session \/v2\/ns\/c\/blobs\/uploads\/[^?]+ \(left open: the registry does not cancel uploads; it expires them\)$/);
  });
});
