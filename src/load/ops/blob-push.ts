import { setTimeout as delay } from 'node:timers/promises';
import { defaultThrottlePolicy } from '../../client/traffic-observations.js';
import { Digester } from '../../oci/digest.js';
import { MediaType } from '../../oci/media-types.js';
import { headerValue } from '../http/load-target.js';
import { LoadFailure } from '../http/load-failure.js';
import { cachedSeededDigest } from './digest-cache.js';
import { countBytes, expectStatus, repoScope, type OpContext } from './op-context.js';
import { seededUploadBody } from './seeded-upload-body.js';

/**
 * How a blob is uploaded (registry-quirks §2): `stream` = POST, one PATCH with the whole body (Content-Length, no
 * Content-Range: both distribution and zot take it as a stream), PUT `?digest=`; the digest is computed while the
 * bytes leave, so one pass. `monolithic` = POST, PUT `?digest=` with the body; needs the digest first (extra pass,
 * cached per content). `chunked` = several PATCHes with `Content-Range: start-end` (the bare form every registry
 * parses), then PUT.
 */
export type PushStrategy = 'stream' | 'monolithic' | 'chunked';

/** A seeded blob: its bytes are `seededBytes(size, seed)`. */
export interface SeededBlob {
  readonly size: number;
  readonly seed: string;
}

/** Options of {@link pushBlob}. */
export interface PushOptions {
  readonly strategy: PushStrategy;
  /** PATCH size of the `chunked` strategy. */
  readonly chunkBytes?: number;
}

/** Starts an upload session; returns its absolute Location. */
async function startUpload(ctx: OpContext, repository: string): Promise<string> {
  const response = await ctx.http.send({
    method: 'POST',
    path: `/v2/${repository}/blobs/uploads/`,
    headers: { 'content-length': '0' },
    scope: repoScope(repository, true),
    signal: ctx.signal,
    op: 'blob-push',
  });
  await expectStatus(response, [202], 'start upload');
  await response.body.dump();
  const location = headerValue(response.headers, 'location');
  if (location === undefined) {
    throw new LoadFailure('protocol', 'upload session without Location');
  }
  return ctx.http.resolve(location);
}

/** Adds `digest=` to an upload URL. */
function withDigest(location: string, digest: string): string {
  const url = new URL(location);
  url.searchParams.set('digest', digest);
  return url.href;
}

/** PATCHes `length` bytes from `offset`; returns the next Location. */
async function patch(
  ctx: OpContext,
  repository: string,
  location: string,
  blob: SeededBlob,
  offset: number,
  length: number,
  digester: Digester,
  withRange: boolean,
): Promise<string> {
  const headers: Record<string, string> = {
    'content-type': MediaType.octetStream,
    'content-length': String(length),
  };
  if (withRange) {
    headers['content-range'] = `${offset}-${offset + length - 1}`;
  }
  const response = await ctx.http.send({
    method: 'PATCH',
    path: location,
    headers,
    body: seededUploadBody(length, blob.seed, offset, digester, (count) => countBytes(ctx, count)),
    scope: repoScope(repository, true),
    signal: ctx.signal,
    op: 'blob-push',
  });
  // ECR answers 201 to an intermediate PATCH (quirks §10.3); accept it rather than count a false error.
  await expectStatus(response, [202, 201, 204], 'upload chunk');
  await response.body.dump();
  const next = headerValue(response.headers, 'location');
  return next === undefined ? location : ctx.http.resolve(next);
}

/** Closes the upload with `PUT ?digest=` and checks the registry's digest. */
async function finish(
  ctx: OpContext,
  repository: string,
  location: string,
  digest: string,
  blob: SeededBlob | undefined,
): Promise<void> {
  const headers: Record<string, string> = { 'content-type': MediaType.octetStream };
  headers['content-length'] = String(blob === undefined ? 0 : blob.size);
  const response = await ctx.http.send({
    method: 'PUT',
    path: withDigest(location, digest),
    headers,
    ...(blob === undefined ? {} : { body: seededUploadBody(blob.size, blob.seed, 0, undefined, (count) => countBytes(ctx, count)) }),
    scope: repoScope(repository, true),
    signal: ctx.signal,
    op: 'blob-push',
  });
  await expectStatus(response, [201], 'close upload');
  await response.body.dump();
  const stored = headerValue(response.headers, 'docker-content-digest');
  if (ctx.verify && stored !== undefined && stored !== digest) {
    throw new LoadFailure('digest-mismatch', `registry stored ${stored}, pushed ${digest}`);
  }
}

/**
 * Pushes one seeded blob and returns its digest. Records `blob-push` (latency from POST to the final 201, bytes =
 * blob size) or an error. Memory: one chunk, whatever the size.
 */
