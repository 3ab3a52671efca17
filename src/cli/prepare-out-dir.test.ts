import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { UsageError } from '../errors/index.js';
import { prepareOutDir } from './prepare-out-dir.js';

/** A fresh temp directory, removed when the test ends. */
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'regatta-out-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe('prepareOutDir', () => {
  it('creates the directory and leaves nothing behind', async () => {
    const dir = join(await tempDir(), 'a', 'b');
    await prepareOutDir(dir);
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses an existing file with one line naming --out', async () => {
    const file = join(await tempDir(), 'results.txt');
    await writeFile(file, 'x');
    await expect(prepareOutDir(file)).rejects.toThrow(`--out ${file}: is a file, not a directory`);
  });

  it('refuses a place that cannot hold a directory (/proc/x) at once', async () => {
    await expect(prepareOutDir('/proc/regatta-x')).rejects.toBeInstanceOf(UsageError);
  });

  it('refuses a path below a file', async () => {
    const file = join(await tempDir(), 'f');
    await writeFile(file, 'x');
    await expect(prepareOutDir(join(file, 'sub'))).rejects.toThrow(/--out .*: a part of the path is a file, not a directory/);
  });
});
