import { ConfigError } from '../errors/index.js';
import type { OfficialSuiteResult, RunResult, TargetResult } from '../model/index.js';

/** One imported results directory and, when the user named it, the regatta target it belongs to. */
export interface OfficialImport {
  readonly result: OfficialSuiteResult;
  readonly target?: string;
}

/** `host:port` of a target URL, with the scheme's default port spelled out, as the official suite's OCI_REGISTRY is. */
function hostPort(url: string): string {
  const parsed = new URL(url);
  const port = parsed.port === '' ? (parsed.protocol === 'https:' ? '443' : '80') : parsed.port;
  return `${parsed.hostname}:${port}`;
}

/** The official suite's OCI_REGISTRY with the port spelled out (it defaults to https, port 443). */
function registryHostPort(registry: string): string {
  return /:\d+$/.test(registry) ? registry : `${registry}:443`;
}

/** The target an import belongs to: the one named, else the one whose host and port the suite ran against. */
function matchTarget(run: RunResult, entry: OfficialImport): TargetResult {
  const names = run.targets.map((target) => target.name).join(', ');
  if (entry.target !== undefined) {
    const named = run.targets.find((target) => target.name === entry.target);
    if (named === undefined) {
      throw new ConfigError(`--target: no target "${entry.target}" in the results (targets: ${names})`);
    }
    return named;
  }
  const wanted = registryHostPort(entry.result.registry);
  const matches = run.targets.filter((target) => hostPort(target.url) === wanted);
  if (matches.length !== 1) {
    const why = matches.length === 0 ? 'which matches no target' : 'which matches several targets';
    throw new ConfigError(
      `--target: the official suite in ${entry.result.source} ran against ${entry.result.registry}, ${why} in the results (targets: ${names}); name the target with --target`,
    );
  }
  const [only] = matches;
  if (only === undefined) {
    throw new Error('unreachable: one match');
  }
  return only;
}

/**
 * Folds official-suite results into a regatta run, each beside regatta's own verdicts for the same registry
 * (`officialSuite` on the target). regatta's statuses do not change: the two suites are shown side by side, not
 * merged. Throws a ConfigError naming `--target` when an import matches no target, or two imports the same one.
 */
export function foldOfficialResults(run: RunResult, imports: readonly OfficialImport[]): RunResult {
  const byTarget = new Map<string, OfficialSuiteResult>();
  for (const entry of imports) {
    const target = matchTarget(run, entry);
    const earlier = byTarget.get(target.name);
    if (earlier !== undefined) {
      throw new ConfigError(`--target: ${earlier.source} and ${entry.result.source} both belong to target ${target.name}; import one per target`);
    }
    byTarget.set(target.name, entry.result);
  }
  return {
    ...run,
    targets: run.targets.map((target) => {
      const officialSuite = byTarget.get(target.name);
      return officialSuite === undefined ? target : { ...target, officialSuite };
    }),
  };
}
