import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ResolvedTarget } from '../src/config/target.js';
import { runConformance } from '../src/conformance/run-conformance.js';
import { startFakeRegistry } from '../src/conformance/test-support/fake-registry.js';
import type { FakeRegistryStore } from '../src/conformance/test-support/fake-registry-store.js';
import type { RunResult } from '../src/model/index.js';
import { suites } from './index.js';

const repositories = ['shared/one', 'shared/two'] as const;

/** Another user's content in both shared repositories: an image under two tags, and an artifact on the empty config. */
function seedForeign(store: FakeRegistryStore): Map<string, string> {
  const tags = new Map<string, string>();
  const emptyConfig = Buffer.from('{}');
  const emptyDigest = `sha256:${createHash('sha256').update(emptyConfig).digest('hex')}`;
  for (const repo of repositories) {
    store.putBlob(repo, emptyDigest, emptyConfig);
    const json = {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      artifactType: 'application/vnd.foreign',
      config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: emptyDigest, size: 2 },
      layers: [],
    };
    const bytes = Buffer.from(JSON.stringify(json));
    const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    // Tags that sort before, between and after the run's `regatta-<runid>-…` tags.
    const names = ['aaa', 'regatta-other-run-v1', 'zzz', 'Latest'];
    store.putManifest(repo, { digest, bytes, mediaType: json.mediaType, json }, names);
    names.forEach((name) => tags.set(`${repo}:${name}`, digest));
  }
  return tags;
}

/** Runs every suite on a fresh fake registry in `layout`, with foreign content seeded first. */
async function runAll(layout: ResolvedTarget['layout']): Promise<{ run: RunResult; store: FakeRegistryStore; foreign: Map<string, string> }> {
  const registry = await startFakeRegistry();
  const foreign = seedForeign(registry.store);
  try {
    const run = await runConformance({
      targets: [
        {
          name: 'fake',
          url: registry.url,
          namespace: 'all',
          credentials: { kind: 'anonymous' },
          tls: { insecure: false },
          requestTimeoutMs: 10_000,
          ...(layout === undefined ? {} : { layout }),
        },
      ],
      suites,
      runId: 'layout01',
    });
    return { run, store: registry.store, foreign };
  } finally {
    await registry.close();
  }
}

/** Status of every check by id. */
function statuses(run: RunResult): Map<string, string> {
  return new Map(run.targets.flatMap((target) => target.suites.flatMap((suite) => suite.checks)).map((check) => [check.id, check.status]));
}

describe('the fixed layout', () => {
  it('gives the per-check verdicts in two shared repositories full of other tags, and cleanup leaves those tags alone', async () => {
    const perCheck = await runAll(undefined);
    const fixed = await runAll({ kind: 'fixed', repositories });
    const before = statuses(perCheck.run);
    const after = statuses(fixed.run);
    const differing = [...before].filter(([id, status]) => after.get(id) !== status && after.get(id) !== 'skipped');
    expect(differing).toEqual([]);
    const skippedInFixed = [...after].filter(([id, status]) => status === 'skipped' && before.get(id) !== 'skipped').map(([id]) => id);
    // Only the catalog checks that read three repositories of their own back are left out, each saying why.
    expect(skippedInFixed.every((id) => id.startsWith('catalog/'))).toBe(true);
    expect(skippedInFixed.length).toBe(5);
    // Other users' tags still point where they did; nothing of the run is tagged any more; nothing went outside.
    for (const [reference, digest] of fixed.foreign) {
      const [repo = '', tag = ''] = reference.split(':');
      expect(fixed.store.getManifest(repo, tag)?.digest, reference).toBe(digest);
    }
    const runTags = repositories.flatMap((repo) => fixed.store.tagsOf(repo).filter((tag) => tag.startsWith('regatta-layout01-')));
    expect(runTags).toEqual([]);
    expect(fixed.store.repoNames().filter((repo) => !repo.startsWith('shared/'))).toEqual([]);
    const target = fixed.run.targets[0];
    expect(target?.layout).toEqual({ kind: 'fixed', repositories: [...repositories], tagPrefix: 'regatta-layout01' });
    expect(target?.namespace).toBeUndefined();
    // Blobs are left to garbage collection (one may be shared, like the empty config); every manifest was deleted.
    expect(target?.cleanup?.leftovers.every((text) => text.includes("left to the registry's garbage collection"))).toBe(true);
  }, 240_000);
});
