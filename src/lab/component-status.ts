import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findLabComponent, type LabComponentName } from './lab-component.js';
import { resolveLabPaths, type LabPaths } from './lab-paths.js';

/** Whether a lab component can be used now, and where its binary is, or why not. */
export type LabComponentStatus =
  | { readonly available: true; readonly binary: string; readonly version: string }
  | { readonly available: false; readonly reason: string };

/** Project-local binary path of a Go-built component. */
export function projectBinaryPath(paths: LabPaths, name: LabComponentName): string {
  return join(paths.binDir, name);
}

/** Version stamp written next to a project-local binary. */
export function versionStampPath(paths: LabPaths, name: LabComponentName): string {
  return join(paths.binDir, `${name}.version`);
}

/** Reason file the installer leaves when a component cannot be built on this machine. */
export function unavailableReasonPath(paths: LabPaths, name: LabComponentName): string {
  return join(paths.binDir, `${name}.unavailable`);
}

/** User-level cached binary: `<cache>/<name>@<version>`. */
export function cachedBinaryPath(paths: LabPaths, name: LabComponentName, version: string): string {
  return join(paths.cacheBinDir, `${name}@${version}`);
}

function readTrimmed(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/**
 * Reports whether `name` is installed at its pinned version. Tests use it to skip (locally) or fail (CI) with the
 * reason; it never installs anything.
 */
export function labComponentStatus(name: LabComponentName, paths: LabPaths = resolveLabPaths()): LabComponentStatus {
  const component = findLabComponent(name);
  const recipe = component.recipe;
  if (recipe.kind === 'apt') {
    return existsSync(recipe.binary)
      ? { available: true, binary: recipe.binary, version: component.version }
      : {
          available: false,
          reason: `${name} is not installed (${recipe.binary} missing): run \`regatta lab install ${name}\``,
        };
  }
  const binary = projectBinaryPath(paths, name);
  if (existsSync(binary) && readTrimmed(versionStampPath(paths, name)) === component.version) {
    return { available: true, binary, version: component.version };
  }
  const cached = cachedBinaryPath(paths, name, component.version);
  if (existsSync(cached)) {
    return { available: true, binary: cached, version: component.version };
  }
  const recorded = readTrimmed(unavailableReasonPath(paths, name));
  if (recorded !== undefined && recorded !== '') {
    return { available: false, reason: `${name} ${component.version} cannot be installed here: ${recorded}` };
  }
  return {
    available: false,
    reason: `${name} ${component.version} is not installed: run \`regatta lab install ${name}\``,
  };
}
