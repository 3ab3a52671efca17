import { Readable } from 'node:stream';
import { createSeededStream } from '../../../fixtures/seeded-bytes.js';
import type { Digester } from '../../oci/digest.js';

/** Chunk size of generated upload bodies: large enough for few syscalls, small enough for 256 parallel uploads. */
export const uploadChunkBytes = 256 * 1024;

/**
 * An upload body of `size` seeded bytes starting at `offset`, hashed (when a digester is given) and counted as it
 * leaves. Byte-mode stream with a tiny high-water mark, so at most about one chunk per upload is buffered.
 */
export function seededUploadBody(
  size: number,
  seed: string,
  offset: number,
  digester: Digester | undefined,
  countBytes: (count: number) => void,
): Readable {
  const source = createSeededStream(size, seed, { chunkBytes: uploadChunkBytes, offset });
  async function* passThrough(): AsyncGenerator<Buffer> {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      digester?.update(chunk);
      countBytes(chunk.byteLength);
      yield chunk;
    }
  }
  return Readable.from(passThrough(), { objectMode: false, highWaterMark: 1 });
}
