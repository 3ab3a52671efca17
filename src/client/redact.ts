/** What every redacted value is replaced with. */
export const REDACTED = 'REDACTED';

/** Headers whose whole value is a secret. */
const secretHeaders: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-registry-auth',
  'x-auth-token',
  'x-api-key',
]);

/** Headers whose value holds URLs (upload `Location` with `_state`, signed redirect targets, `Link` pages). */
const urlHeaders: ReadonlySet<string> = new Set(['location', 'content-location', 'link', 'oci-location']);

/**
 * Query parameters that carry secrets, lower-cased: upload state (distribution's HMAC-signed `_state`), and the
 * signatures and credentials of presigned storage URLs (S3, Azure SAS, GCS, CloudFront) that registries redirect to.
 */
const secretQueryParams: ReadonlySet<string> = new Set([
  '_state',
  'x-amz-signature',
  'x-amz-credential',
  'x-amz-security-token',
  'x-amz-date',
  'signature',
  'sig',
  'se',
  'sp',
  'sv',
  'skoid',
  'sktid',
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'x-goog-signature',
  'x-goog-credential',
  'googleaccessid',
  'expires',
  'key-pair-id',
  'policy',
  'awsaccesskeyid',
  'password',
  'code',
]);

/**
 * `Bearer <token>` / `Basic <b64>` anywhere in a header value (e.g. echoed by a proxy in a custom header). The
 * lookahead leaves challenges alone: `Bearer realm="…"` is an auth-param list, not a credential. A lower-case scheme
 * counts only before at least 8 credential characters, so prose such as "basic or token" is left alone.
 */
const credentialInText =
  /\b(Bearer|Basic|BEARER|BASIC|bearer(?=\s+[A-Za-z0-9._~+/-]{8})|basic(?=\s+[A-Za-z0-9._~+/-]{8}))\s+(?![A-Za-z0-9_-]+\s*=\s*[^=\s,])[A-Za-z0-9._~+/-]+=*/g;

