import type { z } from 'zod';
import { ConfigError, type ConfigIssue } from '../errors/index.js';
import { labelFor, type SourceClaim } from './config-layer.js';
import { formatConfigPath, type ConfigPath } from './config-path.js';

/** Label of a path no layer claimed: the missing-target issue names the flag, the rest use the file spelling. */
function fallbackLabel(path: ConfigPath): string {
  if (path.length === 0) {
    return 'config';
  }
  if (path.length === 1 && path[0] === 'targets') {
    return '--target';
  }
  return formatConfigPath(path);
}

/**
 * Turns zod issues into config issues named the way the user set them (`--target[0]`, `OCI_ROOT_URL`,
 * `targets[1].tls.caFile`). An unknown key becomes one issue per key, at the key itself.
 */
export function toConfigIssues(issues: readonly z.core.$ZodIssue[], claims: readonly SourceClaim[]): ConfigIssue[] {
  const result: ConfigIssue[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const path = [...issue.path, key];
        result.push({ path: labelFor(claims, path, fallbackLabel), message: 'unknown setting' });
      }
      continue;
    }
    result.push({ path: labelFor(claims, issue.path, fallbackLabel), message: issue.message });
  }
  return result;
}

/**
 * The error for a set of issues. One issue reads as one line, `path: message` (the CLI prints only the message then);
 * several are listed under a count, each with its path, so the user fixes everything in one go.
 */
export function configErrorFrom(issues: readonly ConfigIssue[]): ConfigError {
  const [only] = issues;
  if (issues.length === 1 && only !== undefined) {
    return new ConfigError(`${only.path}: ${only.message}`);
  }
  return new ConfigError(`invalid configuration: ${issues.length} problems`, issues);
}
