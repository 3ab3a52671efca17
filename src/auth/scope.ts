/** One token scope: `repository:<name>:pull,push` (docs/spec/auth/scope.md). */
export interface Scope {
  /** `repository` or `registry`. */
  readonly type: string;
  /** Resource name; may contain `host:port`, so it is never split on `:` naively. */
  readonly name: string;
  readonly actions: readonly string[];
}

/**
 * Parses `type:name:actions`. The type ends at the first `:` and the actions start after the last one, because the
 * name itself may hold a port (`repository:localhost:5000/app:pull`). Returns undefined when malformed.
 */
export function parseScope(text: string): Scope | undefined {
  const first = text.indexOf(':');
  const last = text.lastIndexOf(':');
  if (first <= 0 || last <= first + 1 || last === text.length - 1) {
    return undefined;
  }
  const actions = text
    .slice(last + 1)
    .split(',')
    .filter((action) => action !== '');
  return { type: text.slice(0, first), name: text.slice(first + 1, last), actions };
}

/** Formats a scope with its actions sorted and de-duplicated, so equal grants give equal cache keys. */
export function formatScope(scope: Scope): string {
  const actions = [...new Set(scope.actions)].sort();
  return `${scope.type}:${scope.name}:${actions.join(',')}`;
}

/** Shorthand for a repository scope. */
export function repositoryScope(name: string, actions: readonly string[]): Scope {
  return { type: 'repository', name, actions };
}

/**
 * Merges scopes on the same resource, widening actions (pull + push → pull,push), and sorts the result.
 * A mount asks for pull on the source and push on the target: two resources, kept apart.
 */
export function mergeScopes(scopes: Iterable<Scope>): Scope[] {
  const byResource = new Map<string, { type: string; name: string; actions: Set<string> }>();
  for (const scope of scopes) {
    const key = `${scope.type}\u0000${scope.name}`;
    const entry = byResource.get(key) ?? { type: scope.type, name: scope.name, actions: new Set<string>() };
    for (const action of scope.actions) {
      entry.actions.add(action);
    }
    byResource.set(key, entry);
  }
  return [...byResource.values()]
    .map((entry) => ({ type: entry.type, name: entry.name, actions: [...entry.actions].sort() }))
    .sort((a, b) => formatScope(a).localeCompare(formatScope(b)));
}

/** True when `granted` covers every action of `wanted` on the same resource. */
export function scopeCovers(granted: readonly Scope[], wanted: Scope): boolean {
  return granted.some(
    (scope) =>
      scope.type === wanted.type &&
      scope.name === wanted.name &&
      wanted.actions.every((action) => scope.actions.includes(action) || scope.actions.includes('*')),
  );
}
