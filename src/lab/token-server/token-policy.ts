import { mergeScopes, type Scope } from '../../auth/scope.js';

/** What one account may do on every repository of the lab. */
export interface LabAccountRights {
  /** Repository actions granted, e.g. `['pull']` or `['pull', 'push', 'delete']`. */
  readonly repositoryActions: readonly string[];
  /** Whether `registry:catalog:*` is granted. */
  readonly catalog: boolean;
}

/** Who may do what: named users with passwords, and what anonymous clients get. */
export interface LabTokenPolicy {
  readonly users: Readonly<Record<string, { readonly password: string; readonly rights: LabAccountRights }>>;
  /** Rights of a client that sends no credentials; undefined refuses anonymous tokens. */
  readonly anonymous?: LabAccountRights;
}

/** One entry of the token's `access` claim (docs/spec/auth/jwt.md). */
export interface AccessEntry {
  readonly type: string;
  readonly name: string;
  readonly actions: string[];
}

/**
 * The access a token grants for the requested scopes: each requested action the account holds, per resource, and
 * nothing else. Like Docker Hub and docker_auth, an action the account lacks is silently left out rather than
 * refused: the registry then answers 401 `insufficient_scope`, which is the behaviour the auth suite examines.
 */
export function grantAccess(rights: LabAccountRights, requested: readonly Scope[]): AccessEntry[] {
  const granted: AccessEntry[] = [];
  for (const scope of mergeScopes(requested)) {
    if (scope.type === 'repository') {
      const actions = scope.actions.filter((action) => rights.repositoryActions.includes(action));
      if (actions.length > 0) {
        granted.push({ type: scope.type, name: scope.name, actions });
      }
    } else if (scope.type === 'registry' && scope.name === 'catalog' && rights.catalog) {
      granted.push({ type: scope.type, name: scope.name, actions: ['*'] });
    }
  }
  return granted;
}

/** The rights of a user, `undefined` when there is no such user (own properties only: `__proto__` is nobody). */
export function rightsOf(policy: LabTokenPolicy, username: string): LabAccountRights | undefined {
  return Object.hasOwn(policy.users, username) ? policy.users[username]?.rights : undefined;
}

/** The rights of an account whose password matches, `undefined` for a wrong user or password. */
export function authenticate(policy: LabTokenPolicy, username: string, password: string): LabAccountRights | undefined {
  const user = Object.hasOwn(policy.users, username) ? policy.users[username] : undefined;
  return user !== undefined && user.password === password ? user.rights : undefined;
}