/** JSON fields that carry tokens or passwords in a body excerpt (token endpoints, misbehaving registries). */
const secretJsonField =
  /("(?:token|access_token|refresh_token|id_token|identitytoken|password|secret)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi;

/** Replaces the value of secret query parameters and any userinfo in one absolute or relative URL. */
export function redactUrl(url: string): string {
  if (!url.includes('?') && !url.includes('@')) {
    // Nothing to redact without a query or userinfo; most URLs of a run (blobs, manifests, tags) have neither.
    return url;
  }
  let parsed: URL;
  let relative = false;
  try {
    parsed = new URL(url);
  } catch {
    try {
      parsed = new URL(url, 'http://relative.invalid');
      relative = true;
    } catch {
      return url;
    }
  }
  if (parsed.username !== '' || parsed.password !== '') {
    parsed.username = REDACTED;
    parsed.password = '';
  }
  // Rebuild the query by hand: URLSearchParams would re-encode untouched values and make transcripts harder to read.
  const query = parsed.search.startsWith('?') ? parsed.search.slice(1) : parsed.search;
  if (query !== '') {
    const parts = query.split('&').map((part) => {
      const eq = part.indexOf('=');
      const rawName = eq === -1 ? part : part.slice(0, eq);
      return isSecretQueryParam(rawName) ? `${rawName}=${REDACTED}` : part;
    });
    parsed.search = `?${parts.join('&')}`;
  }
  if (relative) {
    return `${parsed.pathname}${parsed.search}${parsed.hash}`;
  }
  return parsed.toString();
}

/** Redacts URLs that appear inside a header value (`Link: <url>; rel="next"`, or a bare `Location`). */
function redactUrlsInValue(value: string): string {
  if (value.includes('<')) {
    return value.replace(/<([^>]*)>/g, (_match, inner: string) => `<${redactUrl(inner)}>`);
  }
  return redactUrl(value.trim());
}

/** One pattern per list of secrets, built once: a whole results.json is redacted with the same list. */
const secretPatterns = new WeakMap<readonly string[], RegExp | null>();

/**
 * The secrets of `secrets` as one pattern (null when none counts): longest first, so a secret that contains another
 * is replaced whole. One pass per text whatever the number of secrets. A process that talks to a token registry
 * remembers every token it was issued (hundreds in a demo), and replacing them one after another in each of the
 * ~190,000 strings of a demo's results took ~50 ms per secret: a 40 s stall of the event loop when a results
 * checkpoint fell inside a load scenario.
 */
function secretPattern(secrets: readonly string[]): RegExp | null {
  let pattern = secretPatterns.get(secrets);
  if (pattern === undefined) {
    const counted = [...new Set(secrets.filter((secret) => secret.length >= 4))].sort((a, b) => b.length - a.length);
    pattern = counted.length === 0 ? null : new RegExp(counted.map((secret) => secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
    secretPatterns.set(secrets, pattern);
  }
  return pattern;
}

/**
 * Replaces literal occurrences of known secrets (passwords, tokens, their Basic encodings) in any text. Secrets
 * shorter than 4 characters are ignored, since replacing them would shred ordinary words.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  const pattern = secretPattern(secrets);
  return pattern === null ? text : text.replace(pattern, REDACTED);
}

/** `?name=value` / `&name=value` (also HTML-escaped `&amp;`) anywhere in text: a URL quoted in a message or body. */
const queryParamInText = /(\?|&(?:amp;)?)([A-Za-z0-9_.%-]+)=([^&#\s"'<>)\]]*)/g;

/** `scheme://user:password@` anywhere in text. */
const userinfoInText = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@"'<>]+@/gi;

/** A JSON Web Token (registry bearer tokens, identity tokens) anywhere in text. */
const jwtInText = /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;

/**
 * Something every pattern of {@link redactText} needs to match: `?`/`&` (query), `@` (userinfo), `eyJ` (JWT), the
 * words of the credential schemes and of the secret JSON fields. Most strings of a run (digests, statuses, check
 * sentences) have none, and skipping five regular expressions for them keeps redaction off a big run's profile.
 */
const mayHoldPatternSecret = /[?&@]|eyJ|bearer|basic|token|password|secret/i;

/** True when a (possibly percent-encoded) query parameter name carries a secret. */
function isSecretQueryParam(rawName: string): boolean {
  let name = rawName;
  try {
    name = decodeURIComponent(rawName.replace(/\+/g, ' '));
  } catch {
    // A malformed escape: compare the raw name.
  }
  return secretQueryParams.has(name.toLowerCase());
}

/**
 * Redacts any text that may leave the process (a message, a note, a URL, a body excerpt, a console line): secret
 * query parameters of URLs inside it (upload `_state`, signed-URL signatures and credentials), userinfo, JWTs,
 * `Bearer`/`Basic` credentials, token and password fields of JSON, and the literal `secrets`.
 */
export function redactText(text: string, secrets: readonly string[] = []): string {
  if (!mayHoldPatternSecret.test(text)) {
    return redactSecrets(text, secrets);
  }
  const out = text
    .replace(userinfoInText, (_match, scheme: string) => `${scheme}${REDACTED}@`)
    .replace(queryParamInText, (match, separator: string, name: string) =>
      isSecretQueryParam(name) ? `${separator}${name}=${REDACTED}` : match,
    )
    .replace(jwtInText, REDACTED)
    .replace(secretJsonField, (_match, prefix: string) => `${prefix}"${REDACTED}"`)
    .replace(credentialInText, (_match, scheme: string) => `${scheme} ${REDACTED}`);
  return redactSecrets(out, secrets);
}

/** Redacts one header value according to its (lower-case) name. */
export function redactHeaderValue(name: string, value: string, secrets: readonly string[] = []): string {
  const lower = name.toLowerCase();
  if (secretHeaders.has(lower)) {
    return REDACTED;
  }
  return redactText(urlHeaders.has(lower) ? redactUrlsInValue(value) : value, secrets);
}

/** Redacts a header record; names are lower-cased. */
export function redactHeaders(
  headers: Readonly<Record<string, string>>,
  secrets: readonly string[] = [],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name.toLowerCase()] = redactHeaderValue(name, value, secrets);
  }
  return out;
}

/** Redacts a body excerpt: token-bearing JSON fields, credentials in text, and known secrets. */
export function redactBodyText(text: string, secrets: readonly string[] = []): string {
  return redactText(text, secrets);
}
