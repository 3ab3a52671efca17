import { formatScope, type Scope } from './scope.js';

/** One cached token and the time (ms since epoch) it stops being used. */
interface Entry {
  readonly token: string;
  readonly expiresAt: number;
}

/** Seconds before expiry a token is no longer handed out, so it does not expire on the wire. */
const EXPIRY_MARGIN_MS = 1_000;

/** The cache key: realm, service and the sorted, merged scopes. */
export function tokenCacheKey(realm: string, service: string | undefined, scopes: readonly Scope[]): string {
  return [realm, service ?? '', ...scopes.map(formatScope).sort()].join('\n');
}

/** Tokens per (realm, service, scopes), each honouring its `expires_in`. The clock is injected for tests. */
export class TokenCache {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;

  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  /** A token still valid for `key`, or undefined (expired ones are dropped). */
  get(key: string): string | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) {
      return undefined;
    }
    if (this.now() >= entry.expiresAt - EXPIRY_MARGIN_MS) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.token;
  }

  /** Stores a token valid for `expiresInSeconds` from now. */
  set(key: string, token: string, expiresInSeconds: number): void {
    this.entries.set(key, { token, expiresAt: this.now() + expiresInSeconds * 1000 });
  }

  /** Forgets a token the registry rejected. */
  delete(key: string): void {
    this.entries.delete(key);
  }
}
