/**
 * The one entry point from raw inputs to a validated run config: defaults < config file < env < flags. Raw layers are
 * merged first and validated once, so every problem is reported together, each named the way the user set it.
 */
import { applyProfile } from './apply-profile.js';
import { resolve } from 'node:path';
import { secretsOfCredentials } from '../auth/auth-credentials.js';
import { rememberSecrets } from '../client/redact-outgoing.js';
import type { ConfigIssue } from '../errors/index.js';
import { mergeLayers, isPlainObject, type ConfigLayer } from './config-layer.js';
import { formatConfigPath } from './config-path.js';
import { applyTargetTlsFlags } from './apply-target-tls-flags.js';
import { checkRepositoryNames } from './check-repository-names.js';
import { applySingleTargetValues, applyTargetEnv, envLayer, type Env } from './env-layer.js';
import { configFileFlag } from './flag-table.js';
import { flagsLayer } from './flags-layer.js';
import { configErrorFrom, toConfigIssues } from './format-issues.js';
import { readConfigFile } from './read-config-file.js';
import { resolveTargets } from './resolve-targets.js';
import { runPasswordCommand } from './run-password-command.js';
import { runConfigSchema, type RunConfig } from './schema.js';
import { targetAccessValues } from './target-access-flags.js';
import { loadProfile } from '../profiles/load-profile.js';
import type { ResolvedTarget } from './target.js';

/** Inputs of {@link loadRunConfig}. */
export interface LoadRunConfigInput {
  /** Parsed commander options: `config` (file path), `target` (string[]), and the flag-table attributes. */
  readonly flags: Readonly<Record<string, unknown>>;
  readonly env: Env;
  /** Directory relative paths (config file, out) resolve against. */
  readonly cwd: string;
  /**
   * Clock for the default `out` directory name.
   * @default new Date()
   */
  readonly now?: Date;
  /** Reads standard input to its end, for `--password-stdin`. */
  readonly readStdin?: () => Promise<string>;
  /**
   * Every check id the suites define: a profile entry that matches none is exit 2. The caller passes them (the CLI
   * reads them from the suites) because config sits below the conformance engine and never imports it. A function is
   * called only when a target has an expectation profile: `regatta bench` passes one, so that it builds every suite's
   * checks and content sets (~0.3 s, ~20 MiB at its peak) only when a profile needs the ids.
   */
  readonly checkIds: readonly string[] | (() => Promise<readonly string[]>);
}

/** The effective config (secrets intact: redact before reporting) and the resolved targets. */
export interface LoadedRunConfig {
  readonly config: RunConfig;
  readonly targets: ResolvedTarget[];
}

/** `results/<ISO timestamp>` with characters every filesystem accepts. */
export function defaultOutDir(now: Date): string {
  return `results/${now.toISOString().replace(/[:.]/g, '-')}`;
}

/** The config file layer: its values, each top-level key claimed under the file spelling (`targets[0].url`). */
async function fileLayer(flags: Readonly<Record<string, unknown>>, env: Env, cwd: string): Promise<ConfigLayer> {
  const flagFile = flags[configFileFlag.attribute];
  const file = typeof flagFile === 'string' && flagFile !== '' ? flagFile : env['REGATTA_CONFIG'];
  if (file === undefined || file === '') {
    return { values: {}, claims: [] };
  }
  const document = await readConfigFile(file, cwd);
  const values = isPlainObject(document) ? document : {};
  return { values, claims: Object.keys(values).map((key) => ({ prefix: [key], label: formatConfigPath })) };
}

/** The secret values of a target's accounts: passwords, tokens and their Basic encodings. */
function secretsOfTarget(target: ResolvedTarget): string[] {
  const accounts = [target.credentials, ...(target.readOnlyCredentials === undefined ? [] : [target.readOnlyCredentials])];
  return accounts.flatMap(secretsOfCredentials);
}

/**
 * Loads the expectation profile of each target (`--expect` for all, else `targets[].expect`), failing with exit 2 on an
 * unknown name, a bad file or an entry that matches no check. The profile's chunk limits fill in the target's own.
 */
async function attachProfiles(
  config: RunConfig,
  targets: ResolvedTarget[],
  cwd: string,
  checkIds: LoadRunConfigInput['checkIds'],
): Promise<ResolvedTarget[]> {
  let ids: Promise<readonly string[]> | undefined;
  const knownIds = (): Promise<readonly string[]> => (ids ??= typeof checkIds === 'function' ? checkIds() : Promise.resolve(checkIds));
  return Promise.all(
    targets.map(async (target, index) => {
      const reference = config.expect ?? config.targets[index]?.expect;
      if (reference === undefined) {
        return target;
      }
      const setting = config.expect === undefined ? `targets[${index}].expect` : 'expect (--expect)';
      return applyProfile(target, await loadProfile(reference, { cwd, setting, checkIds: await knownIds() }));
    }),
  );
}

/** Runs every `auth.passwordCommand`, keyed by target name. */
async function runPasswordCommands(config: RunConfig, cwd: string): Promise<Map<string, string>> {
  const passwords = new Map<string, string>();
  for (const [index, target] of config.targets.entries()) {
    const command = target.auth.passwordCommand;
    if (command !== undefined) {
      passwords.set(target.name, await runPasswordCommand(command, `targets[${index}].auth.passwordCommand`, cwd));
    }
  }
  return passwords;
}

/**
 * Loads, layers and validates the run configuration, runs password commands, and resolves the targets. Throws
 * ConfigError (exit 2) with every issue at once, or one error naming the config file when it cannot be read.
 */
export async function loadRunConfig(input: LoadRunConfigInput): Promise<LoadedRunConfig> {
  const file = await fileLayer(input.flags, input.env, input.cwd);
  const merged = mergeLayers([file, envLayer(input.env), flagsLayer(input.flags)]);
  const { layer: withEnv, issues: envIssues } = applyTargetEnv(merged, input.env);
  // Flags above the environment: --username, --password-stdin and --namespace of the single target.
  const access = applySingleTargetValues(withEnv, await targetAccessValues(input.flags, input.readStdin));
  const layer = applyTargetTlsFlags(access.layer, input.flags, input.cwd);
  const parsed = runConfigSchema.safeParse(layer.values);
  const issues: ConfigIssue[] = [...envIssues, ...access.issues, ...(parsed.success ? [] : toConfigIssues(parsed.error.issues, layer.claims))];
  if (issues.length > 0 || !parsed.success) {
    throw configErrorFrom(issues);
  }
  const config: RunConfig = {
    ...parsed.data,
    out: resolve(input.cwd, parsed.data.out ?? defaultOutDir(input.now ?? new Date())),
  };
  const resolved = resolveTargets(config, await runPasswordCommands(config, input.cwd), input.cwd);
  const targets = await attachProfiles(config, resolved, input.cwd, input.checkIds);
  checkRepositoryNames(config, targets);
  // Known from here on: whatever prints or reports later redacts them, even inside text no pattern recognises.
  rememberSecrets(targets.flatMap(secretsOfTarget));
  return { config, targets };
}
