/** The distribution spec every check cites. */
export const SPEC_URL = 'https://github.com/opencontainers/distribution-spec/blob/main/spec.md';

/**
 * Link to the part of the distribution spec a section id names. The upstream spec has no per-row anchors, so
 * `end-N` lands on its endpoints table and `code-N` on its error-code table; anything else on the document itself.
 */
export function specSectionUrl(section: string): string {
  if (/^end-\d+[a-z]?$/.test(section)) {
    return `${SPEC_URL}#endpoints`;
  }
  if (/^code-\d+$/.test(section)) {
    return `${SPEC_URL}#error-codes`;
  }
  return SPEC_URL;
}
