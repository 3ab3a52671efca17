/**
 * Blob upload: end-4a (POST session), end-4b (single POST with digest, 201 or 202 fallback), end-4c (sha512,
 * digest-algorithm), end-5 (streamed and chunked PATCH: 202 with Location and `Range: 0-<end>` on every chunk,
 * OCI-Chunk-Min-Length, out-of-order / repeated / overlapping chunk → 416), end-6 (closing PUT: 201, Location,
 * Docker-Content-Digest; digest mismatch, missing or malformed digest → 400), end-13 (upload status 204 with Range),
 * end-14 (cancel 204), code-3 BLOB_UPLOAD_UNKNOWN, code-4 DIGEST_INVALID, code-8 NAME_INVALID, code-10 SIZE_INVALID;
 * a wrong digest on every upload style, and sha512 on every upload style (capability `sha512`).
 * Every completed upload is read back and compared by digest: some registries answer 201 and lose data.
 */
import { defineSuite } from '../../src/conformance/define-suite.js';
import { uploadBasicChecks } from './upload-basic-checks.js';
import { uploadChunkedChecks } from './upload-chunked-checks.js';
import { uploadSessionChecks } from './upload-session-checks.js';
import { uploadSha512Checks } from './upload-sha512-checks.js';
import { uploadWrongDigestChecks } from './upload-wrong-digest-checks.js';

export default defineSuite({
  id: 'blob-upload',
  title: 'Blob upload',
  description:
    'end-4a/4b/4c, end-5, end-6, end-13, end-14, code-3/4/8/10: monolithic, single-POST, streamed and chunked uploads, ' +
    'session status and cancel, and the errors of each (a wrong digest on every style); sha512 on every style; every ' +
    'upload verified by reading it back.',
  checks: [...uploadBasicChecks, ...uploadChunkedChecks, ...uploadSessionChecks, ...uploadWrongDigestChecks, ...uploadSha512Checks],
});
