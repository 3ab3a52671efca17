import { homedir } from 'node:os';
import { join } from 'node:path';
import { findPackageRoot } from '../package/package-root.js';

/** Where the lab keeps binaries and state. Resolved from the environment so tests can redirect them. */
export interface LabPaths {
  /** Project-local binaries: `<package root>/.regatta/bin` (gitignored). */
  readonly binDir: string;
  /** User-level cache shared by every clone: `${XDG_CACHE_HOME:-$HOME/.cache}/regatta/bin`. */
  readonly cacheBinDir: string;
  /** Records what `lab up --detach` started: `<package root>/.regatta/lab/state.json`. */
  readonly stateFile: string;
}

/** The lab paths for `env` (defaults to the process environment). */
export function resolveLabPaths(env: Readonly<Record<string, string | undefined>> = process.env): LabPaths {
  const root = env['REGATTA_HOME'] ?? join(findPackageRoot(), '.regatta');
  const xdg = env['XDG_CACHE_HOME'];
  const cacheRoot = xdg !== undefined && xdg !== '' ? xdg : join(env['HOME'] ?? homedir(), '.cache');
  return {
    binDir: join(root, 'bin'),
    cacheBinDir: join(cacheRoot, 'regatta', 'bin'),
    stateFile: join(root, 'lab', 'state.json'),
  };
}
