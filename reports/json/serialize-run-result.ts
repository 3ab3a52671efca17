import { runResultSchema, type RunResult } from '../../src/model/index.js';

/** Deep copy with object keys sorted, so that equal results serialise to identical bytes. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(sortKeys);
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([key, child]) => [key, sortKeys(child)]));
  }
  return value;
}

/**
 * `results.json` text: the run validated against `runResultSchema` (a runner bug surfaces here, not in a reader
 * months later), keys sorted recursively, two-space indent, trailing newline.
 */
export function serializeRunResult(run: RunResult): string {
  const valid = runResultSchema.parse(run);
  return `${JSON.stringify(sortKeys(valid), null, 2)}\n`;
}
