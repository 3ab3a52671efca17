/**
 * Pull with bad input: HEAD and GET of blobs (end-2) and manifests (end-3) by a malformed digest, and `Range` edge
 * cases on a blob (RFC 9110 §14).
 *
 * Malformed digests: no blob or manifest is there, and "if the blob or manifest is not found in the registry, the
 * response code MUST be 404"; main names 400 (DIGEST_INVALID) for a digest the registry cannot read, so 400 counts
 * too. Anything else (a 5xx, a 2xx) breaks the MUST; the error code is SHOULD (a 4xx MAY carry any body).
 *
 * Range edges: the spec only says registries SHOULD support `Range` per RFC 9110, so each is SHOULD. RFC 9110: a
 * reversed range (`500-0`) is invalid and a server MAY ignore it (200 with the whole blob) or refuse it (416), never
 * serve part of the blob for it; a first byte at or past the end is unsatisfiable (416); a last byte past the end is
 * clamped to the end and a suffix longer than the blob means the whole blob (206); several ranges are answered with
 * a `multipart/byteranges` 206, one 206 part that covers them, or the whole blob (a server MAY ignore Range).
 */
import type { CheckDefinition } from '../../src/conformance/define-suite.js';
import { describeResponse, expectErrorCode, expectStatus, expectThat, fail } from '../../src/conformance/expect.js';
import type { RegistryResponse } from '../../src/client/types.js';
import { digestOf } from '../../src/oci/digest.js';
import type { ApiId } from '../../src/model/api.js';
import { seedBlob, testBlob } from '../common/upload-helpers.js';
import { buildImage, pullBlobBytes, pushImage, pullTag, sharedBlob } from '../common/pull-helpers.js';
import { expectPartial, getRange, warnIfRangeIgnored } from './blob-range.js';
import { statements } from '../common/statements.js';

/** The malformed digest the official suite sends: a real algorithm, a reference that is not hex. */
const malformedDigest = 'sha256:baddigeststring';

/** One HEAD or GET of a blob or manifest by a malformed digest, in a repository that holds an image. */
function malformedDigestCheck(kind: 'blob' | 'manifest', method: 'GET' | 'HEAD'): CheckDefinition {
  const title = `${method} on a ${kind} by a malformed digest (${malformedDigest}) returns 404 or 400, not a 5xx or content`;
  const api: ApiId = `${kind}-${method === 'GET' ? 'get' : 'head'}`;
  return {
    id: `${kind}-malformed-digest-${method.toLowerCase()}`,
    title,
    level: 'MUST',
    statement: method === 'HEAD' ? statements.headMissing : kind === 'blob' ? statements.blobMissing : statements.manifestMissing,
    spec: kind === 'blob' ? ['end-2', 'code-4'] : ['end-3', 'code-4'],
    api,
    async run(ctx) {
      const repo = ctx.repo();
      // The repository exists, so the answer is about the digest, not about an unknown name.
      const setUp = ctx.step(`${title} (pushing the repository's content)`);
      if (kind === 'blob') {
        await seedBlob(ctx, repo, testBlob(ctx, 64), setUp);
      } else {
        await pushImage(ctx, repo, buildImage(ctx), pullTag, setUp);
      }
      const options = { signal: ctx.signal };
      const response: RegistryResponse =
        kind === 'blob'
          ? method === 'GET'
            ? await ctx.client.getBlob(repo, malformedDigest, options)
            : await ctx.client.headBlob(repo, malformedDigest, options)
          : method === 'GET'
            ? await ctx.client.getManifest(repo, malformedDigest, options)
            : await ctx.client.headManifest(repo, malformedDigest, options);
      expectStatus(response, [404, 400], ctx.rule);
      if (method === 'GET') {
        const unknown = kind === 'blob' ? 'BLOB_UNKNOWN' : 'MANIFEST_UNKNOWN';
        expectErrorCode(response, ['DIGEST_INVALID', unknown], ctx.step(`A malformed digest answers DIGEST_INVALID or ${unknown}`, { level: 'SHOULD' }));
      }
    },
  };
}

/** A Range check: the range header, and what RFC 9110 expects for it on the 5000-byte blob. */
interface RangeEdge {
  readonly id: string;
  readonly title: string;
  readonly range: string;
  /** 206 with these inclusive offsets, or 416. */
  readonly expect: { readonly start: number; readonly end: number } | 416;
}

const rangeEdges: readonly RangeEdge[] = [
  { id: 'blob-range-start-at-size-416', title: 'GET with a Range starting at the blob size (bytes=5000-10000) returns 416', range: 'bytes=5000-10000', expect: 416 },
  { id: 'blob-range-open-at-size-416', title: 'GET with an open-ended Range starting at the blob size (bytes=5000-) returns 416', range: 'bytes=5000-', expect: 416 },
  {
    id: 'blob-range-end-past-size',
    title: 'GET with a Range ending past the blob (bytes=4000-6000) returns 206 with the bytes up to the end',
    range: 'bytes=4000-6000',
    expect: { start: 4000, end: pullBlobBytes - 1 },
  },
  {
    id: 'blob-range-suffix-longer',
    title: 'GET with a suffix Range longer than the blob (bytes=-6000) returns 206 with the whole blob',
    range: 'bytes=-6000',
    expect: { start: 0, end: pullBlobBytes - 1 },
  },
];

