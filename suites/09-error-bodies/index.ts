/**
 * Error bodies: spec §2 "Error codes" (code-1 … code-14). A 4xx MAY carry any body; when the body is JSON it MUST be
 * `{"errors":[{"code","message","detail"}]}` with `code` of uppercase letters and `_` (MUST). Codes outside code-1 …
 * code-14, the legacy TAG_INVALID / MANIFEST_UNVERIFIED and Docker's PAGINATION_NUMBER_INVALID / RANGE_INVALID /
 * UNKNOWN only warn. Each check provokes one error in its own repository and also expects the specific status and
 * code the spec names for it (SHOULD, except the 404s that end-2/end-3/end-8a make MUST).
 */
import { randomUUID } from 'node:crypto';
import type { CheckContext, CheckDefinition } from '../../src/conformance/define-suite.js';
import { defineSuite } from '../../src/conformance/define-suite.js';
import type { RegistryResponse } from '../../src/client/types.js';
import { digestOf } from '../../src/oci/digest.js';
import { MediaType } from '../../src/oci/media-types.js';
import { expectErrorResponse } from './error-body.js';
import { danglingDescriptor, imageManifest, pushConfig, pushImage, putManifest } from '../common/manifest-helpers.js';
import { seededBytes } from '../../fixtures/seeded-bytes.js';
import { UnsupportedApiError } from '../../src/errors/index.js';
import type { CapabilityId } from '../../src/conformance/capabilities.js';
import type { ApiId } from '../../src/model/api.js';
import type { SpecVersion } from '../../src/model/spec-version.js';
import { statements } from '../common/statements.js';

/** One provoked error: how to cause it and what the spec expects back. */
interface ProvokedError {
  readonly id: string;
  readonly title: string;
  readonly api: ApiId;
  readonly spec: readonly string[];
  readonly statuses: readonly number[];
  readonly codes: readonly string[];
  /** MUST when the endpoint table fixes the status (404 on unknown content), else SHOULD. */
  readonly statusLevel?: 'MUST' | 'SHOULD';
  readonly requires?: readonly CapabilityId[];
  /** First spec version with the provoking API (referrers: 1.1). */
  readonly since?: SpecVersion;
  /**
   * Set when the spec does not make this request an error (SHOULD, or tolerated registry behaviour): a 2xx then
   * means there is no error body to check, so the check is skipped with this reason instead of failed.
   */
  readonly mayAccept?: string;
  provoke(ctx: CheckContext): Promise<RegistryResponse>;
}

/** A repository with one blob and one manifest, so "unknown" errors are about the content, not the repository. */
async function seededRepo(ctx: CheckContext): Promise<string> {
  const repo = ctx.repo();
  await pushImage(ctx, repo, 'v1');
  return repo;
}

