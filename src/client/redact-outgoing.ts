import { redactHeaders, redactText } from './redact.js';

/** Every secret value this process has learned (passwords, tokens, their Basic encodings). */
const knownSecrets = new Set<string>();

/** {@link knownSecrets} as one list, kept until a new secret arrives: redaction builds its pattern once per list. */
let secretList: readonly string[] | undefined;

/**
 * Remembers secret values as soon as the process learns them (credentials resolved, a token issued), so that every
 * later output redacts them even where no pattern would recognise them (a password echoed in a registry's error).
 */
export function rememberSecrets(values: Iterable<string>): void {
  for (const value of values) {
    if (!knownSecrets.has(value)) {
      knownSecrets.add(value);
      secretList = undefined;
    }
  }
}

/** True for a record whose values are all strings (a header record). */
function isStringRecord(value: object): value is Record<string, string> {
  return Object.values(value).every((child) => typeof child === 'string');
}

/** Redacts every string inside a JSON-like value; `headers` records also lose their secret headers' values. */
function redactValue(value: unknown, secrets: readonly string[], key?: string): unknown {
  if (typeof value === 'string') {
    return redactText(value, secrets);
  }
  if (Array.isArray(value)) {
    return value.map((child) => redactValue(child, secrets));
  }
  if (value !== null && typeof value === 'object') {
    if (key === 'headers' && isStringRecord(value)) {
      return redactHeaders(value, secrets);
    }
    return Object.fromEntries(Object.entries(value).map(([name, child]) => [name, redactValue(child, secrets, name)]));
  }
  return value;
}

/**
 * The one path for everything that leaves the process: a whole RunResult on its way to the reporters, or one
 * console line. Every string inside is redacted (see {@link redactText}) with the secrets remembered so far, and
 * every `headers` record loses the values of its credential headers. Pure: returns a redacted copy.
 */
export function redactOutgoing<T>(value: T): T {
  secretList ??= [...knownSecrets];
  return redactValue(value, secretList) as T;
}
