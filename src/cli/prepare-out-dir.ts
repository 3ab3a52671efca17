import { randomBytes } from 'node:crypto';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../errors/index.js';

/** Why a file-system call failed, in words. */
function describe(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a directory';
    case 'ENOENT':
      return 'cannot be created there';
    case 'ENOSPC':
      return 'no space left on the device';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/**
 * `mkdir -p` one level at a time. Node's recursive mkdir loops forever at 100 % CPU where the kernel answers ENOENT
 * for a parent that exists (`/proc/x`); creating each missing level ourselves turns that into one clear error.
 */
async function makeDirectories(path: string): Promise<void> {
  const missing: string[] = [];
  let current = path;
  for (let depth = 0; depth < 256; depth += 1) {
    const found = await stat(current).catch(() => undefined);
    if (found !== undefined) {
      if (!found.isDirectory()) {
        throw Object.assign(new Error(`${current} is a file`), { code: 'ENOTDIR' });
      }
      break;
    }
    missing.unshift(current);
    const parent = dirname(current);
    if (parent === current) {
      break;
    }
    current = parent;
  }
  for (const level of missing) {
    await mkdir(level);
  }
}

/**
 * Creates `--out` and proves it writable before any request, so a bad output path is exit 2 at once instead of a lost
 * run at the end: an existing file, an unwritable or read-only place (`/proc/x`) are one UsageError naming `--out`.
 */
export async function prepareOutDir(dir: string): Promise<void> {
  const fail = (why: string): never => {
    throw new UsageError(`--out ${dir}: ${why}`, { hint: 'give --out a directory regatta can create and write to' });
  };
  const existing = await stat(dir).catch(() => undefined);
  if (existing !== undefined && !existing.isDirectory()) {
    fail('is a file, not a directory');
  }
  await makeDirectories(resolve(dir)).catch((error: unknown) => fail(describe(error)));
  const probe = join(dir, `.regatta-write-test-${randomBytes(4).toString('hex')}`);
  await writeFile(probe, '').catch((error: unknown) => fail(`not writable (${describe(error)})`));
  await rm(probe, { force: true });
}
