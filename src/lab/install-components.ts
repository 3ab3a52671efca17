import { existsSync } from 'node:fs';
import { installAptPackages } from './install-apt.js';
import { installGoComponent } from './install-go.js';
import { findLabComponent, labComponents, type LabComponent, type LabComponentName } from './lab-component.js';
import type { LabPaths } from './lab-paths.js';

/** What happened to one component during `lab install`. */
export interface ComponentInstallResult {
  readonly name: LabComponentName;
  readonly version: string;
  /** `present`: already there, nothing done; `installed`: fetched or built now; `failed`: see `reason`. */
  readonly status: 'present' | 'installed' | 'failed';
  /** Where it came from when installed: apt, the user cache, or a Go build. */
  readonly source?: 'apt' | 'user-cache' | 'built';
  readonly reason?: string;
  readonly durationMs: number;
}

/** Names a bare `regatta lab install` installs (what `npm test` needs). */
export function defaultInstallNames(): LabComponentName[] {
  return labComponents.filter((component) => component.defaultInstall).map((component) => component.name);
}

/**
 * Installs `names` (deduplicated, catalogue order): missing Debian packages in one apt transaction, then each Go
 * component from the project folder, the user cache, or a build. Never throws for a component that fails: the
 * caller decides whether that is fatal (CI) or a warning (local).
 */
export async function installLabComponents(
  names: readonly LabComponentName[],
  paths: LabPaths,
  log: (line: string) => void,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<ComponentInstallResult[]> {
  const wanted = labComponents.filter((component) => names.includes(component.name));
  const results: ComponentInstallResult[] = [];
  const apt = wanted.filter((component) => component.recipe.kind === 'apt');
  const missingApt = apt.filter((component) => component.recipe.kind === 'apt' && !existsSync(component.recipe.binary));
  const aptStart = Date.now();
  const aptOutcome = await installAptPackages(missingApt, log);
  const aptMs = Date.now() - aptStart;
  for (const component of apt) {
    results.push(aptResult(component, missingApt.includes(component), aptOutcome.reason, aptMs));
  }
  for (const component of wanted.filter((entry) => entry.recipe.kind !== 'apt')) {
    const start = Date.now();
    const outcome = await installGoComponent(component, paths, log, env);
    const durationMs = Date.now() - start;
    const base = { name: component.name, version: component.version, durationMs };
    if (!outcome.ok) {
      results.push({ ...base, status: 'failed', reason: outcome.reason });
    } else if (outcome.source === 'project') {
      results.push({ ...base, status: 'present' });
    } else {
      results.push({ ...base, status: 'installed', source: outcome.source });
    }
    if (outcome.ok && outcome.source !== 'project') {
      log(`${component.name} ${component.version}: ${outcome.source === 'built' ? 'built' : 'copied from the user cache'} in ${(durationMs / 1000).toFixed(1)} s`);
    }
  }
  return results;
}

function aptResult(
  component: LabComponent,
  wasMissing: boolean,
  failure: string | undefined,
  durationMs: number,
): ComponentInstallResult {
  const base = { name: component.name, version: component.version };
  if (!wasMissing) {
    return { ...base, status: 'present', durationMs: 0 };
  }
  const recipe = findLabComponent(component.name).recipe;
  const binary = recipe.kind === 'apt' ? recipe.binary : '';
  if (failure === undefined && existsSync(binary)) {
    return { ...base, status: 'installed', source: 'apt', durationMs };
  }
  return { ...base, status: 'failed', reason: failure ?? `apt-get finished but ${binary} is still missing`, durationMs };
}
