/**
 * Capabilities the probe detects before the suites run: only what the spec makes optional (a MAY, or a documented
 * "if disabled, answer 400/405" / "fails open with 202"), plus two recommended features shown in the capability
 * matrix. A check that `requires` one that is absent is *skipped* with the reason; an expectation profile that
 * `requires` it turns the absence into a failure. What the spec requires (tag pagination with `n` and `last`,
 * end-8b) is not here: it is checked and fails.
 */
export const capabilityIds = [
  /** `POST ?digest=` with a body answers 201 (end-4b) instead of the 202 fallback. */
  'single-post-upload',
  /** Chunked PATCH with Content-Range works (end-5). Observed for the matrix; no check is skipped for it. */
  'chunked-upload',
  /** `DELETE <upload location>` cancels an upload (end-14). */
  'upload-cancel',
  /** `POST ?mount=&from=` answers 201 (end-11); 202 means it fails open. */
  'mount',
  /** `GET` blob with `Range` answers 206. Recommended (end-2 SHOULD): no check is skipped for it, the Range checks warn. */
  'blob-range',
  /** `DELETE /manifests/<digest>` answers 202 (end-9). */
  'manifest-delete',
  /** `DELETE /manifests/<tag>` answers 202. */
  'tag-delete',
  /** `DELETE /blobs/<digest>` answers 202 (end-10). */
  'blob-delete',
  /** `GET /v2/_catalog` answers 200. */
  'catalog',
  /** `GET /referrers/<digest>` answers 200 (end-12). */
  'referrers',
  /** Docker schema2 manifests and manifest lists are accepted. */
  'docker-media-types',
  /**
   * Blobs addressed by sha512 digests are accepted (`POST ?digest-algorithm=sha512`, then `PUT ?digest=sha512:…` → 201).
   * The spec names sha512 (end-4c) without requiring it; a registry that takes it is held to every blob rule with it.
   */
  'sha512',
] as const;

/** One capability id. */
export type CapabilityId = (typeof capabilityIds)[number];

/** Probe outcome per capability. `unknown` means the probe could not decide: the checks that require it are errored. */
export type CapabilityMap = Readonly<Record<CapabilityId, 'supported' | 'unsupported' | 'unknown'>>;

/** Human titles of the capabilities, for the capability matrix in reports. */
export const capabilityTitles: Readonly<Record<CapabilityId, string>> = {
  'single-post-upload': 'Single POST upload with digest (201)',
  'chunked-upload': 'Chunked PATCH upload with Content-Range',
  'upload-cancel': 'Upload cancel (DELETE upload location)',
  mount: 'Cross-repository blob mount (201)',
  'blob-range': 'Blob GET with Range (206)',
  'manifest-delete': 'Manifest delete by digest',
  'tag-delete': 'Tag delete',
  'blob-delete': 'Blob delete',
  catalog: 'Repository catalog (_catalog)',
  referrers: 'Referrers API',
  'docker-media-types': 'Docker schema2 manifests',
  sha512: 'sha512 blob digests',
};
