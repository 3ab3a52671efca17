/** A `--target` value split into its optional name and URL text (validated later by the schema). */
export interface TargetFlagValue {
  readonly name?: string;
  readonly url: string;
}

/**
 * Splits `URL` or `NAME=URL`. A prefix before `=` counts as a name only when it has no `:`, so URLs that contain `=`
 * (never valid for a registry root, but possible typos) still reach URL validation intact.
 */
export function parseTargetFlag(raw: string): TargetFlagValue {
  const equals = raw.indexOf('=');
  if (equals > 0 && !raw.slice(0, equals).includes(':')) {
    return { name: raw.slice(0, equals), url: raw.slice(equals + 1) };
  }
  return { url: raw };
}
