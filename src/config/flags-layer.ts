import type { ConfigLayer, SourceClaim } from './config-layer.js';
import type { FlagSpec } from './flag-table.js';
import { conformanceFlagTable, loadFlagTable } from './flag-table.js';
import { parseTargetFlag } from './parse-target-flag.js';

/** The long flag of a spec, for messages: `-s, --suite <prefix>` → `--suite`. */
export function longFlagName(spec: FlagSpec): string {
  return /--[a-z0-9-]+/.exec(spec.flags)?.[0] ?? spec.flags;
}

/** Strings as commander collected them: a string, a string list, or a boolean switch. */
function flagValue(flags: Readonly<Record<string, unknown>>, spec: FlagSpec): unknown {
  const value = flags[spec.attribute];
  if (spec.invert === true) {
    return value === false ? false : undefined;
  }
  return value;
}

/** The highest-precedence layer: command-line flags, declared by the flag tables. */
export function flagsLayer(flags: Readonly<Record<string, unknown>>): ConfigLayer {
  const values: Record<string, unknown> = {};
  const claims: SourceClaim[] = [];

  const rawTargets = flags[conformanceFlagTable.targets.attribute];
  const targetList = typeof rawTargets === 'string' ? [rawTargets] : Array.isArray(rawTargets) ? rawTargets : [];
  if (targetList.length > 0) {
    values['targets'] = targetList.map((raw) => parseTargetFlag(String(raw)));
    claims.push({ prefix: ['targets'], label: (path) => (typeof path[1] === 'number' ? `--target[${path[1]}]` : '--target') });
  }

  for (const [key, spec] of Object.entries(conformanceFlagTable)) {
    if (spec === null || key === 'targets') {
      continue;
    }
    const value = flagValue(flags, spec);
    if (value !== undefined) {
      values[key] = value;
      claims.push({ prefix: [key], label: () => longFlagName(spec) });
    }
  }

  const load: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(loadFlagTable)) {
    const value = flagValue(flags, spec);
    if (value !== undefined) {
      load[key] = value;
      claims.push({ prefix: ['load', key], label: () => longFlagName(spec) });
    }
  }
  if (Object.keys(load).length > 0) {
    values['load'] = load;
  }
  return { values, claims };
}
