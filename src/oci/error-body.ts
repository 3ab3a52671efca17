/**
 * The distribution-spec error body (spec "Error Codes"): `{"errors":[{"code","message","detail"}]}`. Registries send
 * it with most 4xx and some 5xx answers; the `code` (MANIFEST_INVALID, BLOB_UNKNOWN, …) is what tells a user why.
 */

/** One entry of an error body, as far as it could be read. */
export interface RegistryErrorEntry {
  readonly code: string;
  readonly message?: string;
}

/** The entries of a parsed error body; anything that is not one gives an empty list. */
export function errorEntriesOf(body: unknown): RegistryErrorEntry[] {
  if (typeof body !== 'object' || body === null || !('errors' in body) || !Array.isArray(body.errors)) {
    return [];
  }
  const entries: RegistryErrorEntry[] = [];
  for (const entry of body.errors as unknown[]) {
    if (typeof entry === 'object' && entry !== null && 'code' in entry && typeof entry.code === 'string') {
      const message = 'message' in entry && typeof entry.message === 'string' && entry.message !== '' ? entry.message : undefined;
      entries.push(message === undefined ? { code: entry.code } : { code: entry.code, message });
    }
  }
  return entries;
}

/** The entries of an error body given as text (JSON or not). */
export function errorEntriesOfText(text: string): RegistryErrorEntry[] {
  try {
    return errorEntriesOf(JSON.parse(text) as unknown);
  } catch {
    return [];
  }
}

/** Most characters of a registry's own message kept in a one-line summary. */
const maxMessageChars = 160;

/** `MANIFEST_INVALID: manifest invalid` (entries joined by `; `), or undefined when there are none. */
export function describeErrorEntries(entries: readonly RegistryErrorEntry[]): string | undefined {
  if (entries.length === 0) {
    return undefined;
  }
  return entries
    .map((entry) => {
      const message = entry.message?.replace(/\s+/g, ' ').trim();
      if (message === undefined || message === '') {
        return entry.code;
      }
      return `${entry.code}: ${message.length > maxMessageChars ? `${message.slice(0, maxMessageChars)}…` : message}`;
    })
    .join('; ');
}
