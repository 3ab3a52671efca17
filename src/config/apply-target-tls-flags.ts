import { resolve } from 'node:path';
import { isPlainObject, type ConfigLayer, type SourceClaim } from './config-layer.js';
import type { ConfigPath } from './config-path.js';
import { targetTlsFlagTable, type TargetTlsKey } from './flag-table.js';
import { longFlagName } from './flags-layer.js';

/** The TLS flags that were given, as `tls` keys; file paths resolved against `cwd`. */
function givenTls(flags: Readonly<Record<string, unknown>>, cwd: string): Partial<Record<TargetTlsKey, unknown>> {
  const given: Partial<Record<TargetTlsKey, unknown>> = {};
  for (const [key, spec] of Object.entries(targetTlsFlagTable) as [TargetTlsKey, (typeof targetTlsFlagTable)[TargetTlsKey]][]) {
    const value = flags[spec.attribute];
    if (value === undefined || value === false) {
      continue;
    }
    given[key] = typeof value === 'string' && key !== 'insecure' ? resolve(cwd, value) : value;
  }
  return given;
}

/**
 * Applies `--ca-file`, `--insecure`, `--cert-file` and `--key-file` to every target of the merged config, above the
 * config file's `tls` of each target. Issues about a target's TLS then name the flag (`--key-file: ...`).
 */
export function applyTargetTlsFlags(merged: ConfigLayer, flags: Readonly<Record<string, unknown>>, cwd: string): ConfigLayer {
  const given = givenTls(flags, cwd);
  const targets = merged.values['targets'];
  if (Object.keys(given).length === 0 || !Array.isArray(targets)) {
    return merged;
  }
  const names = (Object.keys(given) as TargetTlsKey[]).map((key) => longFlagName(targetTlsFlagTable[key]));
  const label = (path: ConfigPath): string => {
    const key = path[3];
    return typeof key === 'string' && key in targetTlsFlagTable
      ? longFlagName(targetTlsFlagTable[key as TargetTlsKey])
      : names.join('/');
  };
  const claims: SourceClaim[] = [...merged.claims];
  const updated = targets.map((target: unknown, index) => {
    const base: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
    const tls = isPlainObject(base['tls']) ? base['tls'] : {};
    base['tls'] = { ...tls, ...given };
    claims.push({ prefix: ['targets', index, 'tls'], label });
    return base;
  });
  return { values: { ...merged.values, targets: updated }, claims };
}
