import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRegistryClient } from '../client/index.js';
import { digestOf } from '../oci/digest.js';
import { capabilityIds, type CapabilityMap } from './capabilities.js';
import { CleanupTracker } from './cleanup-tracker.js';
import { startFakeRegistry } from './test-support/fake-registry.js';
import type { FakeRegistryStore } from './test-support/fake-registry-store.js';

const everything = Object.fromEntries(capabilityIds.map((id) => [id, 'supported'])) as CapabilityMap;
const shared = ['team/one', 'team/two'] as const;
/** A repository outside the layout: the run never touches it, even when it recorded something there. */
const outside = 'team/three';
const runTagPrefix = 'regatta-r1';

/** A stored manifest whose bytes are `label` (so its digest is computed, never written down). */
function manifestOf(label: string): { digest: string; bytes: Buffer; mediaType: string; json: Record<string, unknown> } {
  const json = { schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', annotations: { label } };
  const bytes = Buffer.from(JSON.stringify(json));
  return { digest: digestOf(bytes), bytes, mediaType: json.mediaType, json };
}

/** Tag names a foreign user may pick: any valid tag, including ones that look like another run's. */
const foreignTag = fc.oneof(
  fc.stringMatching(/^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,20}$/),
  fc.stringMatching(/^regatta-r[2-9]-[a-z0-9]{1,8}$/),
).filter((tag) => !tag.startsWith(`${runTagPrefix}-`));

/** One scenario: what others keep in the repositories, and what the run pushed (some of it shared with others). */
const scenario = fc.record({
  foreign: fc.array(
    fc.record({ repo: fc.constantFrom(...shared, outside), tag: foreignTag, manifest: fc.integer({ min: 0, max: 5 }) }),
    { maxLength: 25 },
  ),
  run: fc.array(
    fc.record({
      repo: fc.constantFrom(...shared, outside),
      tag: fc.option(fc.stringMatching(/^[a-z0-9]{1,6}$/), { nil: undefined }),
      manifest: fc.integer({ min: 0, max: 5 }),
      blob: fc.integer({ min: 0, max: 3 }),
    }),
    { minLength: 1, maxLength: 20 },
  ),
  // Another user tags one of the run's manifests while it runs.
  foreignPointsAtRun: fc.option(fc.record({ repo: fc.constantFrom(...shared), tag: foreignTag, manifest: fc.integer({ min: 0, max: 5 }) }), {
    nil: undefined,
  }),
  pageSize: fc.integer({ min: 1, max: 200 }),
});

/** Every tag of every repository with its digest, and every manifest and blob present, as text. */
function snapshot(store: FakeRegistryStore, repos: readonly string[]): { tags: Map<string, string>; content: Set<string> } {
  const tags = new Map<string, string>();
  const content = new Set<string>();
  for (const repo of repos) {
    for (const tag of store.tagsOf(repo)) {
      tags.set(`${repo}:${tag}`, store.getManifest(repo, tag)?.digest ?? '');
    }
    store.manifestsOf(repo).forEach((manifest) => content.add(`${repo}@${manifest.digest}`));
  }
  return { tags, content };
}

describe('cleanup in a fixed layout', () => {
  it('deletes only what the run pushed: every other tag keeps its digest, other content and every blob stay', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ foreign, run, foreignPointsAtRun, pageSize }) => {
        const registry = await startFakeRegistry();
        const client = createRegistryClient({
          target: { name: 'fake', url: registry.url, namespace: '', credentials: { kind: 'anonymous' }, tls: { insecure: false }, requestTimeoutMs: 5000 },
        });
        try {
          const { store } = registry;
          const blob = (index: number): { digest: string; bytes: Buffer } => {
            // Blob 0 is the empty JSON config, which foreign artifacts use too.
            const bytes = Buffer.from(index === 0 ? '{}' : `run blob ${index}`);
            return { digest: digestOf(bytes), bytes };
          };
          for (const entry of foreign) {
            store.putManifest(entry.repo, manifestOf(`foreign ${entry.manifest}`), [entry.tag]);
            store.putBlob(entry.repo, blob(0).digest, blob(0).bytes);
          }
          const tracker = new CleanupTracker({
            ownsRepository: (repo) => (shared as readonly string[]).includes(repo),
            shared: { runTagPrefix, scanLimits: { pageSize } },
          });
          for (const entry of run) {
            const manifest = manifestOf(`run ${entry.manifest}`);
            const tag = entry.tag === undefined ? undefined : `${runTagPrefix}-abcd1234-${entry.tag}`;
            store.putManifest(entry.repo, manifest, tag === undefined ? [] : [tag]);
            store.putBlob(entry.repo, blob(entry.blob).digest, blob(entry.blob).bytes);
            tracker.manifest(entry.repo, manifest.digest);
            tracker.blob(entry.repo, blob(entry.blob).digest);
            if (tag !== undefined) {
              tracker.tag(entry.repo, tag);
            }
          }
          if (foreignPointsAtRun !== undefined) {
            store.putManifest(foreignPointsAtRun.repo, manifestOf(`run ${foreignPointsAtRun.manifest}`), [foreignPointsAtRun.tag]);
          }
          const repos = [...shared, outside];
          const before = snapshot(store, repos);
          const blobsBefore = repos.flatMap((repo) => [0, 1, 2, 3].filter((index) => store.getBlob(repo, blob(index).digest) !== undefined).map((index) => `${repo}@${index}`));

          await tracker.run(client, everything);

          const after = snapshot(store, repos);
          const runDigests = new Set(run.map((entry) => manifestOf(`run ${entry.manifest}`).digest));
          for (const [reference, digest] of before.tags) {
            const isRunTag = reference.slice(reference.indexOf(':') + 1).startsWith(`${runTagPrefix}-`);
            if (!isRunTag || reference.startsWith(`${outside}:`)) {
              // Another user's tag (or anything outside the layout) still points where it did.
              expect(after.tags.get(reference), reference).toBe(digest);
            }
          }
          for (const reference of before.content) {
            const digest = reference.slice(reference.indexOf('@') + 1);
            if (!runDigests.has(digest) || reference.startsWith(`${outside}@`)) {
              expect(after.content.has(reference), reference).toBe(true);
            }
          }
          const blobsAfter = repos.flatMap((repo) => [0, 1, 2, 3].filter((index) => store.getBlob(repo, blob(index).digest) !== undefined).map((index) => `${repo}@${index}`));
          expect(blobsAfter).toEqual(blobsBefore);
          // And it did its job: a run manifest no other tag needs is gone from the shared repositories, with its tags.
          const held = new Set([...after.tags].filter(([reference]) => !reference.startsWith(`${outside}:`)).map(([reference, digest]) => `${reference.slice(0, reference.indexOf(':'))}@${digest}`));
          for (const entry of run.filter((item) => item.repo !== outside)) {
            const reference = `${entry.repo}@${manifestOf(`run ${entry.manifest}`).digest}`;
            expect(after.content.has(reference) === held.has(reference), reference).toBe(true);
          }
        } finally {
          await client.close();
          await registry.close();
        }
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
