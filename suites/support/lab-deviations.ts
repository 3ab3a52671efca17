/**
 * Known deviations of the lab registries: every check a lab registry *fails*, with why it is the registry's fault and
 * not ours. The lab integration test fails on a failure missing from this list (a new deviation or a harness bug)
 * and on a listed check that now passes (fixed upstream: take it off), except those marked intermittent.
 * Kept as data, in step with the closing notes of the conformance issue (registry-quirks §12.2: profiles as data).
 */
export interface KnownDeviation {
  /** Full check id. */
  readonly check: string;
  /** Why this is the registry breaking the spec. */
  readonly why: string;
  /** Seen failing only sometimes: its passing is not an error. */
  readonly intermittent?: boolean;
}

/** Deviations by lab registry name. */
export const labDeviations: Readonly<Record<string, readonly KnownDeviation[]>> = {
  'distribution-2': [
    ...['chunked-out-of-order-416', 'chunked-first-not-zero-416', 'chunked-repeated-416', 'chunked-overlap-416'].map(
      (id) => ({
        check: `blob-upload/${id}`,
        why: '2.8 ignores Content-Range on PATCH and appends whatever arrives with 202 (end-5 requires 416); v3 checks it',
      }),
    ),
    { check: 'tags/list-sorted', why: 'tags come back in storage order; end-8a requires lexical order' },
  ],
  olareg: [
    ...['cancel-then-status-404', 'unknown-session-patch-404', 'unknown-session-put-404', 'unknown-session-status-404'].map(
      (id) => ({
        check: `blob-upload/${id}`,
        why: 'an unknown or cancelled upload session answers 400 BLOB_UPLOAD_UNKNOWN; end-5/6/13 require 404',
      }),
    ),
  ],
  zot: [
    {
      check: 'blob-upload/chunked-every-chunk-range',
      why: 'each chunk PATCH answers Range: 0-<chunk length - 1>, not the blob so far (regclient #961; spec #580)',
    },
    {
      check: 'blob-upload/single-post-digest-mismatch-400',
      why: 'a single POST with a wrong digest answers 500 instead of 400 DIGEST_INVALID (end-4b, code-4)',
    },
    {
      check: 'manifest-push/subject-missing-accepted',
      why: 'a push whose subject is missing sometimes answers 500; the spec MUST accept it',
      intermittent: true,
    },
    {
      check: 'referrers/subject-pushed-later',
      why: 'a push whose subject is missing sometimes answers 500; the spec MUST accept it',
      intermittent: true,
    },
    { check: 'manifest-push/oci-subject-header', why: 'serves referrers but sends no OCI-Subject on a push with subject' },
    ...['invalid-tag-leading-dot', 'invalid-tag-leading-dash', 'invalid-tag-too-long'].map((id) => ({
      check: `manifest-push/${id}`,
      why: 'stores tags that break the tag grammar with 201',
    })),
    { check: 'tags/last-is-exclusive', why: 'tags/list?n=10&last=X includes X and the tags before it' },
    { check: 'tags/link-header-rfc5988', why: 'the Link header lacks the RFC 5988 angle brackets' },
    {
      check: 'delete/manifest-delete-unknown-repository-404',
      why: 'DELETE in an unknown repository answers 400 NAME_UNKNOWN; end-9 requires 404',
    },
    { check: 'error-bodies/digest-invalid', why: 'GET of a blob by a malformed digest answers 500, not a 4xx' },
    ...['descriptor-artifact-type', 'index-referrer', 'filter-results-consistent'].map((id) => ({
      check: `referrers/${id}`,
      why: 'pre-1.1 referrers: artifactType from the config, indexes not listed, no OCI-Filters-Applied when filtering',
    })),
  ],
};
