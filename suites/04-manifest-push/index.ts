/**
 * Manifest push: end-7 / end-7a (`PUT /v2/<name>/manifests/<reference>`, by tag and by digest), end-7b (`?tag=`
 * multi-tag push, main), spec §3 "Push" and "Manifest push" (201 + Location, Docker-Content-Digest equal to the
 * client digest, exact bytes stored, Content-Type = mediaType, 413 over the limit, at least 4 MB accepted), §3
 * "Subject" (a dangling `subject` MUST be accepted; `OCI-Subject` when referrers are supported), dangling
 * descriptors (MAY reject with code-5 MANIFEST_BLOB_UNKNOWN, Docker `BLOB_UNKNOWN`), code-6 MANIFEST_INVALID,
 * code-4 DIGEST_INVALID, code-8 NAME_INVALID, legacy TAG_INVALID, §3 "Names and tags", and Docker schema2 / manifest
 * list media types (§4). Empty `layers` only warns (conformance #118). sha512: a push by sha512 digest (MAY) pulls back
 * by it (MUST), manifests over sha512 blobs (SHOULD), sha512 and malformed digest references refused.
 */
import { defineSuite } from '../../src/conformance/define-suite.js';
import { manifestInvalidChecks } from './manifest-invalid-checks.js';
import { manifestPushChecks } from './manifest-push-checks.js';
import { manifestSha512Checks } from './manifest-sha512-checks.js';
import { manifestVariantChecks } from './manifest-variant-checks.js';

export default defineSuite({
  id: 'manifest-push',
  title: 'Manifest push',
  description:
    'end-7/7a/7b: manifest PUT by tag and by digest, stored bytes, headers, validation errors (code-4/5/6/8), subject, ' +
    'indexes, Docker types, size limits, multi-tag push, sha512 and malformed digest references.',
  checks: [...manifestPushChecks, ...manifestInvalidChecks, ...manifestVariantChecks, ...manifestSha512Checks],
});
