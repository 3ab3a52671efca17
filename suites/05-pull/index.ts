/**
 * Pull: end-2 (HEAD/GET blob: 200, Content-Length, Docker-Content-Digest (v1.1.1 SHOULD, main MUST: checked as
 * SHOULD), exact bytes verified by digest, `Range` → 206 with `Content-Range: bytes s-e/size`, 416 when
 * unsatisfiable) and end-3 (HEAD/GET manifest by tag and by digest: 200, Content-Type equal to the pushed media type,
 * Docker-Content-Digest equal to the digest of the body, exact bytes; pull by digest of a manifest pushed by digest
 * only, conformance #412; HEAD and GET agree, #207). Missing content: 404 with code-1 BLOB_UNKNOWN, code-7
 * MANIFEST_UNKNOWN, code-9 NAME_UNKNOWN (codes checked as SHOULD: a 4xx MAY have any body). A redirected blob GET
 * must work without credentials on the storage host, and HEAD on that blob must be answered. Bad input: HEAD and GET
 * by a malformed digest (404 or 400), and Range edge cases per RFC 9110 (reversed, past the end, suffix longer than
 * the blob, several ranges); sha512 blobs by their digest (capability `sha512`). Every check pushes its own data
 * first. Content negotiation (Accept sets with and without the stored type, HEAD vs GET of lists, OCI vs Docker
 * schema2) is in manifest-negotiation-checks.ts.
 */
import { defineSuite } from '../../src/conformance/define-suite.js';
import { blobRedirectChecks } from './blob-redirect-checks.js';
import { manifestNegotiationChecks } from './manifest-negotiation-checks.js';
import { pullBadInputChecks } from './pull-bad-input-checks.js';
import { pullBlobChecks } from './pull-blob-checks.js';
import { pullManifestChecks } from './pull-manifest-checks.js';
import { pullSha512Checks } from './pull-sha512-checks.js';

export default defineSuite({
  id: 'pull',
  title: 'Pull blobs and manifests',
  description:
    'end-2, end-3, code-1/7/9: HEAD and GET of blobs and manifests by tag and digest, headers and bytes verified by ' +
    'digest, Range requests and their edge cases, redirects to storage without credentials, 404s for missing content ' +
    'and for malformed digests, sha512 blobs by their digest, and content negotiation.',
  checks: [
    ...pullBlobChecks,
    ...blobRedirectChecks,
    ...pullManifestChecks,
    ...manifestNegotiationChecks,
    ...pullBadInputChecks,
    ...pullSha512Checks,
  ],
});
