import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { pipeSafeWriter } from './pipe-safe-writer.js';

describe('pipeSafeWriter', () => {
  it('writes through until the reader goes away, then drops text without throwing', () => {
    const stream = new PassThrough();
    const seen: string[] = [];
    stream.on('data', (chunk: Buffer) => seen.push(chunk.toString()));
    const write = pipeSafeWriter(stream);
    write('one\n');
    stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    expect(() => write('two\n')).not.toThrow();
    expect(seen).toEqual(['one\n']);
  });
});