const provoked: readonly ProvokedError[] = [
  {
    id: 'blob-unknown',
    title: 'GET of an unknown blob returns 404 with a well-formed BLOB_UNKNOWN error body',
    api: 'blob-get',
    spec: ['end-2', 'code-1'],
    statuses: [404],
    codes: ['BLOB_UNKNOWN'],
    statusLevel: 'MUST',
    provoke: async (ctx) => ctx.client.getBlob(await seededRepo(ctx), danglingDescriptor(ctx, 'blob').digest, { signal: ctx.signal }),
  },
  {
    id: 'manifest-unknown-tag',
    title: 'GET of an unknown tag returns 404 with a well-formed MANIFEST_UNKNOWN error body',
    api: 'manifest-get',
    spec: ['end-3', 'code-7'],
    statuses: [404],
    codes: ['MANIFEST_UNKNOWN'],
    statusLevel: 'MUST',
    provoke: async (ctx) => ctx.client.getManifest(await seededRepo(ctx), 'no-such-tag', { signal: ctx.signal }),
  },
  {
    id: 'manifest-unknown-digest',
    title: 'GET of an unknown manifest digest returns 404 with a well-formed MANIFEST_UNKNOWN error body',
    api: 'manifest-get',
    spec: ['end-3', 'code-7'],
    statuses: [404],
    codes: ['MANIFEST_UNKNOWN'],
    statusLevel: 'MUST',
    provoke: async (ctx) =>
      ctx.client.getManifest(await seededRepo(ctx), danglingDescriptor(ctx, 'manifest', MediaType.ociManifest).digest, { signal: ctx.signal }),
  },
  {
    id: 'name-unknown',
    title: 'The tag list of an unknown repository returns 404 with a well-formed NAME_UNKNOWN error body',
    api: 'tags-list',
    spec: ['end-8a', 'code-9'],
    statuses: [404],
    codes: ['NAME_UNKNOWN'],
    // The spec says what a found repository answers (200), not that an unknown one is a 404.
    statusLevel: 'SHOULD',
    mayAccept: 'the registry answers 200 for unknown repositories (virtual repositories, conformance PR #528)',
    provoke: async (ctx) => ctx.client.listTags(ctx.absentRepo(), {}, { signal: ctx.signal }),
  },
  {
    id: 'digest-invalid',
    title: 'GET of a blob by a malformed digest returns 400 with a well-formed DIGEST_INVALID error body',
    api: 'blob-get',
    spec: ['end-2', 'code-4'],
    statuses: [400, 404],
    codes: ['DIGEST_INVALID', 'BLOB_UNKNOWN'],
    provoke: async (ctx) => ctx.client.getBlob(await seededRepo(ctx), 'sha256:not-a-hex-digest', { signal: ctx.signal }),
  },
  {
    id: 'upload-digest-mismatch',
    title: 'Closing an upload with the wrong digest returns 400 with a well-formed DIGEST_INVALID error body',
    api: 'blob-upload',
    spec: ['end-6', 'code-4'],
    statuses: [400],
    codes: ['DIGEST_INVALID'],
    async provoke(ctx) {
      const repo = ctx.repo();
      const post = await ctx.client.startUpload(repo, {}, { signal: ctx.signal });
      const location = ctx.client.resolveLocation(post.headers['location'] ?? '', post.url);
      const content = seededBytes(128, `${ctx.seed}/content`);
      const wrong = digestOf(seededBytes(128, `${ctx.seed}/other`));
      return ctx.client.putUpload(location, wrong, {
        signal: ctx.signal,
        body: content,
        headers: { 'content-type': 'application/octet-stream' },
      });
    },
  },
  {
    id: 'upload-unknown',
    title: 'The status of an unknown upload session returns 404 with a well-formed BLOB_UPLOAD_UNKNOWN error body',
    api: 'blob-upload',
    spec: ['end-13', 'code-3'],
    statuses: [404],
    codes: ['BLOB_UPLOAD_UNKNOWN'],
    provoke: async (ctx) =>
      ctx.client.getUploadStatus(`/v2/${await seededRepo(ctx)}/blobs/uploads/${randomUUID()}`, { signal: ctx.signal }),
  },
  {
    id: 'upload-patch-unknown',
    title: 'A PATCH to an unknown upload session returns 404 with a well-formed BLOB_UPLOAD_UNKNOWN error body',
    api: 'blob-upload',
    spec: ['end-5', 'code-3'],
    statuses: [404],
    codes: ['BLOB_UPLOAD_UNKNOWN'],
    provoke: async (ctx) =>
      ctx.client.patchUpload(`/v2/${await seededRepo(ctx)}/blobs/uploads/${randomUUID()}`, {
        signal: ctx.signal,
        body: seededBytes(16, ctx.seed),
        headers: { 'content-type': 'application/octet-stream', 'content-range': '0-15' },
      }),
  },
  {
    id: 'name-invalid',
    title: 'An upload to an invalid repository name returns 400 with a well-formed NAME_INVALID error body',
    api: 'blob-upload',
    spec: ['end-4a', 'code-8'],
    statuses: [400, 404],
    codes: ['NAME_INVALID', 'NAME_UNKNOWN'],
    provoke: async (ctx) => ctx.client.startUpload(`${ctx.repo()}/Invalid-UPPER`, {}, { signal: ctx.signal }),
  },
  {
    id: 'manifest-invalid',
    title: 'A malformed manifest returns 400 with a well-formed MANIFEST_INVALID error body',
    api: 'manifest-put',
    spec: ['end-7', 'code-6'],
    statuses: [400],
    codes: ['MANIFEST_INVALID'],
    provoke: async (ctx) => {
      const bytes = new TextEncoder().encode('{"schemaVersion": 2, "layers": [');
      return putManifest(ctx, ctx.repo(), 'malformed', { bytes, digest: digestOf(bytes), mediaType: MediaType.ociManifest });
    },
  },
  {
    id: 'manifest-blob-unknown',
    title: 'A manifest with a missing layer, when rejected, returns a well-formed MANIFEST_BLOB_UNKNOWN error body',
    api: 'manifest-put',
    spec: ['end-7', 'code-5'],
    statuses: [400],
    codes: ['MANIFEST_BLOB_UNKNOWN', 'BLOB_UNKNOWN'],
    mayAccept: 'the registry accepts dangling descriptors (it MAY)',
    async provoke(ctx) {
      const repo = ctx.repo();
      const config = await pushConfig(ctx, repo);
      return putManifest(ctx, repo, 'dangling', imageManifest(config, [danglingDescriptor(ctx, 'layer')]));
    },
  },
  {
    id: 'pagination-number-invalid',
    title: 'A tag list with a non-numeric n returns 400 with a well-formed PAGINATION_NUMBER_INVALID error body',
    api: 'tags-list',
    spec: ['end-8b'],
    statuses: [400],
    codes: ['PAGINATION_NUMBER_INVALID'],
    mayAccept: 'the registry accepts a non-numeric n (rejecting it is SHOULD)',
    provoke: async (ctx) => ctx.client.request('GET', `/v2/${await seededRepo(ctx)}/tags/list?n=abc`, { signal: ctx.signal }),
  },
  {
    id: 'blob-delete-unknown',
    title: 'DELETE of an unknown blob returns 404 with a well-formed BLOB_UNKNOWN error body',
    api: 'blob-delete',
    spec: ['end-10', 'code-1'],
    statuses: [404],
    codes: ['BLOB_UNKNOWN'],
    statusLevel: 'MUST',
    requires: ['blob-delete'],
    provoke: async (ctx) => ctx.client.deleteBlob(await seededRepo(ctx), danglingDescriptor(ctx, 'blob').digest, { signal: ctx.signal }),
  },
  {
    id: 'referrers-digest-invalid',
    title: 'Referrers of a malformed digest return 400 with a well-formed error body',
    api: 'referrers',
    spec: ['end-12a', 'code-4'],
    statuses: [400],
    codes: ['DIGEST_INVALID', 'MANIFEST_INVALID'],
    requires: ['referrers'],
    since: '1.1',
    mayAccept: 'the registry answers referrers of a malformed digest (400 is SHOULD)',
    provoke: async (ctx) => ctx.client.request('GET', `/v2/${await seededRepo(ctx)}/referrers/sha256:not-a-hex-digest`, { signal: ctx.signal }),
  },
];

