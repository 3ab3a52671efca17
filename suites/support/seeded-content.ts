/**
 * Deterministic test bytes for the blob suites. Interim stand-in for the fixtures helper's
 * `seededBytes(size, seed)` (fixtures/seeded-bytes.ts) until it lands: SHA-256 in counter mode over the seed, so the
 * same check id gives the same bytes and digests run after run.
 */
import { createHash } from 'node:crypto';

/** `size` pseudo-random bytes derived from `seed`. */
export function seededBytes(size: number, seed: string): Uint8Array {
  const out = new Uint8Array(size);
  let offset = 0;
  for (let counter = 0; offset < size; counter += 1) {
    const block = createHash('sha256').update(`${seed}\u0000${counter}`).digest();
    out.set(block.subarray(0, Math.min(block.length, size - offset)), offset);
    offset += block.length;
  }
  return out;
}