export async function pushBlob(ctx: OpContext, repository: string, blob: SeededBlob, options: PushOptions): Promise<string> {
  for (let restart = 0; ; restart += 1) {
    try {
      return await pushBlobOnce(ctx, repository, blob, options);
    } catch (error) {
      const throttled = error instanceof LoadFailure && error.status === 429;
      if (!throttled || restart >= defaultThrottlePolicy.maxRetries || ctx.signal.aborted) {
        // A request cut off by the stop (Ctrl-C, end of the graceful stop) is not an operation failure.
        if (!ctx.signal.aborted) {
          ctx.http.metrics.operation('blob-push').recordError();
        }
        throw error;
      }
      // A 429 on a streamed PATCH or PUT cannot be answered by sending that body again (it has left), but a seeded blob
      // can be pushed anew from its first byte in a new session, as docker restarts a layer: after the policy's wait.
      const waitMs = defaultThrottlePolicy.fallbackWaitMs;
      await delay(waitMs, undefined, { signal: ctx.signal });
      ctx.http.metrics.recordThrottleRestart('blob-push', waitMs);
    }
  }
}

/**
 * The chunk size wanted, kept within the target's limits (set by its profile or config): GHCR refuses a chunk PATCH
 * over 4 MiB, ECR a part under 5 MiB (registry-quirks §2), so a bench there measures uploads, not refusals.
 */
function chunkWithinLimits(wanted: number, target: { readonly minChunkBytes?: number; readonly maxChunkBytes?: number }): number {
  return Math.max(1, Math.min(Math.max(wanted, target.minChunkBytes ?? 1), target.maxChunkBytes ?? Number.POSITIVE_INFINITY));
}

/** One attempt at {@link pushBlob}: POST, the PATCHes, PUT. Throws on anything but success; records only success. */
async function pushBlobOnce(ctx: OpContext, repository: string, blob: SeededBlob, options: PushOptions): Promise<string> {
  const recorder = ctx.http.metrics.operation('blob-push');
  const started = ctx.http.clock.now();
  const location = await startUpload(ctx, repository);
  const ttfb = ctx.http.clock.now() - started;
  let digest: string;
  if (options.strategy === 'monolithic') {
    digest = await cachedSeededDigest(blob.size, blob.seed);
    await finish(ctx, repository, location, digest, blob);
  } else {
    const digester = new Digester();
    const chunk = options.strategy === 'chunked' ? chunkWithinLimits(options.chunkBytes ?? 5 * 1024 * 1024, ctx.http.target) : blob.size;
    let next = location;
    const parts = Math.max(1, Math.ceil(blob.size / chunk));
    for (let part = 0; part < parts; part += 1) {
      const offset = part * chunk;
      const length = Math.min(chunk, blob.size - offset);
      next = await patch(ctx, repository, next, blob, offset, length, digester, options.strategy === 'chunked');
    }
    digest = digester.digest();
    await finish(ctx, repository, next, digest, undefined);
  }
  recorder.recordSuccess(ctx.http.clock.now() - started, blob.size, ttfb);
  ctx.http.metrics.recordWrittenBlob(digest);
  return digest;
}

/**
 * Pushes small, already built content (an image config) in one request: POST, then `PUT ?digest=` with the bytes
 * (the monolithic upload every registry takes). Records `blob-push`; returns the digest.
 */
export async function pushContent(ctx: OpContext, repository: string, content: { readonly bytes: Uint8Array; readonly digest: string }): Promise<string> {
  const recorder = ctx.http.metrics.operation('blob-push');
  const started = ctx.http.clock.now();
  try {
    const location = await startUpload(ctx, repository);
    const ttfb = ctx.http.clock.now() - started;
    const response = await ctx.http.send({
      method: 'PUT',
      path: withDigest(location, content.digest),
      headers: { 'content-type': MediaType.octetStream, 'content-length': String(content.bytes.byteLength) },
      body: content.bytes,
      scope: repoScope(repository, true),
      signal: ctx.signal,
      op: 'blob-push',
    });
    await expectStatus(response, [201], 'close upload');
    await response.body.dump();
    const stored = headerValue(response.headers, 'docker-content-digest');
    if (ctx.verify && stored !== undefined && stored !== content.digest) {
      throw new LoadFailure('digest-mismatch', `registry stored ${stored}, pushed ${content.digest}`);
    }
    countBytes(ctx, content.bytes.byteLength);
    recorder.recordSuccess(ctx.http.clock.now() - started, content.bytes.byteLength, ttfb);
    ctx.http.metrics.recordWrittenBlob(content.digest);
    return content.digest;
  } catch (error) {
    // A request cut off by the stop (Ctrl-C, end of the graceful stop) is not an operation failure.
    if (!ctx.signal.aborted) {
      recorder.recordError();
    }
    throw error;
  }
}
