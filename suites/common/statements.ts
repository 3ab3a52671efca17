/**
 * The normative statements of the distribution spec that checks cite (one home for each): section anchor, keyword
 * and the statement in the spec's words, shortened. A check names one in its `statement`; `levels.test.ts` holds
 * every MUST check to a MUST / MUST NOT statement. Words are those of v1.1.x; where main words a rule differently or
 * moves its keyword, the check says so in its `versions`.
 */
import type { SpecStatement } from '../../src/conformance/grade-check.js';

/** Statements by what they require. */
export const statements = {
  manifestGet: {
    section: 'pulling-manifests',
    keyword: 'MUST',
    says: 'A GET request to an existing manifest URL MUST provide the expected manifest, with a response code that MUST be 200 OK.',
  },
  manifestMissing: {
    section: 'pulling-manifests',
    keyword: 'MUST',
    says: 'If the manifest is not found in the repository, the response code MUST be 404 Not Found.',
  },
  manifestContentType: {
    section: 'pulling-manifests',
    keyword: 'SHOULD',
    says: "The Content-Type header SHOULD match what the client pushed as the manifest's Content-Type.",
  },
  manifestDigestHeader: {
    section: 'pulling-manifests',
    keyword: 'SHOULD',
    says: 'A successful response SHOULD contain the digest of the uploaded blob in the header Docker-Content-Digest.',
  },
  manifestDigestHeaderMain: {
    section: 'pulling-manifests',
    keyword: 'MUST',
    says: 'A successful response MUST include Docker-Content-Digest: <digest>, the digest of the returned manifest.',
  },
  headDigestHeader: {
    section: 'checking-if-content-exists-in-the-registry',
    keyword: 'SHOULD',
    says: 'A successful response SHOULD contain the digest of the uploaded blob in the header Docker-Content-Digest.',
  },
  headDigestHeaderMain: {
    section: 'checking-if-content-exists-in-the-registry',
    keyword: 'MUST',
    says: 'A successful HEAD response MUST include Docker-Content-Digest: <digest> of the manifest or blob.',
  },
  headContentLength: {
    section: 'checking-if-content-exists-in-the-registry',
    keyword: 'SHOULD',
    says: 'A successful response SHOULD contain the size in bytes of the uploaded blob in the header Content-Length.',
  },
  headContentLengthMain: {
    section: 'checking-if-content-exists-in-the-registry',
    keyword: 'MUST',
    says: 'A successful HEAD response MUST include Content-Length: <size in bytes> of the manifest or blob.',
  },
  blobDigestHeader: {
    section: 'pulling-blobs',
    keyword: 'SHOULD',
    says: 'A successful response SHOULD contain the digest of the uploaded blob in the header Docker-Content-Digest; if present, it MUST match the response body.',
  },
  blobDigestHeaderMain: {
    section: 'pulling-blobs',
    keyword: 'MUST',
    says: 'A successful response MUST include Docker-Content-Digest: <digest>, which MUST match the digest of the returned blob.',
  },
  blobGet: {
    section: 'pulling-blobs',
    keyword: 'MUST',
    says: 'A GET request to an existing blob URL MUST provide the expected blob, with a response code that MUST be 200 OK.',
  },
  blobMissing: {
    section: 'pulling-blobs',
    keyword: 'MUST',
    says: 'If the blob is not found in the repository, the response code MUST be 404 Not Found.',
  },
  blobRange: {
    section: 'pulling-blobs',
    keyword: 'SHOULD',
    says: 'A registry SHOULD support the Range request header in accordance with RFC 9110.',
  },
  headExisting: {
    section: 'checking-if-content-exists-in-the-registry',
    keyword: 'MUST',
    says: 'A HEAD request to an existing blob or manifest URL MUST return 200 OK.',
  },
  headMissing: {
    section: 'checking-if-content-exists-in-the-registry',
    keyword: 'MUST',
    says: 'If the blob or manifest is not found in the registry, the response code MUST be 404 Not Found.',
  },
  uploadPost: {
    section: 'post-then-put',
    keyword: 'MUST',
    says: 'The POST that obtains a session ID MUST answer 202 Accepted with a Location header; the <location> MUST contain a UUID for the session.',
  },
  uploadPut: {
    section: 'post-then-put',
    keyword: 'MUST',
    says: 'Upon successful completion of the PUT, the response MUST have code 201 Created and MUST have the header Location: <blob-location>.',
  },
  singlePost: {
    section: 'single-post',
    keyword: 'MUST',
    says: 'Successful completion of the request MUST return a 201 Created and MUST include the header Location: <blob-location>; registries without single POST SHOULD return 202 Accepted and a Location.',
  },
  chunkAccepted: {
    section: 'pushing-a-blob-in-chunks',
    keyword: 'MUST',
    says: 'The response for each successful chunk upload MUST be 202 Accepted, and MUST have the headers Location: <location> and Range: 0-<end-of-range>.',
  },
  chunkOutOfOrder: {
    section: 'pushing-a-blob-in-chunks',
    keyword: 'MUST',
    says: "Chunks MUST be uploaded in order, the first byte of a chunk being the last chunk's <end-of-range> plus one. If a chunk is uploaded out of order, a 416 Requested Range Not Satisfiable code MUST be returned.",
  },
  chunkClose: {
    section: 'pushing-a-blob-in-chunks',
    keyword: 'MUST',
    says: 'The final chunk MAY be uploaded in a PATCH or in the closing PUT; the response to a successful closing of the session MUST be 201 Created, and MUST contain the header Location: <blob-location>.',
  },
  uploadStatus: {
    section: 'pushing-a-blob-in-chunks',
    keyword: 'MUST',
    says: 'The response to an active upload <location> MUST be a 204 No Content response code, and MUST have the headers Location: <location> and Range: 0-<end-of-range>.',
  },
  mounted: {
    section: 'mounting-a-blob-from-another-repository',
    keyword: 'MUST',
    says: 'The response to a successful mount MUST be 201 Created, and MUST contain the header Location: <blob-location>.',
  },
  mountFallback: {
    section: 'mounting-a-blob-from-another-repository',
    keyword: 'SHOULD',
    says: 'If a registry does not support cross-repository mounting or is unable to mount the requested blob, it SHOULD return a 202; the registry MAY treat the from parameter as optional.',
  },
  manifestPushed: {
    section: 'pushing-manifests',
    keyword: 'MUST',
    says: 'Upon a successful upload, the registry MUST return response code 201 Created, and MUST have the header Location: <location>.',
  },
  manifestPushDigest: {
    section: 'pushing-manifests',
    keyword: 'MUST',
    says: 'The Docker-Content-Digest header of a successful push MUST contain the digest of the uploaded manifest, matching the digest the client provided.',
  },
  manifestExactBytes: {
    section: 'pushing-manifests',
    keyword: 'MUST',
    says: 'The registry MUST store the manifest in the exact byte representation provided by the client.',
  },
  subjectMissingAccepted: {
    section: 'pushing-manifests',
    keyword: 'MUST',
    says: 'A registry MUST accept an otherwise valid manifest with a subject field that references a manifest that does not exist in the repository.',
  },
  ociSubject: {
    section: 'pushing-manifests-with-subject',
    keyword: 'MUST',
    says: 'A registry that supports the referrers API MUST respond to a manifest push with a subject field with the header OCI-Subject: <subject digest>.',
  },
  manifestBlobUnknown: {
    section: 'pushing-manifests',
    keyword: 'MUST',
    says: 'Registries MAY reject a manifest that references manifests or blobs that do not exist; when rejected for this reason, it MUST result in one or more MANIFEST_BLOB_UNKNOWN errors.',
  },
  multiTagOciTag: {
    section: 'pushing-manifests',
    keyword: 'MUST',
    says: 'A push by digest with tag query parameters MUST answer an OCI-Tag header for each tag that was applied.',
  },
  tagsList: {
    section: 'listing-tags',
    keyword: 'MUST',
    says: 'Assuming a repository is found, this request MUST return a 200 OK response code; upon success the response MUST be a JSON body {"name": <name>, "tags": [...]}.',
  },
  tagsSorted: {
    section: 'listing-tags',
    keyword: 'MUST',
    says: 'If the list is not empty, the tags MUST be in lexical order (i.e. case-insensitive alphanumeric order).',
  },
  tagsN: {
    section: 'listing-tags',
    keyword: 'MUST',
    says: 'The response MAY return fewer than <int> results only when fewer tags exist or a Link header is provided; otherwise, the response MUST include <int> results.',
  },
  tagsNZero: {
    section: 'listing-tags',
    keyword: 'MUST',
    says: 'When n is zero, this endpoint MUST return an empty list, and MUST NOT include a Link header.',
  },
  tagsLink: {
    section: 'listing-tags',
    keyword: 'MUST',
    says: 'A Link header MAY be included when additional tags are available; if included, it MUST be set according to RFC5988 with the Relation Type rel="next".',
  },
  tagsLast: {
    section: 'listing-tags',
    keyword: 'SHOULD',
    says: 'With last=<tagname>, the list of tags starts after <tagname> (the spec words it without a keyword).',
  },
  referrersListed: {
    section: 'listing-referrers',
    keyword: 'MUST',
    says: 'Upon success, the response MUST be a JSON body with an image index containing descriptors of the image manifests and indexes in the same <name> namespace whose subject is <digest>.',
  },
  referrersContentType: {
    section: 'listing-referrers',
    keyword: 'MUST',
    says: 'The Content-Type header of the referrers response MUST be set to application/vnd.oci.image.index.v1+json.',
  },
  referrersArtifactType: {
    section: 'listing-referrers',
    keyword: 'MUST',
    says: 'The descriptors MUST include an artifactType field set to the artifactType of the manifest or index if present; for an image manifest without one, it MUST be set to the config descriptor mediaType.',
  },
  referrersAnnotations: {
    section: 'listing-referrers',
    keyword: 'MUST',
    says: 'The descriptors MUST include annotations from the image manifest or index.',
  },
  referrersEmpty: {
    section: 'listing-referrers',
    keyword: 'MUST NOT',
    says: 'A registry that supports the referrers API MUST NOT return 404 Not Found; if a query results in no matching referrers, an empty manifest list MUST be returned.',
  },
  referrersInvalidDigest: {
    section: 'listing-referrers',
    keyword: 'MUST',
    says: 'If the request is invalid, such as a <digest> with invalid syntax, a 400 Bad Request MUST be returned.',
  },
  referrersFiltered: {
    section: 'listing-referrers',
    keyword: 'MUST',
    says: 'The registry SHOULD support filtering on artifactType; when it applies the filter, the response MUST include the header OCI-Filters-Applied: artifactType.',
  },
  tagDeleted: {
    section: 'deleting-tags',
    keyword: 'MUST',
    says: 'Upon success, the registry MUST respond with a 202 Accepted code. If tag deletion is disabled, the registry MUST respond with either a 400 Bad Request or a 405 Method Not Allowed.',
  },
  manifestDeleted: {
    section: 'deleting-manifests',
    keyword: 'MUST',
    says: 'Upon success, the registry MUST respond with a 202 Accepted code. If manifest deletion is disabled, the registry MUST respond with either a 400 Bad Request or a 405 Method Not Allowed.',
  },
  manifestDeleteNoRepository: {
    section: 'deleting-manifests',
    keyword: 'MUST',
    says: 'If the repository does not exist, the response MUST return 404 Not Found.',
  },
  blobDeleted: {
    section: 'deleting-blobs',
    keyword: 'MUST',
    says: 'Upon success, the registry MUST respond with code 202 Accepted. If blob deletion is disabled, the registry MUST respond with either a 400 Bad Request or a 405 Method Not Allowed.',
  },
  blobDeleteMissing: {
    section: 'deleting-blobs',
    keyword: 'MUST',
    says: 'If the blob is not found, a 404 Not Found code MUST be returned.',
  },
  errorBody: {
    section: 'error-codes',
    keyword: 'MUST',
    says: 'A 4XX response MAY return a body in any format. If the response body is in JSON format, it MUST be {"errors": [{"code", "message", "detail"}]}, the code one of the listed codes.',
  },
  determiningSupport: {
    section: 'determining-support',
    keyword: 'SHOULD',
    says: 'If the response to GET /v2/ is 200 OK, then the registry implements this specification (stated without a keyword).',
  },
  challenge: {
    section: 'rfc9110-www-authenticate',
    keyword: 'MUST',
    says: 'A server generating a 401 (Unauthorized) response MUST send a WWW-Authenticate header field containing at least one challenge (RFC 9110 §11.6.1).',
  },
} as const satisfies Record<string, SpecStatement>;
