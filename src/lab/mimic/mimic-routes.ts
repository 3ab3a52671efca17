/**
 * Pure decisions of the mimic front: which repository a `/v2/` path names, whether the name meets the cloud's rule,
 * and the fixed-window request budget. Kept apart from the servers so each rule is tested on its own.
 */
import type { NamingRule, ThrottleRule } from './mimic-clouds.js';

/** A `/v2/<name>/<kind>/<rest>` request. */
export interface RepositoryPath {
  readonly name: string;
  readonly kind: 'blobs' | 'manifests' | 'tags' | 'referrers';
  /** After the kind: a digest, a tag, `uploads/<id>`, `list`. */
  readonly rest: string;
}

const repositoryPathPattern = /^\/v2\/(.+?)\/(blobs|manifests|tags|referrers)\/(.*)$/;

/** The repository a path names, or undefined for `/v2/`, `/v2/_catalog` and anything else. */
export function parseRepositoryPath(pathname: string): RepositoryPath | undefined {
  const match = repositoryPathPattern.exec(pathname);
  if (match === null) {
    return undefined;
  }
  const [, name, kind, rest] = match as unknown as [string, string, RepositoryPath['kind'], string];
  return { name: decodeURIComponent(name), kind, rest };
}

/** Why `name` breaks the naming rule, or undefined when it is fine. */
export function namingProblem(name: string, rule: NamingRule): string | undefined {
  const segments = name.split('/').length;
  if (segments < rule.minSegments) {
    return `repository name ${name} has ${segments} path segment(s); at least ${rule.minSegments} are required`;
  }
  if (rule.maxSegments !== undefined && segments > rule.maxSegments) {
    return `repository name ${name} has ${segments} path segments; at most ${rule.maxSegments} are allowed`;
  }
  return undefined;
}

/** The repository that must exist for `name`: its first `prefixSegments` segments, or the whole name. */
export function owningRepository(name: string, prefixSegments: number | undefined): string {
  return prefixSegments === undefined ? name : name.split('/').slice(0, prefixSegments).join('/');
}

/** Outcome of counting one request against the budget. */
export type BudgetVerdict =
  | { readonly allowed: true; readonly remaining: number }
  | { readonly allowed: false; readonly retryAfterSeconds: number };

/**
 * A fixed-window request budget: `requests` per window of `windowSeconds`; past it every request is refused until the
 * window ends, and Retry-After says how many whole seconds remain (at least 1).
 */
export class RequestBudget {
  private readonly rule: Pick<ThrottleRule, 'requests' | 'windowSeconds'>;
  private windowStart = Number.NEGATIVE_INFINITY;
  private used = 0;
  /** Requests refused so far. */
  refused = 0;

  constructor(rule: Pick<ThrottleRule, 'requests' | 'windowSeconds'>) {
    this.rule = rule;
  }

  /** Counts one request at `nowMs`. */
  take(nowMs: number): BudgetVerdict {
    const windowMs = this.rule.windowSeconds * 1000;
    if (nowMs >= this.windowStart + windowMs) {
      this.windowStart = Math.floor(nowMs / windowMs) * windowMs;
      this.used = 0;
    }
    if (this.used < this.rule.requests) {
      this.used += 1;
      return { allowed: true, remaining: this.rule.requests - this.used };
    }
    this.refused += 1;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((this.windowStart + windowMs - nowMs) / 1000)) };
  }
}
