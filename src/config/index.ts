export { loadRunConfig, defaultOutDir, type LoadRunConfigInput, type LoadedRunConfig } from './load-run-config.js';
export {
  runConfigSchema,
  targetSchema,
  loadSchema,
  authSchema,
  tlsSchema,
  limitsSchema,
  describeBadTargetUrl,
  targetNameFromUrl,
  type RunConfig,
  type RunConfigInput,
  type TargetConfig,
  type LoadConfig,
} from './schema.js';
export { resolveTargets } from './resolve-targets.js';
export { redactConfig, redacted } from './redact-config.js';
export {
  conformanceFlagTable,
  loadFlagTable,
  configFileFlag,
  type FlagSpec,
  type FlagTable,
  type RunConfigKey,
  type LoadConfigKey,
} from './flag-table.js';
export { declareFlags } from './declare-flags.js';
export { parseTargetFlag, type TargetFlagValue } from './parse-target-flag.js';
export { parseDurationMs, parseSizeBytes } from './units.js';
export { readConfigFile } from './read-config-file.js';
export type { ResolvedTarget, TargetCredentials, TargetTls } from './target.js';
