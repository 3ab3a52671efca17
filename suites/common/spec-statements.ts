/**
 * Normative statements of the distribution spec (v1.1.1 words) that several checks cite, stated once. Each puts its
 * keyword on the registry; a check that enforces one names it as its `statement`.
 */
import type { SpecStatement } from '../../src/conformance/grade-check.js';

/** Pull a blob: an existing blob comes back exactly, with 200. */
export const blobServedStatement: SpecStatement = {
  section: 'pulling-blobs',
  keyword: 'MUST',
  says: 'A GET request to an existing blob URL MUST provide the expected blob, with a response code that MUST be 200 OK.',
};

/** Pull a blob that is not there: 404. */
export const blobNotFoundStatement: SpecStatement = {
  section: 'pulling-blobs',
  keyword: 'MUST',
  says: 'If the blob is not found in the registry, the response code MUST be 404 Not Found.',
};

/** Pull a manifest: an existing manifest comes back exactly, with 200. */
export const manifestServedStatement: SpecStatement = {
  section: 'pulling-manifests',
  keyword: 'MUST',
  says: 'A GET request to an existing manifest URL MUST provide the expected manifest, with a response code that MUST be 200 OK.',
};

/** Pull a manifest that is not there: 404. */
export const manifestNotFoundStatement: SpecStatement = {
  section: 'pulling-manifests',
  keyword: 'MUST',
  says: 'If the manifest is not found in the registry, the response code MUST be 404 Not Found.',
};

/** HEAD of a blob or manifest that is not there: 404. */
export const contentNotFoundStatement: SpecStatement = {
  section: 'checking-if-content-exists-in-the-registry',
  keyword: 'MUST',
  says: 'If the blob or manifest is not found in the registry, the response code MUST be 404 Not Found.',
};

/** A chunk out of order: 416. */
export const outOfOrderChunkStatement: SpecStatement = {
  section: 'pushing-a-blob-in-chunks',
  keyword: 'MUST',
  says: 'If a chunk is uploaded out of order, the registry MUST respond with a 416 Requested Range Not Satisfiable code.',
};
