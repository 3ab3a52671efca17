import { digestOf, isValidDigest, type DigestAlgorithm } from '../../oci/digest.js';
import { isValidRepositoryName } from '../../oci/names.js';
import type { UploadSession } from './fake-registry-store.js';
import { emptyResponse, errorResponse } from './fake-registry-responses.js';
import type { FakeRequestContext, FakeResponse } from './fake-registry-types.js';

/** Location of an upload session, with the `_state` parameter a client must not drop. */
function uploadLocation(ctx: FakeRequestContext, session: UploadSession): string {
  const query = ctx.options.uploadState ? `?_state=${session.state}` : '';
  const path = `/v2/${session.repo}/blobs/uploads/${session.id}${query}`;
  return ctx.options.absoluteLocations ? `${ctx.url.origin}${path}` : path;
}

/** `Range: 0-<last byte>`; `0-0` for an empty session, like distribution. */
function rangeOf(session: UploadSession): string {
  return `0-${Math.max(0, session.size - 1)}`;
}

/** Headers of every upload-session response (202/204/416). */
function sessionHeaders(ctx: FakeRequestContext, session: UploadSession): Record<string, string> {
  return { location: uploadLocation(ctx, session), range: rangeOf(session), 'docker-upload-uuid': session.id };
}

/** 201 for a blob now stored under `digest` in `repo`. */
function blobCreated(repo: string, digest: string): FakeResponse {
  return emptyResponse(201, { location: `/v2/${repo}/blobs/${digest}`, 'docker-content-digest': digest });
}

/** Checks `digest` against `content`; an error response when it does not match. */
function verifyDigest(ctx: FakeRequestContext, digest: string | null, content: Buffer): FakeResponse | undefined {
  if (digest === null || digest === '') {
    return errorResponse(400, 'DIGEST_INVALID', 'digest parameter missing');
  }
  if (!isValidDigest(digest)) {
    return errorResponse(400, 'DIGEST_INVALID', 'invalid digest', { digest });
  }
  const algorithm = digest.slice(0, digest.indexOf(':')) as DigestAlgorithm;
  if (algorithm === 'sha512' && !ctx.options.sha512) {
    return errorResponse(400, 'DIGEST_INVALID', 'unsupported digest algorithm', { digest });
  }
  if (digestOf(content, algorithm) !== digest) {
    return errorResponse(400, 'DIGEST_INVALID', 'provided digest did not match uploaded content', { digest });
  }
  return undefined;
}

/** end-4a / end-4b / end-11: `POST /v2/<name>/blobs/uploads/` (plain, single POST, mount). */
export function handleUploadStart(ctx: FakeRequestContext): FakeResponse {
  const repo = ctx.repo ?? '';
  const params = ctx.url.searchParams;
  const mount = params.get('mount');
  const from = params.get('from');
  if (mount !== null && from !== null && ctx.options.mount && isValidRepositoryName(from)) {
    const content = ctx.store.getBlob(from, mount);
    if (content !== undefined) {
      ctx.store.putBlob(repo, mount, content);
      return blobCreated(repo, mount);
    }
  }
  const digest = params.get('digest');
  if (mount === null && digest !== null && ctx.options.singlePost) {
    const problem = verifyDigest(ctx, digest, ctx.body);
    if (problem !== undefined) {
      return problem;
    }
    ctx.store.putBlob(repo, digest, ctx.body);
    return blobCreated(repo, digest);
  }
  const algorithm = params.get('digest-algorithm');
  if (algorithm !== null && algorithm !== 'sha256' && algorithm !== 'sha512') {
    return errorResponse(400, 'DIGEST_INVALID', 'unsupported digest algorithm', { algorithm });
  }
  const session = ctx.store.startUpload(repo);
  const headers = sessionHeaders(ctx, session);
  if (ctx.options.chunkMinLength !== undefined) {
    headers['oci-chunk-min-length'] = String(ctx.options.chunkMinLength);
  }
  return emptyResponse(202, headers);
}

/** Finds the session of an upload URL, checking `_state`; an error response when it is unknown or invalid. */
function sessionOf(ctx: FakeRequestContext): UploadSession | FakeResponse {
  const session = ctx.store.getUpload(ctx.repo ?? '', ctx.reference ?? '');
  if (session === undefined) {
    return errorResponse(404, 'BLOB_UPLOAD_UNKNOWN', 'blob upload unknown to registry', { uuid: ctx.reference });
  }
  if (ctx.options.uploadState && ctx.url.searchParams.get('_state') !== session.state) {
    return errorResponse(400, 'BLOB_UPLOAD_INVALID', 'blob upload invalid: _state parameter missing or stale');
  }
  return session;
}

/**
 * Appends the request body to the session, honouring `Content-Range: start-end` when present. Returns a 416 response
 * when the range is malformed, out of order, overlapping or disagrees with the body length.
 */
function appendChunk(ctx: FakeRequestContext, session: UploadSession): FakeResponse | undefined {
  const contentRange = ctx.headers['content-range'];
  if (typeof contentRange === 'string') {
    const match = /^(\d+)-(\d+)$/.exec(contentRange.trim());
    const start = Number(match?.[1] ?? NaN);
    const end = Number(match?.[2] ?? NaN);
    if (match === null || start !== session.size || end < start || end - start + 1 !== ctx.body.length) {
      return { status: 416, headers: { ...sessionHeaders(ctx, session), 'content-length': '0' }, body: Buffer.alloc(0) };
    }
  }
  if (ctx.body.length > 0) {
    session.chunks.push(ctx.body);
    session.size += ctx.body.length;
  }
  return undefined;
}

/** end-5: `PATCH <location>`, streamed (no Content-Range) or chunked. */
export function handleUploadPatch(ctx: FakeRequestContext): FakeResponse {
  const session = sessionOf(ctx);
  if (!('id' in session)) {
    return session;
  }
  const problem = appendChunk(ctx, session);
  return problem ?? emptyResponse(202, sessionHeaders(ctx, session));
}

/** end-6: `PUT <location>?digest=`, optionally carrying the last chunk. */
export function handleUploadPut(ctx: FakeRequestContext): FakeResponse {
  const session = sessionOf(ctx);
  if (!('id' in session)) {
    return session;
  }
  const problem = appendChunk(ctx, session);
  if (problem !== undefined) {
    return problem;
  }
  const content = Buffer.concat(session.chunks);
  const digest = ctx.url.searchParams.get('digest');
  const invalid = verifyDigest(ctx, digest, content);
  if (invalid !== undefined || digest === null) {
    return invalid ?? errorResponse(400, 'DIGEST_INVALID', 'digest parameter missing');
  }
  ctx.store.endUpload(session.id);
  ctx.store.putBlob(session.repo, digest, content);
  return blobCreated(session.repo, digest);
}

/** end-13: `GET <location>` → 204 with `Range`. */
export function handleUploadStatus(ctx: FakeRequestContext): FakeResponse {
  const session = sessionOf(ctx);
  if (!('id' in session)) {
    return session;
  }
  return emptyResponse(204, sessionHeaders(ctx, session));
}

/** end-14: `DELETE <location>` → 204. */
export function handleUploadCancel(ctx: FakeRequestContext): FakeResponse {
  const session = sessionOf(ctx);
  if (!('id' in session)) {
    return session;
  }
  ctx.store.endUpload(session.id);
  return emptyResponse(204);
}
