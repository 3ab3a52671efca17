/**
 * Shared steps of the blob upload, mount and pull suites: seeded blob content, starting an upload session, pushing a
 * blob with the expectations of each step, and reading a blob back to verify it by digest (ECR-style bugs answer
 * success codes and lose data, so a 201 alone proves nothing).
 */
import type { CheckContext } from '../../src/conformance/define-suite.js';
import { describeResponse, expectHeader, expectStatus, expectThat, type Rule } from '../../src/conformance/expect.js';
import type { RegistryResponse } from '../../src/client/types.js';
import { digestOf, hashAlgorithmOf, type DigestAlgorithm } from '../../src/oci/digest.js';
import { seededBytes } from '../../fixtures/seeded-bytes.js';

/** Blob content and its digest. */
export interface TestBlob {
  readonly content: Uint8Array;
  readonly digest: string;
}

/** `Content-Type` of every upload request that carries data. */
export const octetStream = { 'content-type': 'application/octet-stream' } as const;

/** Deterministic content of `size` bytes for this check; `salt` tells apart several blobs of one check. */
export function testBlob(ctx: CheckContext, size: number, salt = '', algorithm: DigestAlgorithm = 'sha256'): TestBlob {
  const content = seededBytes(size, `${ctx.seed}/${salt}`);
  return { content, digest: digestOf(content, algorithm) };
}

/** An upload session: the POST response and its `Location`, resolved against the POST URL. */
export interface UploadSession {
  readonly response: RegistryResponse;
  readonly location: string;
}

/**
 * POST `/blobs/uploads/` → 202 with `Location` (end-4a); fails naming `rule` otherwise. A session for content of
 * another algorithm than sha256 names it with `?digest-algorithm=` (end-4c: clients SHOULD).
 */
export async function startSession(ctx: CheckContext, repo: string, rule: Rule, algorithm: DigestAlgorithm = 'sha256'): Promise<UploadSession> {
  const params = algorithm === 'sha256' ? {} : { digestAlgorithm: algorithm };
  const response = await ctx.client.startUpload(repo, params, { signal: ctx.signal });
  expectStatus(response, [202], rule);
  const location = expectHeader(response, 'Location', rule);
  return { response, location: ctx.client.resolveLocation(location, response.url) };
}

/** The `Location` of an upload response resolved against its URL, or `fallback` when the header is missing. */
export function nextLocation(ctx: CheckContext, response: RegistryResponse, fallback: string): string {
  const location = response.headers['location'];
  return location === undefined || location === '' ? fallback : ctx.client.resolveLocation(location, response.url);
}

/**
 * Registers a completed upload for cleanup: under its digest, and under the registry's own digest when it answered
 * another one (distribution stores a sha512 blob under its sha256 too, which would otherwise stay behind).
 */
export function cleanupUploaded(ctx: CheckContext, repo: string, digest: string, response: RegistryResponse): void {
  ctx.cleanup.blob(repo, digest);
  const stored = response.headers['docker-content-digest'];
  if (stored !== undefined && stored !== digest && /^sha(256|512):[0-9a-f]+$/.test(stored)) {
    ctx.cleanup.blob(repo, stored);
  }
}

/**
 * POST + one PUT with the whole body (end-4a, end-6), the session opened for the blob's algorithm; returns the PUT
 * response, registering the blob for cleanup.
 */
export async function monolithicPush(ctx: CheckContext, repo: string, blob: TestBlob, rule: Rule): Promise<RegistryResponse> {
  const session = await startSession(ctx, repo, rule, hashAlgorithmOf(blob.digest));
  const put = await ctx.client.putUpload(session.location, blob.digest, {
    body: blob.content,
    headers: octetStream,
    signal: ctx.signal,
  });
  if (put.status === 201) {
    cleanupUploaded(ctx, repo, blob.digest, put);
  }
  return put;
}

/** Pushes a blob that a check needs as data (not under test); any failure to do so fails with `rule`. */
export async function seedBlob(ctx: CheckContext, repo: string, blob: TestBlob, rule: Rule): Promise<void> {
  const put = await monolithicPush(ctx, repo, blob, rule);
  expectStatus(put, [201], rule);
}

/**
 * GET the blob back and compare what arrives with what was pushed, by digest and length (end-2). This is the check
 * that catches registries answering 201 while storing something else.
 */
export async function expectBlobContent(ctx: CheckContext, repo: string, blob: TestBlob, rule: Rule): Promise<void> {
  const response = await ctx.client.getBlob(repo, blob.digest, { signal: ctx.signal });
  expectStatus(response, [200], rule);
  const received = digestOf(response.body, hashAlgorithmOf(blob.digest));
  expectThat(
    !response.bodyTruncated && received === blob.digest && response.body.length === blob.content.length,
    rule,
    `${blob.content.length} bytes with digest ${blob.digest}`,
    `${response.body.length} bytes with digest ${received}`,
    response,
  );
}

/** HEAD of a blob must be 404: it is not (or no longer) stored. */
export async function expectBlobAbsent(ctx: CheckContext, repo: string, digest: string, rule: Rule): Promise<void> {
  const response = await ctx.client.headBlob(repo, digest, { signal: ctx.signal });
  expectThat(response.status === 404, rule, 'status 404 (blob not stored)', describeResponse(response), response);
}

/** Parses an upload `Range` value `0-<end>`; `bytes=` is tolerated here (the format has its own check). */
export function rangeEnd(value: string | undefined): number | undefined {
  const match = /^(?:bytes=)?0-(\d+)$/.exec(value?.trim() ?? '');
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** A session location that was never handed out: same shape as a real one, made-up id, no query. */
export function unknownSessionPath(repo: string): string {
  return `/v2/${repo}/blobs/uploads/00000000-0000-4000-8000-00000000dead`;
}
