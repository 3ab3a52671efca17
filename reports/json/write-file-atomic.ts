import { rename, rm, writeFile } from 'node:fs/promises';

/**
 * Writes `text` to `path` all at once for a reader: into a temporary file beside it, then renamed over it (a rename
 * within one directory is atomic on POSIX), so a process killed mid-write leaves the previous whole file, never half
 * of a new one.
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, text, 'utf8');
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
