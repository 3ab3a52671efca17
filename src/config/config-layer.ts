import { isPathPrefix, type ConfigPath } from './config-path.js';

/** Says which user-facing setting (flag, env var, file key) set a part of the config. */
export interface SourceClaim {
  /** The part of the config this source set. */
  readonly prefix: ConfigPath;
  /** The setting name to show for an issue at `path` (which starts with `prefix`). */
  readonly label: (path: ConfigPath) => string;
}

/** One source of raw (unvalidated) config values, and which settings it set. */
export interface ConfigLayer {
  readonly values: Readonly<Record<string, unknown>>;
  readonly claims: readonly SourceClaim[];
}

/** True for a plain object (not an array, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep merge where objects merge key by key and arrays or scalars from `over` replace those of `under`. */
function mergeValues(under: unknown, over: unknown): unknown {
  if (over === undefined) {
    return under;
  }
  if (isPlainObject(under) && isPlainObject(over)) {
    const merged: Record<string, unknown> = { ...under };
    for (const [key, value] of Object.entries(over)) {
      merged[key] = mergeValues(under[key], value);
    }
    return merged;
  }
  return over;
}

/**
 * Merges raw layers, lowest precedence first. Arrays replace rather than concatenate: `--target` means "these
 * targets", not "these as well". Claims keep their order so the last layer that set a path names it.
 */
export function mergeLayers(layers: readonly ConfigLayer[]): ConfigLayer {
  let values: Record<string, unknown> = {};
  const claims: SourceClaim[] = [];
  for (const layer of layers) {
    values = mergeValues(values, layer.values) as Record<string, unknown>;
    claims.push(...layer.claims);
  }
  return { values, claims };
}

/** The user-facing name of the setting at `path`: the latest claim covering it, else the dotted path. */
export function labelFor(claims: readonly SourceClaim[], path: ConfigPath, fallback: (path: ConfigPath) => string): string {
  for (let index = claims.length - 1; index >= 0; index -= 1) {
    const claim = claims[index];
    if (claim !== undefined && isPathPrefix(claim.prefix, path)) {
      return claim.label(path);
    }
  }
  return fallback(path);
}
