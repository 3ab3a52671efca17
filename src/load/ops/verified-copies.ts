import { Digester, digestMatches, hashAlgorithmOf } from '../../oci/digest.js';

/** Default of a scenario's `verifyCopyBytes`: room for a few large blobs per thread, a small part of a run's memory. */
export const defaultVerifyCopyBytes = 64 * 1024 * 1024;

/** Checks one pulled body against its digest, chunk by chunk; `matches` once, after the last chunk. */
export interface PulledBodyCheck {
  /** Takes the next chunk; it may be a borrowed view, so nothing keeps it past the call. */
  update(chunk: Uint8Array): void;
  /** True when the bytes seen are exactly the digest's content. Call once. */
  matches(): boolean;
  /** Ends a check whose pull failed before `matches`, so a copy being made is given up. Harmless after `matches`. */
  release(): void;
}

/** Hashes the body and compares the result with the digest; can keep a copy of the bytes for {@link VerifiedCopies}. */
class HashCheck implements PulledBodyCheck {
  private readonly digest: string;
  private readonly digester: Digester;
  private readonly copy: Buffer | undefined;
  private readonly settle: (verified: Buffer | undefined) => void;
  private offset = 0;
  private settled = false;

  constructor(digest: string, copy: Buffer | undefined, settle: (verified: Buffer | undefined) => void) {
    this.digest = digest;
    this.digester = new Digester(hashAlgorithmOf(digest));
    this.copy = copy;
    this.settle = settle;
  }

  update(chunk: Uint8Array): void {
    this.digester.update(chunk);
    if (this.copy !== undefined && this.offset + chunk.byteLength <= this.copy.byteLength) {
      this.copy.set(chunk, this.offset);
    }
    this.offset += chunk.byteLength;
  }

  matches(): boolean {
    const matches = this.digester.digest() === this.digest;
    // Only a body that hashed to its digest, with exactly the expected length, becomes a reference copy.
    this.finish(matches && this.copy !== undefined && this.offset === this.copy.byteLength ? this.copy : undefined);
    return matches;
  }

  release(): void {
    this.finish(undefined);
  }

  private finish(verified: Buffer | undefined): void {
    if (!this.settled) {
      this.settled = true;
      this.settle(verified);
    }
  }
}

/** Compares the body byte for byte with a copy whose digest was verified: the same guarantee as hashing, at memcmp cost. */
class CopyCheck implements PulledBodyCheck {
  private readonly copy: Buffer;
  private offset = 0;
  private differs = false;

  constructor(copy: Buffer) {
    this.copy = copy;
  }

  update(chunk: Uint8Array): void {
    const end = this.offset + chunk.byteLength;
    if (!this.differs && (end > this.copy.byteLength || this.copy.compare(chunk, 0, chunk.byteLength, this.offset, end) !== 0)) {
      this.differs = true;
    }
    this.offset = end;
  }

  matches(): boolean {
    return !this.differs && this.offset === this.copy.byteLength;
  }

  release(): void {
    // Nothing was reserved: the copy belongs to the cache.
  }
}

/** Hashes every pull (no copies kept): setup, and runs with a budget of 0. */
export function hashCheck(digest: string): PulledBodyCheck {
  return new HashCheck(digest, undefined, () => undefined);
}

/**
 * Verified copies of pulled blobs, for one thread. A blob is hashed the first time it is pulled; when its digest
 * matches and the copy fits the budget, its bytes are kept, and every later pull of that digest is compared with them
 * byte for byte. Content addressing makes this exact: bytes equal to bytes that hash to a digest hash to it too.
 * Why: on a 2-core machine SHA-256 alone costs ~0.6 CPU s per GiB, as much as the registry spends serving it, so a
 * load test that hashes every repeated pull measures its own hashing rather than the registry. A budget of 0 hashes
 * every pull.
 */
export class VerifiedCopies {
  private readonly copies = new Map<string, Buffer>();
  /** Digests whose first pull is being hashed into a copy now (one per digest, so parallel first pulls copy once). */
  private readonly pending = new Set<string>();
  private readonly budgetBytes: number;
  private usedBytes = 0;

  constructor(budgetBytes: number) {
    this.budgetBytes = budgetBytes;
  }

  /** Bytes held in copies (and reserved for copies being made). */
  get bytes(): number {
    return this.usedBytes;
  }

  /**
   * True when `bytes` (a whole body, such as a manifest) is the content of `digest`: compared with the verified copy
   * when there is one, else hashed, and kept as the copy when it matches and fits the budget.
   */
  matchesWhole(digest: string, bytes: Buffer): boolean {
    const copy = this.copies.get(digest);
    if (copy !== undefined) {
      return copy.equals(bytes);
    }
    const matches = digestMatches(bytes, digest);
    if (matches && !this.pending.has(digest) && this.usedBytes + bytes.byteLength <= this.budgetBytes) {
      // A copy of its own: the caller keeps the bytes it was given and may change them.
      this.copies.set(digest, Buffer.from(bytes));
      this.usedBytes += bytes.byteLength;
    }
    return matches;
  }

  /**
   * The check for one pull of `digest`. `size`, when known, lets a first pull keep a copy. `expected`, when the run
   * made the content itself (the blobs it pushed in setup), gives the bytes: hashed once here, they become the copy
   * before the first pull, so even the first pulls (all at once, at high concurrency) are compared, not hashed.
   */
  checkFor(digest: string, size: number | undefined, expected?: () => Uint8Array): PulledBodyCheck {
    const copy = this.copies.get(digest);
    if (copy !== undefined) {
      return new CopyCheck(copy);
    }
    if (size === undefined || this.pending.has(digest) || this.usedBytes + size > this.budgetBytes || size === 0) {
      return hashCheck(digest);
    }
    if (expected !== undefined) {
      const bytes = expected();
      const made = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      if (made.byteLength === size && digestMatches(made, digest)) {
        this.copies.set(digest, made);
        this.usedBytes += size;
        return new CopyCheck(made);
      }
    }
    this.pending.add(digest);
    this.usedBytes += size;
    return new HashCheck(digest, Buffer.allocUnsafe(size), (verified) => {
      this.pending.delete(digest);
      if (verified === undefined) {
        this.usedBytes -= size;
      } else {
        this.copies.set(digest, verified);
      }
    });
  }
}
