import { describe, expect, it } from 'vitest';
import { digestOf } from '../../oci/digest.js';
import { VerifiedCopies, type PulledBodyCheck } from './verified-copies.js';

const blob = Buffer.from(Array.from({ length: 100_000 }, (_, index) => (index * 7 + (index >> 8)) % 256));
const digest = digestOf(blob);

/** Feeds `body` to the check in pieces of `piece` bytes and returns its verdict. */
function feed(check: PulledBodyCheck, body: Uint8Array, piece = 4096): boolean {
  for (let offset = 0; offset < body.byteLength; offset += piece) {
    check.update(body.subarray(offset, Math.min(body.byteLength, offset + piece)));
  }
  return check.matches();
}

/** `blob` with the byte at `at` flipped. */
function flipped(at: number): Buffer {
  const copy = Buffer.from(blob);
  copy[at] = (copy[at] ?? 0) ^ 0x80;
  return copy;
}

describe('VerifiedCopies', () => {
  it('hashes the first pull, keeps its bytes, then judges later pulls by comparing with them', () => {
    const copies = new VerifiedCopies(1024 * 1024);
    expect(feed(copies.checkFor(digest, blob.length), blob)).toBe(true);
    expect(copies.bytes).toBe(blob.length);
    // Pieces that do not line up with the first pull's compare just the same.
    expect(feed(copies.checkFor(digest, blob.length), blob, 777)).toBe(true);
    for (const at of [0, 50_000, blob.length - 1]) {
      expect(feed(copies.checkFor(digest, blob.length), flipped(at)), `byte ${at}`).toBe(false);
    }
    expect(feed(copies.checkFor(digest, blob.length), blob.subarray(1))).toBe(false);
    expect(feed(copies.checkFor(digest, blob.length), Buffer.concat([blob, Buffer.from([0])]))).toBe(false);
  });

  it('keeps nothing from a first pull that does not hash to its digest, or is longer or shorter than said', () => {
    const copies = new VerifiedCopies(1024 * 1024);
    expect(feed(copies.checkFor(digest, blob.length), flipped(10))).toBe(false);
    expect(copies.bytes).toBe(0);
    // Right bytes, wrong expected size: hashed and accepted, but not kept as a reference.
    expect(feed(copies.checkFor(digest, blob.length + 1), blob)).toBe(true);
    expect(copies.bytes).toBe(0);
    // So the next pull is hashed again, and a corrupted one still fails.
    expect(feed(copies.checkFor(digest, blob.length), flipped(99))).toBe(false);
  });

  it('stays within its budget, makes one copy per digest at a time, and gives a failed pull’s reservation back', () => {
    const copies = new VerifiedCopies(blob.length);
    const first = copies.checkFor(digest, blob.length);
    const parallel = copies.checkFor(digest, blob.length);
    expect(copies.bytes).toBe(blob.length);
    expect(feed(parallel, blob)).toBe(true);
    first.release();
    expect(copies.bytes).toBe(0);
    expect(feed(copies.checkFor(digest, blob.length), blob)).toBe(true);
    const other = Buffer.from(blob.subarray(0, 10));
    const otherCheck = copies.checkFor(digestOf(other), other.length);
    expect(feed(otherCheck, other)).toBe(true);
    expect(copies.bytes).toBe(blob.length);
  });

  it('hashes sha512 digests with sha512, and a budget of 0 keeps nothing', () => {
    const sha512 = digestOf(blob, 'sha512');
    const none = new VerifiedCopies(0);
    expect(feed(none.checkFor(sha512, blob.length), blob)).toBe(true);
    expect(feed(none.checkFor(sha512, blob.length), flipped(5))).toBe(false);
    expect(none.bytes).toBe(0);
  });

  it('takes the bytes the run made as the copy when they hash to the digest, so the first pull is compared too', () => {
    const copies = new VerifiedCopies(1024 * 1024);
    let made = 0;
    const expected = (): Uint8Array => {
      made += 1;
      return new Uint8Array(blob);
    };
    const first = copies.checkFor(digest, blob.length, expected);
    expect(copies.bytes).toBe(blob.length);
    expect(feed(first, flipped(3))).toBe(false);
    expect(feed(copies.checkFor(digest, blob.length, expected), blob)).toBe(true);
    expect(made).toBe(1);
    // Made bytes that do not hash to the digest are not trusted: the pull is hashed and judged on its own.
    const wrong = new VerifiedCopies(1024 * 1024);
    const check = wrong.checkFor(digest, blob.length, () => flipped(7));
    expect(feed(check, blob)).toBe(true);
    expect(feed(wrong.checkFor(digest, blob.length, () => flipped(7)), flipped(8))).toBe(false);
  });
});
