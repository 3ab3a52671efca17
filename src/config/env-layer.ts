import type { ConfigIssue } from '../errors/index.js';
import { isPlainObject, type ConfigLayer, type SourceClaim } from './config-layer.js';

/** Environment variables, as `process.env` gives them. */
export type Env = Readonly<Record<string, string | undefined>>;

/** Run-level settings from the environment: name → config key. `OCI_*` are the public conformance suite's names. */
const runEnv = {
  REGATTA_OUT: 'out',
  REGATTA_KEEP: 'keep',
  REGATTA_RUN_ID: 'runId',
  REGATTA_CONCURRENCY: 'concurrency',
  REGATTA_SPEC_VERSION: 'specVersion',
  REGATTA_GRADING: 'grading',
} as const;

/** Per-target settings from the environment, applied to the one target: name → path inside the target. */
const targetEnv = {
  OCI_NAMESPACE: ['namespace'],
  OCI_USERNAME: ['auth', 'username'],
  OCI_PASSWORD: ['auth', 'password'],
  REGATTA_TOKEN: ['auth', 'token'],
  REGATTA_LAYOUT: ['layout'],
  REGATTA_REPOSITORIES: ['repositories'],
} as const satisfies Record<string, readonly string[]>;

/** A set, non-empty variable (an empty variable counts as unset, as shells make that easy to do by accident). */
function read(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

/** The environment layer (above the config file, below flags): `OCI_ROOT_URL` and the `REGATTA_*` run settings. */
export function envLayer(env: Env): ConfigLayer {
  const values: Record<string, unknown> = {};
  const claims: SourceClaim[] = [];
  const rootUrl = read(env, 'OCI_ROOT_URL');
  if (rootUrl !== undefined) {
    values['targets'] = [{ url: rootUrl }];
    claims.push({ prefix: ['targets'], label: () => 'OCI_ROOT_URL' });
  }
  for (const [name, key] of Object.entries(runEnv)) {
    const value = read(env, name);
    if (value !== undefined) {
      values[key] = value;
      claims.push({ prefix: [key], label: () => name });
    }
  }
  return { values, claims };
}

/** One value for the single target: where it goes inside the target and how the user set it. */
export interface SingleTargetValue {
  /** How the user set it, for messages: `OCI_USERNAME`, `--username`. */
  readonly label: string;
  /** Path inside the target, e.g. `['auth', 'username']`. */
  readonly path: readonly string[];
  readonly value: unknown;
}

/**
 * Sets `values` on the single target of the merged config, wherever it came from. With several targets they are
 * refused: sending one registry's password to every registry would leak it, so per-target settings belong in the
 * config file.
 */
export function applySingleTargetValues(
  merged: ConfigLayer,
  values: readonly SingleTargetValue[],
): { layer: ConfigLayer; issues: ConfigIssue[] } {
  const targets = merged.values['targets'];
  if (values.length === 0 || !Array.isArray(targets) || targets.length === 0) {
    return { layer: merged, issues: [] };
  }
  if (targets.length > 1) {
    return {
      layer: merged,
      issues: values.map(({ label }) => ({
        path: label,
        message: `applies to a single target, but ${targets.length} are configured; set it per target in the config file`,
      })),
    };
  }
  const target: Record<string, unknown> = isPlainObject(targets[0]) ? structuredClone(targets[0]) : {};
  const claims: SourceClaim[] = [...merged.claims];
  for (const { label, path, value } of values) {
    let node = target;
    for (const key of path.slice(0, -1)) {
      const child = node[key];
      node[key] = isPlainObject(child) ? { ...child } : {};
      node = node[key] as Record<string, unknown>;
    }
    node[path[path.length - 1] ?? ''] = value;
    claims.push({ prefix: ['targets', 0, ...path], label: () => label });
  }
  return { layer: { values: { ...merged.values, targets: [target] }, claims }, issues: [] };
}

/**
 * Applies `OCI_NAMESPACE`, `OCI_USERNAME`, `OCI_PASSWORD`, `REGATTA_TOKEN`, `REGATTA_LAYOUT` and `REGATTA_REPOSITORIES` to the single target of the merged
 * config (refused with several targets, see {@link applySingleTargetValues}).
 */
export function applyTargetEnv(merged: ConfigLayer, env: Env): { layer: ConfigLayer; issues: ConfigIssue[] } {
  const set = Object.entries(targetEnv).filter(([name]) => read(env, name) !== undefined);
  return applySingleTargetValues(
    merged,
    set.map(([name, path]) => ({ label: name, path, value: read(env, name) })),
  );
}
