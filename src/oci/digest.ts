import { createHash, type Hash } from 'node:crypto';

/** Digest algorithms regatta can compute. */
export type DigestAlgorithm = 'sha256' | 'sha512';

/** Encoded-part grammar per algorithm (OCI image-spec descriptor rules). */
const encodedPattern: Readonly<Record<DigestAlgorithm, RegExp>> = {
  sha256: /^[a-f0-9]{64}$/,
  sha512: /^[a-f0-9]{128}$/,
};

/** General digest grammar: `algorithm ":" encoded` (distribution-spec §4). */
const digestGrammar = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

/** A parsed digest. */
export interface ParsedDigest {
  readonly algorithm: string;
  readonly encoded: string;
}

/** Parses `sha256:abc…`; returns undefined when it does not match the digest grammar. */
export function parseDigest(digest: string): ParsedDigest | undefined {
  if (!digestGrammar.test(digest)) {
    return undefined;
  }
  const colon = digest.indexOf(':');
  return { algorithm: digest.slice(0, colon), encoded: digest.slice(colon + 1) };
}

/** True for a well-formed digest of a registered algorithm (sha256 or sha512) with the right length. */
export function isValidDigest(digest: string): boolean {
  const parsed = parseDigest(digest);
  if (parsed === undefined) {
    return false;
  }
  const pattern = encodedPattern[parsed.algorithm as DigestAlgorithm] as RegExp | undefined;
  return pattern?.test(parsed.encoded) ?? false;
}

/**
 * The algorithm to hash with to check bytes against `digest`: sha512 for `sha512:…`, else sha256 (which will not
 * match a digest of another algorithm). The one home of this rule: suites, client, load engine and upgrade use it.
 */
export function hashAlgorithmOf(digest: string): DigestAlgorithm {
  return digest.startsWith('sha512:') ? 'sha512' : 'sha256';
}

/** True when `data` hashes to `digest` under the digest's own algorithm. */
export function digestMatches(data: Uint8Array, digest: string): boolean {
  return digestOf(data, hashAlgorithmOf(digest)) === digest;
}

/** Digest of an in-memory buffer (manifests, small blobs). */
export function digestOf(data: Uint8Array | string, algorithm: DigestAlgorithm = 'sha256'): string {
  return `${algorithm}:${createHash(algorithm).update(data).digest('hex')}`;
}

/**
 * Incremental digester for streamed bodies: feed chunks as they pass, read the digest and byte count at the end.
 * Memory stays constant whatever the blob size.
 */
export class Digester {
  readonly algorithm: DigestAlgorithm;
  private readonly hash: Hash;
  private byteCount = 0;

  constructor(algorithm: DigestAlgorithm = 'sha256') {
    this.algorithm = algorithm;
    this.hash = createHash(algorithm);
  }

  /** Adds a chunk. */
  update(chunk: Uint8Array): void {
    this.hash.update(chunk);
    this.byteCount += chunk.byteLength;
  }

  /** Bytes seen so far. */
  get bytes(): number {
    return this.byteCount;
  }

  /** The final digest; call once. */
  digest(): string {
    return `${this.algorithm}:${this.hash.digest('hex')}`;
  }
}
