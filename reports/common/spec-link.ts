import type { SpecVersion } from '../../src/model/index.js';
import { specDocumentUrl } from '../../src/oci/spec-document.js';

/**
 * Link to the part of the distribution spec a section id names, at a spec version (a result without one: main). The
 * upstream spec has no per-row anchors, so `end-N` lands on its endpoints table and `code-N` on its error-code table;
 * anything else on the document itself.
 */
export function specSectionUrl(section: string, version: SpecVersion = 'main'): string {
  const document = specDocumentUrl(version);
  if (/^end-\d+[a-z]?$/.test(section)) {
    return `${document}#endpoints`;
  }
  if (/^code-\d+$/.test(section)) {
    return `${document}#error-codes`;
  }
  return document;
}
