/**
 * The normative statements (distribution-spec v1.1.1 `spec.md`) the content checks enforce, one per operation: the
 * sentence that puts MUST (or SHOULD) on the registry, cut to its point.
 */
import type { SpecStatement } from '../../src/conformance/grade-check.js';

/** Types one statement (section anchor and keyword checked), keeping the object's keys. */
function statement(value: SpecStatement): SpecStatement {
  return value;
}

/** Statements by content check operation. */
export const contentStatements = {
  pushBlob: statement({ section: 'post-then-put', keyword: 'MUST', says: 'Upon successful completion, the response MUST have code `201 Created` …' }),
  pushManifest: statement({
    section: 'pushing-manifests',
    keyword: 'MUST',
    says: 'Upon a successful upload, the registry MUST return response code `201 Created` … The Docker-Content-Digest header … MUST be equal to the client provided digest.',
  }),
  tagList: statement({ section: 'listing-tags', keyword: 'MUST', says: 'Assuming a repository is found, this request MUST return a `200 OK` response code.' }),
  head: statement({ section: 'checking-if-content-exists-in-the-registry', keyword: 'MUST', says: 'A HEAD request to an existing blob or manifest URL MUST return `200 OK`.' }),
  getManifest: statement({
    section: 'pulling-manifests',
    keyword: 'MUST',
    says: 'A GET request to an existing manifest URL MUST provide the expected manifest, with a response code that MUST equal `200 OK`.',
  }),
  getBlob: statement({ section: 'pulling-blobs', keyword: 'MUST', says: 'A GET request to an existing blob URL MUST provide the expected blob, with a response code that MUST equal `200 OK`.' }),
  referrers: statement({
    section: 'listing-referrers',
    keyword: 'MUST',
    says: 'The descriptors MUST include an `artifactType` field that is set to the value of the `artifactType` in the image manifest or index, if present.',
  }),
  deleteTag: statement({ section: 'deleting-tags', keyword: 'MUST', says: 'Upon success, the registry MUST respond with a `202 Accepted` code.' }),
  deleteManifest: statement({ section: 'deleting-manifests', keyword: 'MUST', says: 'Upon success, the registry MUST respond with a `202 Accepted` code.' }),
  deleteBlob: statement({ section: 'deleting-blobs', keyword: 'MUST', says: 'Upon success, the registry MUST respond with code `202 Accepted`.' }),
  singlePost: statement({
    section: 'single-post',
    keyword: 'SHOULD',
    says: 'Registries that do not support single request monolithic uploads SHOULD return a `202 Accepted` status code and `Location` header …',
  }),
};
