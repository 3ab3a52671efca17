/**
 * CLI flags as tables typed by the config keys (STYLE 27): every key of the config has an entry, either a flag or
 * `null` (a deliberate "no flag"), so adding a config key without deciding its flag is a type error. Descriptions
 * come from the schema's `.describe()`, so help text lives in one place. Commander only collects strings; the
 * schema coerces.
 */
import type { z } from 'zod';
import { loadSchema } from './load-schema.js';
import { runConfigSchema } from './schema.js';
import { authSchema, hooksSchema, targetSchema, tlsSchema } from './target-schema.js';

/** One flag: how commander declares it and which config key it feeds. */
export interface FlagSpec {
  /** Commander flag syntax, e.g. `-s, --suite <prefix>`. */
  readonly flags: string;
  /** Commander's attribute name for the value (camelCase of the long flag), as found in the parsed options. */
  readonly attribute: string;
  readonly description: string;
  /** Collect every occurrence into an array. */
  readonly repeatable?: boolean;
  /**
   * A `--no-…` switch (`--no-verify` → `verify: false`): commander sets the attribute to false when it is given and
   * to true otherwise, and only the given switch may reach the config (true would override the config file).
   */
  readonly invert?: boolean;
}

/** A flag decision for each key of a config object. */
export type FlagTable<Keys extends string> = { readonly [K in Keys]-?: FlagSpec | null };

/** Run config keys (input side, so optional keys count too). */
export type RunConfigKey = keyof z.input<typeof runConfigSchema>;
/** Load settings keys. */
export type LoadConfigKey = keyof z.input<typeof loadSchema>;
/** Per-target TLS keys. */
export type TargetTlsKey = keyof z.input<typeof tlsSchema>;

/** The schema description of a key, so help text is never duplicated. */
function describeKey(shape: Record<string, { description?: string | undefined }>, key: string): string {
  return shape[key]?.description ?? key;
}

const runShape = runConfigSchema.shape;
const loadShape = loadSchema.in.shape;
const tlsShape = tlsSchema.shape;
const authShape = authSchema.shape;
const targetShape = targetSchema.in.shape;
const hooksShape = hooksSchema.shape;

/** Flags of `regatta conformance` (and the shared part of `regatta load`). */
export const conformanceFlagTable = {
  targets: {
    flags: '-t, --target <url|name=url>',
    attribute: 'target',
    repeatable: true,
    description: `${describeKey(runShape, 'targets')} (repeatable; overrides config file targets and OCI_ROOT_URL)`,
  },
  suites: { flags: '-s, --suite <prefix>', attribute: 'suite', repeatable: true, description: describeKey(runShape, 'suites') },
  expect: { flags: '--expect <name|file>', attribute: 'expect', description: describeKey(runShape, 'expect') },
  failOn: { flags: '--fail-on <status>', attribute: 'failOn', description: describeKey(runShape, 'failOn') },
  checks: { flags: '--check <prefix>', attribute: 'check', repeatable: true, description: describeKey(runShape, 'checks') },
  specVersion: { flags: '--spec-version <1.0|1.1|main>', attribute: 'specVersion', description: describeKey(runShape, 'specVersion') },
  grading: { flags: '--grading <spec|strict>', attribute: 'grading', description: describeKey(runShape, 'grading') },
  out: { flags: '-o, --out <dir>', attribute: 'out', description: describeKey(runShape, 'out') },
  keep: { flags: '--keep', attribute: 'keep', description: describeKey(runShape, 'keep') },
  runId: { flags: '--run-id <id>', attribute: 'runId', description: describeKey(runShape, 'runId') },
  concurrency: { flags: '--concurrency <n>', attribute: 'concurrency', description: describeKey(runShape, 'concurrency') },
  labels: { flags: '--label <key=value>', attribute: 'label', repeatable: true, description: describeKey(runShape, 'labels') },
  // Load settings have their own table; conformance ignores them.
  load: null,
} as const satisfies FlagTable<RunConfigKey>;