/** A Range edge as a SHOULD check. */
function rangeEdgeCheck(edge: RangeEdge): CheckDefinition {
  return {
    id: edge.id,
    title: edge.title,
    level: 'SHOULD',
    spec: ['end-2'],
    api: 'blob-get',
    async run(ctx) {
      const { repo, blob } = await sharedBlob(ctx);
      const expected = edge.expect === 416 ? 'status 416' : 'status 206';
      const response = await getRange(ctx, repo, blob.digest, edge.range, ctx.rule, expected);
      warnIfRangeIgnored(response, ctx.rule);
      if (edge.expect === 416) {
        expectStatus(response, [416], ctx.rule);
      } else {
        expectPartial(response, blob, edge.expect.start, edge.expect.end, ctx.rule);
      }
    },
  };
}

/** The parts of a `multipart/byteranges` body: each part's `Content-Range` and bytes. */
function byteRangeParts(response: RegistryResponse): { range: string; body: Buffer }[] | undefined {
  const boundary = /boundary="?([^";]+)"?/i.exec(response.headers['content-type'] ?? '')?.[1];
  if (boundary === undefined) {
    return undefined;
  }
  const body = Buffer.from(response.body);
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: { range: string; body: Buffer }[] = [];
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const next = body.indexOf(delimiter, at + delimiter.length);
    if (next < 0) {
      break;
    }
    const part = body.subarray(at + delimiter.length, next);
    const split = part.indexOf('\r\n\r\n');
    if (split >= 0) {
      const range = /content-range:\s*([^\r\n]+)/i.exec(part.subarray(0, split).toString('latin1'))?.[1] ?? '';
      // The part's bytes end before the CRLF that precedes the next delimiter.
      parts.push({ range: range.trim(), body: part.subarray(split + 4, part.length - 2) });
    }
    at = next;
  }
  return parts;
}

export const pullBadInputChecks: readonly CheckDefinition[] = [
  malformedDigestCheck('blob', 'GET'),
  malformedDigestCheck('blob', 'HEAD'),
  malformedDigestCheck('manifest', 'GET'),
  malformedDigestCheck('manifest', 'HEAD'),
  {
    id: 'blob-range-reversed',
    title: 'GET with a reversed Range (bytes=500-0) returns 416 or the whole blob, never part of it',
    level: 'SHOULD',
    spec: ['end-2'],
    api: 'blob-get',
    async run(ctx) {
      const { repo, blob } = await sharedBlob(ctx);
      const response = await getRange(ctx, repo, blob.digest, 'bytes=500-0', ctx.rule, 'status 416 or 200');
      expectStatus(response, [416, 200], ctx.rule);
      if (response.status === 200) {
        // An invalid range-spec may be ignored: then the answer is the whole blob.
        const got = digestOf(response.body);
        expectThat(got === blob.digest, ctx.rule, `the whole blob (${blob.digest})`, `${response.body.length} bytes with digest ${got}`, response);
      }
    },
  },
  ...rangeEdges.map(rangeEdgeCheck),
  {
    id: 'blob-range-several',
    title: 'GET with several ranges (bytes=0-9,20-29) returns a multipart 206 with both, one 206 covering both, or the whole blob',
    level: 'SHOULD',
    spec: ['end-2'],
    api: 'blob-get',
    async run(ctx) {
      const { repo, blob } = await sharedBlob(ctx);
      const expected = 'status 206 or 200';
      const response = await getRange(ctx, repo, blob.digest, 'bytes=0-9,20-29', ctx.rule, expected);
      if (response.status === 200) {
        const got = digestOf(response.body);
        expectThat(got === blob.digest, ctx.rule, `the whole blob (${blob.digest})`, `${response.body.length} bytes with digest ${got}`, response);
        return;
      }
      expectStatus(response, [206], ctx.rule);
      const parts = byteRangeParts(response);
      if (parts === undefined) {
        // One part: RFC 9110 lets the server coalesce ranges into one that covers them.
        const match = /^bytes (\d+)-(\d+)\/\d+$/.exec(response.headers['content-range'] ?? '');
        const start = Number(match?.[1] ?? NaN);
        const end = Number(match?.[2] ?? NaN);
        expectThat(start <= 0 && end >= 29, ctx.rule, 'one part covering bytes 0-29', `Content-Range: ${response.headers['content-range'] ?? '(none)'}`, response);
        expectPartial(response, blob, start, end, ctx.rule);
        return;
      }
      const wanted = [
        { range: `bytes 0-9/${pullBlobBytes}`, body: Buffer.from(blob.content.subarray(0, 10)) },
        { range: `bytes 20-29/${pullBlobBytes}`, body: Buffer.from(blob.content.subarray(20, 30)) },
      ];
      const same = parts.length === 2 && wanted.every((part, index) => parts[index]?.range === part.range && parts[index].body.equals(part.body));
      if (!same) {
        fail(ctx.rule, 'two parts: bytes 0-9 and bytes 20-29 with those bytes', `${parts.length} parts (${parts.map((part) => part.range).join(', ')}): ${describeResponse(response)}`, response);
      }
    },
  },
];
