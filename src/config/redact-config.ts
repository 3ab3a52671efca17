import type { RunConfig } from './schema.js';

/** Placeholder for a secret that was set. */
export const redacted = 'REDACTED';

/** Keys whose values are secrets wherever they appear in the config. */
const secretKeys: ReadonlySet<string> = new Set(['password', 'token', 'passwordCommand']);

/** Deep copy with every secret-keyed string replaced, keeping the key so reports show that it was set. */
function redactValue(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(redactValue);
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, child]) => [
        key,
        secretKeys.has(key) && child !== undefined && child !== null ? redacted : redactValue(child),
      ]),
    );
  }
  return value;
}

/**
 * The config as it may appear in a RunResult, report or log: passwords, tokens and password commands become
 * `REDACTED` (a password command can embed a secret inline). Runs before anything reaches a report.
 */
export function redactConfig(config: RunConfig): RunConfig {
  return redactValue(config) as RunConfig;
}
