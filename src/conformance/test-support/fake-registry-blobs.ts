import { isValidDigest } from '../../oci/digest.js';
import { emptyResponse, errorResponse } from './fake-registry-responses.js';
import type { FakeRequestContext, FakeResponse } from './fake-registry-types.js';

/** Parses `bytes=s-e`, `bytes=s-` or `bytes=-n` against `size`; `'unsatisfiable'` or undefined when malformed. */
function parseRange(header: string, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (match === null || (match[1] === '' && match[2] === '')) {
    return undefined;
  }
  const [, first = '', last = ''] = match;
  if (first === '') {
    const suffix = Number(last);
    return suffix === 0 || size === 0 ? 'unsatisfiable' : { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size || (last !== '' && Number(last) < start)) {
    return 'unsatisfiable';
  }
  return { start, end };
}

/** end-2: `GET` / `HEAD /v2/<name>/blobs/<digest>`, with `Range` support. */
export function handleBlobGet(ctx: FakeRequestContext): FakeResponse {
  const digest = ctx.reference ?? '';
  if (!isValidDigest(digest)) {
    return errorResponse(400, 'DIGEST_INVALID', 'provided digest did not match uploaded content', { digest });
  }
  const content = ctx.store.getBlob(ctx.repo ?? '', digest);
  if (content === undefined) {
    return errorResponse(404, 'BLOB_UNKNOWN', 'blob unknown to registry', { digest });
  }
  const headers: Record<string, string> = {
    'content-type': 'application/octet-stream',
    'docker-content-digest': digest,
    etag: `"${digest}"`,
  };
  if (ctx.options.ranges) {
    headers['accept-ranges'] = 'bytes';
    const rangeHeader = ctx.headers.range;
    if (typeof rangeHeader === 'string') {
      const range = parseRange(rangeHeader, content.length);
      if (range === 'unsatisfiable') {
        return { status: 416, headers: { ...headers, 'content-range': `bytes */${content.length}` }, body: Buffer.alloc(0) };
      }
      if (range !== undefined) {
        return {
          status: 206,
          headers: { ...headers, 'content-range': `bytes ${range.start}-${range.end}/${content.length}` },
          body: content.subarray(range.start, range.end + 1),
        };
      }
    }
  }
  return { status: 200, headers, body: content };
}

/** end-10: `DELETE /v2/<name>/blobs/<digest>`. */
export function handleBlobDelete(ctx: FakeRequestContext): FakeResponse {
  if (!ctx.options.deletes) {
    return errorResponse(405, 'UNSUPPORTED', 'the operation is unsupported');
  }
  const digest = ctx.reference ?? '';
  if (!isValidDigest(digest)) {
    return errorResponse(400, 'DIGEST_INVALID', 'provided digest did not match uploaded content', { digest });
  }
  if (!ctx.store.deleteBlob(ctx.repo ?? '', digest)) {
    return errorResponse(404, 'BLOB_UNKNOWN', 'blob unknown to registry', { digest });
  }
  return emptyResponse(202, { 'docker-content-digest': digest });
}
