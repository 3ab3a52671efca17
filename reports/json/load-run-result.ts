import { readFile } from 'node:fs/promises';
import { ConfigError } from '../../src/errors/index.js';
import { runResultSchema, type RunResult } from '../../src/model/index.js';

/**
 * Reads and validates a `results.json`. Throws a ConfigError naming the file and the first schema issue with its
 * path when it cannot be read, is not JSON, or is not a RunResult of this schema version.
 */
export async function loadRunResult(path: string): Promise<RunResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    const reason = (cause as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(cause);
    throw new ConfigError(`cannot read results file ${path}: ${reason}`, [], { cause });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    throw new ConfigError(`results file ${path} is not valid JSON: ${(cause as Error).message}`, [], { cause });
  }
  const parsed = runResultSchema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.') || '(root)',
      message: issue.message,
    }));
    const first = issues[0];
    const summary = first === undefined ? '' : ` (${first.path}: ${first.message}${issues.length > 1 ? `, and ${issues.length - 1} more` : ''})`;
    // One line for the user (exit 2); the full issue list stays on the cause for programmatic use.
    throw new ConfigError(`results file ${path} is not a regatta RunResult${summary}`, [], { cause: parsed.error });
  }
  return parsed.data;
}
