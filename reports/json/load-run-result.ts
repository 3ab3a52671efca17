import { readFile } from 'node:fs/promises';
import { ConfigError } from '../../src/errors/index.js';
import { runResultSchema, type RunResult } from '../../src/model/index.js';

/** Marks the line of a log that holds a whole result (`bench --result-line`, e.g. in a Kubernetes pod's log). */
export const resultLinePrefix = 'regatta-result ';

/** The JSON of a result file: the whole text, or the last result line of a log (`bench --result-line`). */
function resultJson(text: string): string {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    return text;
  }
  const line = text
    .split('\n')
    .reverse()
    .find((candidate) => candidate.startsWith(resultLinePrefix));
  return line === undefined ? text : line.slice(resultLinePrefix.length);
}

/**
 * Reads and validates a `results.json` (or a log with a `regatta-result` line, such as `kubectl logs` of a share). Throws a ConfigError naming the file and the first schema issue with its
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
    data = JSON.parse(resultJson(text));
  } catch (cause) {
    const what = text.trimStart().startsWith('{') ? 'valid JSON' : `JSON, nor a log with a line starting "${resultLinePrefix.trim()}" (bench --result-line)`;
    throw new ConfigError(`results file ${path} is not ${what}: ${(cause as Error).message}`, [], { cause });
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