/** Flags of `regatta load` for the `load` settings. */
export const loadFlagTable = {
  scenario: { flags: '--scenario <id>', attribute: 'scenario', description: describeKey(loadShape, 'scenario') },
  duration: { flags: '-d, --duration <duration>', attribute: 'duration', description: describeKey(loadShape, 'duration') },
  vus: { flags: '--vus <count>', attribute: 'vus', description: describeKey(loadShape, 'vus') },
  rate: { flags: '--rate <per-second>', attribute: 'rate', description: describeKey(loadShape, 'rate') },
  size: { flags: '--size <size>', attribute: 'size', description: describeKey(loadShape, 'size') },
  threads: { flags: '--threads <count>', attribute: 'threads', description: describeKey(loadShape, 'threads') },
  minIterations: { flags: '--min-iterations <count>', attribute: 'minIterations', description: describeKey(loadShape, 'minIterations') },
  trials: { flags: '--trials <count>', attribute: 'trials', description: describeKey(loadShape, 'trials') },
  verifyCopies: { flags: '--verify-copies <size>', attribute: 'verifyCopies', description: describeKey(loadShape, 'verifyCopies') },
  verify: {
    flags: '--no-verify',
    attribute: 'verify',
    invert: true,
    description: `do not ${describeKey(loadShape, 'verify')}`,
  },
} as const satisfies FlagTable<LoadConfigKey>;

/**
 * TLS flags of `regatta conformance`: they set `tls.*` of every target, wherever the targets came from (a CA adds to
 * the trusted roots, so giving it to every target is harmless; per-target TLS belongs in the config file).
 */
export const targetTlsFlagTable = {
  caFile: { flags: '--ca-file <file>', attribute: 'caFile', description: `${describeKey(tlsShape, 'caFile')} (every target)` },
  insecure: { flags: '--insecure', attribute: 'insecure', description: `${describeKey(tlsShape, 'insecure')} (every target)` },
  certFile: { flags: '--cert-file <file>', attribute: 'certFile', description: `${describeKey(tlsShape, 'certFile')} (every target)` },
  keyFile: { flags: '--key-file <file>', attribute: 'keyFile', description: `${describeKey(tlsShape, 'keyFile')} (every target)` },
} as const satisfies FlagTable<TargetTlsKey>;

/**
 * Access flags of the single target, in docker login's spellings: they set `namespace`, `auth.username` and (read from
 * standard input, never from the command line, where `ps` and shell history would show it) `auth.password`; and the
 * repository layout (`layout`, `repositories`, `hooks`). Like OCI_USERNAME they are refused with several targets.
 */
export const targetAccessFlags = {
  username: { flags: '--username <name>', attribute: 'username', description: `${describeKey(authShape, 'username')} (one target)` },
  passwordStdin: {
    flags: '--password-stdin',
    attribute: 'passwordStdin',
    description: 'read the password from standard input, e.g. aws ecr get-login-password | regatta … --password-stdin (one target)',
  },
  namespace: { flags: '--namespace <prefix>', attribute: 'namespace', description: `${describeKey(targetShape, 'namespace')} (one target)` },
  layout: { flags: '--layout <per-check|fixed>', attribute: 'layout', description: `${describeKey(targetShape, 'layout')} (one target)` },
  repositories: {
    flags: '--repositories <a,b>',
    attribute: 'repositories',
    description: `${describeKey(targetShape, 'repositories')} (one target)`,
  },
  preCreate: { flags: '--pre-create <command>', attribute: 'preCreate', description: `${describeKey(hooksShape, 'preCreate')} (one target)` },
  postDelete: { flags: '--post-delete <command>', attribute: 'postDelete', description: `${describeKey(hooksShape, 'postDelete')} (one target)` },
} as const satisfies Record<string, FlagSpec>;

/** `--config FILE`: not a config key (it names where config comes from), so it sits outside the tables. */
export const configFileFlag: FlagSpec = {
  flags: '-c, --config <file>',
  attribute: 'config',
  description: 'YAML or JSON config file (targets and settings); REGATTA_CONFIG works too',
};
