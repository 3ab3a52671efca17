import { seededDigest } from '../../../fixtures/seeded-bytes.js';

/** Most digests kept; an entry is ~100 bytes, the bound only stops unbounded growth in long unique-content runs. */
const maxEntries = 4096;
const cache = new Map<string, Promise<string>>();

/**
 * Digest of the seeded blob (size, seed), computed by a streaming first pass in constant memory and cached, because a
 * monolithic PUT needs the digest before the body. Reused content (the scenario's `reuse`) hits the cache every time;
 * unique content pays the extra pass, which is why the default push strategy streams a PATCH and hashes on the way.
 */
export function cachedSeededDigest(size: number, seed: string): Promise<string> {
  const key = `${size}:${seed}`;
  let digest = cache.get(key);
  if (digest === undefined) {
    if (cache.size >= maxEntries) {
      cache.clear();
    }
    digest = seededDigest(size, seed);
    cache.set(key, digest);
  }
  return digest;
}
