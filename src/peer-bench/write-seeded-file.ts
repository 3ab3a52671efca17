import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { seededChunks, seededDigest } from '../../fixtures/seeded-bytes.js';

/** Writes `size` seeded bytes to `path` (streamed) and returns their digest. For peer tools that read files. */
export async function writeSeededFile(path: string, size: number, seed: string): Promise<string> {
  await pipeline(seededChunks(size, seed, { chunkBytes: 1024 * 1024 }), createWriteStream(path));
  return seededDigest(size, seed);
}
