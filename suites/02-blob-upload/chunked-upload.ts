/**
 * A chunked upload driven step by step (end-5, end-6), keeping every response so checks can assert on each chunk's
 * `Location` and `Range`. Chunk sizes honour `OCI-Chunk-Min-Length` from the POST response.
 */
import type { RegistryResponse } from '../../src/client/types.js';
import type { CheckContext } from '../../src/conformance/define-suite.js';
import type { Rule } from '../../src/conformance/expect.js';
import type { DigestAlgorithm } from '../../src/oci/digest.js';
import { cleanupUploaded, nextLocation, octetStream, startSession, testBlob, type TestBlob } from '../common/upload-helpers.js';

/** Default chunk size when the registry asks for no minimum: small, but several chunks per blob. */
export const defaultChunkBytes = 1024;

/** One PATCH of a chunked upload and what it sent. */
export interface SentChunk {
  readonly start: number;
  /** Inclusive end offset in the blob (Content-Range end). */
  readonly end: number;
  readonly response: RegistryResponse;
}

/** Outcome of {@link chunkedPush}. */
export interface ChunkedPushResult {
  readonly blob: TestBlob;
  readonly post: RegistryResponse;
  readonly chunkBytes: number;
  readonly chunks: readonly SentChunk[];
  /** The closing PUT, absent when a PATCH was not answered 202. */
  readonly put?: RegistryResponse;
}

/** `OCI-Chunk-Min-Length` of a POST response as a positive integer, when sent and valid. */
export function chunkMinLength(post: RegistryResponse): number | undefined {
  const value = Number(post.headers['oci-chunk-min-length']);
  return Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

/** Chunk size to use after `post`: ours, raised to the registry's minimum. */
export function chunkSizeFor(post: RegistryResponse, wanted = defaultChunkBytes): number {
  return Math.max(wanted, chunkMinLength(post) ?? 0);
}

/**
 * Pushes a blob of `chunkCount` full chunks plus a short tail: PATCH each chunk with `Content-Range`, following each
 * response's `Location`; the tail goes in the PUT when `tailInPut`, else in a last PATCH before an empty PUT.
 * Stops at the first PATCH that is not 202. The blob is registered for cleanup when the PUT answers 201. The blob's
 * digest uses `algorithm` (the session names it); the PUT closes with `putDigest` when given (a wrong one, on purpose).
 */
export async function chunkedPush(
  ctx: CheckContext,
  repo: string,
  rule: Rule,
  options: {
    readonly chunkCount?: number;
    /** Chunk size wanted, raised to the registry's minimum. @default {@link defaultChunkBytes} */
    readonly chunkBytes?: number;
    readonly tailInPut?: boolean;
    readonly algorithm?: DigestAlgorithm;
    readonly putDigest?: string;
  } = {},
): Promise<ChunkedPushResult> {
  const session = await startSession(ctx, repo, rule, options.algorithm);
  const chunkBytes = chunkSizeFor(session.response, options.chunkBytes);
  const blob = testBlob(ctx, chunkBytes * (options.chunkCount ?? 3) + 100, 'chunked', options.algorithm);
  const chunks: SentChunk[] = [];
  let location = session.location;
  const tailStart = blob.content.length - 100;
  const patchEnd = options.tailInPut === true ? tailStart : blob.content.length;
  for (let start = 0; start < patchEnd; start += chunkBytes) {
    const end = Math.min(start + chunkBytes, patchEnd) - 1;
    const response = await ctx.client.patchUpload(location, {
      body: blob.content.subarray(start, end + 1),
      headers: { ...octetStream, 'content-range': `${start}-${end}` },
      signal: ctx.signal,
    });
    chunks.push({ start, end, response });
    if (response.status !== 202) {
      return { blob, post: session.response, chunkBytes, chunks };
    }
    location = nextLocation(ctx, response, location);
  }
  const tail = options.tailInPut === true ? blob.content.subarray(tailStart) : new Uint8Array(0);
  const headers: Record<string, string> =
    tail.length > 0 ? { ...octetStream, 'content-range': `${tailStart}-${blob.content.length - 1}` } : { ...octetStream };
  const digest = options.putDigest ?? blob.digest;
  const put = await ctx.client.putUpload(location, digest, { body: tail, headers, signal: ctx.signal });
  if (put.status === 201) {
    cleanupUploaded(ctx, repo, digest, put);
  }
  return { blob, post: session.response, chunkBytes, chunks, put };
}

/** PATCH one chunk with an explicit `Content-Range`, for the out-of-order and overlap checks. */
export function patchRange(
  ctx: CheckContext,
  location: string,
  content: Uint8Array,
  start: number,
  end: number,
): Promise<RegistryResponse> {
  return ctx.client.patchUpload(location, {
    body: content.subarray(start, end + 1),
    headers: { ...octetStream, 'content-range': `${start}-${end}` },
    signal: ctx.signal,
  });
}
