import { ConfigError } from '../errors/index.js';
import type { RunConfig } from './schema.js';
import type { TargetConfig } from './target-schema.js';
import type { RepositoryLayout, ResolvedTarget, TargetCredentials } from './target.js';

/** Credentials of one target; `password` is the output of its password command when it has one. */
function credentialsOf(target: TargetConfig, index: number, password: string | undefined): TargetCredentials {
  const { auth } = target;
  if (auth.token !== undefined) {
    return { kind: 'bearer', token: auth.token };
  }
  if (auth.username === undefined) {
    return { kind: 'anonymous' };
  }
  const secret = auth.password ?? password;
  if (secret === undefined) {
    throw new ConfigError(`targets[${index}].auth.passwordCommand: the password command has not been run`);
  }
  return { kind: 'basic', username: auth.username, password: secret };
}

/** The layout of a validated target (the schema made sure a fixed layout has two repositories). */
function layoutOf(target: TargetConfig): RepositoryLayout {
  const [first, second] = target.repositories ?? [];
  if (target.layout === 'fixed' && first !== undefined && second !== undefined) {
    return { kind: 'fixed', repositories: [first, second] };
  }
  const { preCreate, postDelete } = target.hooks ?? {};
  const hooks = { ...(preCreate === undefined ? {} : { preCreate }), ...(postDelete === undefined ? {} : { postDelete }) };
  return Object.keys(hooks).length === 0 ? { kind: 'per-check' } : { kind: 'per-check', hooks };
}

/**
 * The targets runners and the client consume, from a validated config. `commandPasswords` holds, by target name, the
 * output of each `auth.passwordCommand` (loadRunConfig runs them).
 */
export function resolveTargets(
  config: RunConfig,
  commandPasswords: ReadonlyMap<string, string> = new Map(),
  cwd = process.cwd(),
): ResolvedTarget[] {
  return config.targets.map((target, index) => ({
    name: target.name,
    url: target.url,
    namespace: target.namespace,
    credentials: credentialsOf(target, index, commandPasswords.get(target.name)),
    ...(target.auth.passwordCommand === undefined ? {} : { passwordCommand: { command: target.auth.passwordCommand, cwd } }),
    ...(target.auth.readOnly === undefined ? {} : { readOnlyCredentials: { kind: 'basic' as const, ...target.auth.readOnly } }),
    tls: {
      insecure: target.tls.insecure,
      ...(target.tls.caFile === undefined ? {} : { caFile: target.tls.caFile }),
      ...(target.tls.certFile === undefined ? {} : { certFile: target.tls.certFile }),
      ...(target.tls.keyFile === undefined ? {} : { keyFile: target.tls.keyFile }),
    },
    requestTimeoutMs: target.limits.requestTimeoutMs,
    ...(target.limits.maxChunkBytes === undefined ? {} : { maxChunkBytes: target.limits.maxChunkBytes }),
    ...(target.limits.minChunkBytes === undefined ? {} : { minChunkBytes: target.limits.minChunkBytes }),
    layout: layoutOf(target),
  }));
}
