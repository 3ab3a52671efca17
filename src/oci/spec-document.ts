/**
 * Where the distribution spec lives, per version, and the sections checks cite (the heading anchors of its
 * `spec.md`). A section not in a version's text names the version it appeared in, so a link never points at a
 * heading the cited version does not have.
 */
import type { SpecVersion } from '../model/spec-version.js';

/** The spec text of each version: the newest patch tag of a release, or the main branch. */
const specDocumentUrls: Readonly<Record<SpecVersion, string>> = {
  '1.0': 'https://github.com/opencontainers/distribution-spec/blob/v1.0.1/spec.md',
  '1.1': 'https://github.com/opencontainers/distribution-spec/blob/v1.1.1/spec.md',
  main: 'https://github.com/opencontainers/distribution-spec/blob/main/spec.md',
};

/** Heading anchors of `spec.md` that checks cite, with the first version whose text has them. */
export const specSections = {
  definitions: '1.0',
  'determining-support': '1.0',
  'legacy-docker-support-http-headers': '1.1',
  pull: '1.0',
  'pulling-manifests': '1.0',
  'pulling-blobs': '1.0',
  'checking-if-content-exists-in-the-registry': '1.0',
  push: '1.0',
  'pushing-blobs': '1.0',
  'pushing-a-blob-monolithically': '1.0',
  'post-then-put': '1.0',
  'single-post': '1.0',
  'pushing-a-blob-in-chunks': '1.0',
  'mounting-a-blob-from-another-repository': '1.0',
  'pushing-manifests': '1.0',
  'pushing-manifests-with-subject': '1.1',
  'content-discovery': '1.0',
  'listing-tags': '1.0',
  'listing-referrers': '1.1',
  'content-management': '1.0',
  'deleting-tags': '1.0',
  'deleting-manifests': '1.0',
  'deleting-blobs': '1.0',
  'unavailable-referrers-api': '1.1',
  'referrers-tag-schema': '1.1',
  'enabling-the-referrers-api': '1.1',
  'registry-proxying': 'main',
  endpoints: '1.0',
  'error-codes': '1.0',
  warnings: '1.1',
} as const satisfies Record<string, SpecVersion>;

/**
 * Normative statements outside the distribution spec that it builds on (HTTP semantics), cited by their own link at
 * every spec version.
 */
const externalSections = {
  'rfc9110-www-authenticate': 'https://www.rfc-editor.org/rfc/rfc9110#section-11.6.1',
} as const satisfies Record<string, string>;

/** A heading anchor of the spec, or an external statement it builds on, that a check may cite. */
export type SpecSection = keyof typeof specSections | keyof typeof externalSections;

/** The first spec version whose text has a section (external statements: every version). */
export function sectionSince(section: SpecSection): SpecVersion {
  return section in specSections ? specSections[section as keyof typeof specSections] : '1.0';
}

/** The spec document of a version. */
export function specDocumentUrl(version: SpecVersion): string {
  return specDocumentUrls[version];
}

/** Link to a section of the spec at a version. */
export function specSectionLink(version: SpecVersion, section: SpecSection): string {
  return section in externalSections
    ? externalSections[section as keyof typeof externalSections]
    : `${specDocumentUrls[version]}#${section}`;
}
