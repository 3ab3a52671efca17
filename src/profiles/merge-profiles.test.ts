import { describe, expect, it } from 'vitest';
import { mergeProfiles } from './merge-profiles.js';
import { profileSchema } from './profile-schema.js';

const source = 'https://example.com/doc';
const cloud = profileSchema.parse({
  name: 'gar',
  description: 'a cloud',
  requires: ['referrers'],
  known: [{ check: 'blob-mount/mount-supported', reason: 'r1', source, expires: '2027-06-30' }],
  limits: { maxChunkBytes: 8 },
  naming: { minComponents: 3, rule: 'project/repository/image', source },
});
const registry = profileSchema.parse({
  name: 'zot',
  description: 'a registry',
  requires: ['referrers', 'tag-delete'],
  known: [{ check: 'tags/last-is-exclusive', reason: 'r2', source, expires: '2027-06-30', intermittent: true }],
  limits: { minChunkBytes: 2, maxChunkBytes: 4 },
});

describe('mergeProfiles', () => {
  it('adds up requirements and known deviations, keeps the stricter limits and the naming rule', () => {
    const merged = mergeProfiles([cloud, registry]);
    expect(merged.name).toBe('gar+zot');
    expect(merged.requires).toEqual(['referrers', 'tag-delete']);
    expect(merged.known.map((entry) => [entry.check, entry.intermittent])).toEqual([
      ['blob-mount/mount-supported', false],
      ['tags/last-is-exclusive', true],
    ]);
    expect(merged.limits).toEqual({ minChunkBytes: 2, maxChunkBytes: 4 });
    expect(merged.naming?.minComponents).toBe(3);
  });

  it('merges two naming rules into the stricter bounds', () => {
    const other = { ...registry, naming: { minComponents: 2, maxComponents: 4, rule: 'ns/repo', source } };
    expect(mergeProfiles([cloud, other]).naming).toEqual({ minComponents: 3, maxComponents: 4, rule: 'project/repository/image; ns/repo', source });
  });

  it('returns a lone profile as it is', () => {
    expect(mergeProfiles([cloud])).toEqual(cloud);
  });
});
