/**
 * Optional capabilities the probe detects before the suites run. A check that `requires` one that is absent is
 * *skipped* with the reason, never failed.
 */
export const capabilityIds = [
  /** `POST ?digest=` with a body answers 201 (end-4b) instead of the 202 fallback. */
  'single-post-upload',
  /** Chunked PATCH with Content-Range works (end-5). */
  'chunked-upload',
  /** `DELETE <upload location>` cancels an upload (end-14). */
  'upload-cancel',
  /** `POST ?mount=&from=` answers 201 (end-11); 202 means it fails open. */
  'mount',
  /** `GET` blob with `Range` answers 206. */
  'blob-range',
  /** `DELETE /manifests/<digest>` answers 202 (end-9). */
  'manifest-delete',
  /** `DELETE /manifests/<tag>` answers 202. */
  'tag-delete',
  /** `DELETE /blobs/<digest>` answers 202 (end-10). */
  'blob-delete',
  /** `GET /v2/_catalog` answers 200. */
  'catalog',
  /** `tags/list?n=` limits the page (end-8b). */
  'tag-pagination',
  /** `GET /referrers/<digest>` answers 200 (end-12). */
  'referrers',
  /** Docker schema2 manifests and manifest lists are accepted. */
  'docker-media-types',
] as const;

/** One capability id. */
export type CapabilityId = (typeof capabilityIds)[number];

/** Probe outcome per capability. `unknown` means the probe could not decide; dependent checks still run. */
export type CapabilityMap = Readonly<Record<CapabilityId, 'supported' | 'unsupported' | 'unknown'>>;
