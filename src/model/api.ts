import { z } from 'zod';

/**
 * The registry APIs a check exercises, in the order of the spec's endpoint table (end-1 … end-14), then the listings
 * outside it and the token flow. One home for the names: checks declare one, reports draw the per-API matrix from it.
 */
export const apiTitles = {
  ping: 'GET /v2/ (end-1)',
  'blob-head': 'HEAD /v2/<name>/blobs/<digest> (end-2)',
  'blob-get': 'GET /v2/<name>/blobs/<digest> (end-2)',
  'manifest-head': 'HEAD /v2/<name>/manifests/<reference> (end-3)',
  'manifest-get': 'GET /v2/<name>/manifests/<reference> (end-3)',
  'blob-upload': 'POST, PATCH, PUT /v2/<name>/blobs/uploads/ (end-4a, end-4b, end-5, end-6)',
  'manifest-put': 'PUT /v2/<name>/manifests/<reference> (end-7)',
  'tags-list': 'GET /v2/<name>/tags/list (end-8a, end-8b)',
  'manifest-delete': 'DELETE /v2/<name>/manifests/<reference> (end-9)',
  'blob-delete': 'DELETE /v2/<name>/blobs/<digest> (end-10)',
  'blob-mount': 'POST /v2/<name>/blobs/uploads/?mount=<digest>&from=<other> (end-11)',
  referrers: 'GET /v2/<name>/referrers/<digest> (end-12a, end-12b)',
  'blob-upload-status': 'GET /v2/<name>/blobs/uploads/<reference> (end-13)',
  'blob-upload-cancel': 'DELETE /v2/<name>/blobs/uploads/<reference> (end-14)',
  catalog: 'GET /v2/_catalog (Docker Registry API, outside the OCI spec)',
  token: 'Token endpoint of the WWW-Authenticate realm (Docker token auth)',
  'capability-probe': 'The capability probe before the suites (expectation profiles judge what it found)',
  throttling: 'Every request of the run, judged on the 429 answers it met (code-14)',
} as const;

/** An API a check exercises, e.g. `blob-head`. */
export type ApiId = keyof typeof apiTitles;

/** Every API id, in the order reports list them. */
export const apiIds = Object.keys(apiTitles) as [ApiId, ...ApiId[]];

/** Schema of an API id in results.json. */
export const apiIdSchema = z.enum(apiIds);