/** Turns a provoked error into a check: JSON body shape MUST, codes and exact status per the entry. */
function toCheck(entry: ProvokedError): CheckDefinition {
  return {
    id: entry.id,
    title: entry.title,
    level: 'MUST',
    // The MUST part is the body: a 4xx MAY carry any body, but a JSON one MUST be the errors[] format.
    statement: statements.errorBody,
    ...(entry.since === undefined ? {} : { since: entry.since }),
    spec: entry.spec,
    api: entry.api,
    ...(entry.requires === undefined ? {} : { requires: entry.requires }),
    async run(ctx) {
      const response = await entry.provoke(ctx);
      if (entry.mayAccept !== undefined && response.status >= 200 && response.status < 300) {
        throw new UnsupportedApiError(`${entry.mayAccept}: no error body to check`, 'error-response');
      }
      expectErrorResponse(ctx, response, {
        statuses: entry.statuses,
        codes: entry.codes,
        spec: entry.spec,
        rule: entry.title,
        ...(entry.statusLevel === undefined ? {} : { statusLevel: entry.statusLevel }),
      });
    },
  };
}

export default defineSuite({
  id: 'error-bodies',
  title: 'Error bodies',
  description: 'code-1 … code-14: every provoked 4xx with a JSON body has errors[] with known uppercase codes.',
  checks: provoked.map(toCheck),
});
