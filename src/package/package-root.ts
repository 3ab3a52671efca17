import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The directory holding regatta's package.json, found by walking up from this file. Works both from sources
 * (`src/package/`) under vitest and from the build (`dist/src/package/`), so templates and the lab folder resolve alike.
 */
export function findPackageRoot(): string {
  if (cached !== undefined) {
    return cached;
  }
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 8; depth += 1) {
    if (existsSync(join(dir, 'package.json')) && !dir.endsWith('dist')) {
      cached = dir;
      return dir;
    }
    dir = dirname(dir);
  }
  throw new Error('regatta: cannot find its own package.json');
}
