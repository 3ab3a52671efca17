import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../errors/index.js';

/** Why a read failed, in words (ENOENT and friends are not for users). */
function describeReadError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory, not a file';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Reads a YAML or JSON config file (by extension: `.json` is JSON, anything else YAML, which also accepts JSON).
 * Returns the raw document; validation happens once, after layering. A missing, unreadable or unparsable file is
 * one ConfigError naming the file.
 */
export async function readConfigFile(file: string, cwd: string): Promise<unknown> {
  const path = resolve(cwd, file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read config file ${file}: ${describeReadError(error)}`, [], {
      cause: error,
      hint: 'check the --config path (relative paths start at the working directory)',
    });
  }
  const isJson = extname(path).toLowerCase() === '.json';
  let document: unknown;
  try {
    document = isJson ? JSON.parse(text) : parseYaml(text, { prettyErrors: true });
  } catch (error) {
    const detail = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    throw new ConfigError(`config file ${file} is not valid ${isJson ? 'JSON' : 'YAML'}: ${detail}`, [], { cause: error });
  }
  if (document === null || document === undefined) {
    return {};
  }
  if (typeof document !== 'object' || Array.isArray(document)) {
    throw new ConfigError(`config file ${file} must hold a mapping of settings (targets, suites, …) at the top level`);
  }
  return document;
}
