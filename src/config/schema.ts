/**
 * The run configuration schema: the single source of config types (`z.infer`), defaults (`.default()`) and help
 * text (`.describe()`, reused by the CLI flag tables). Objects are strict so a typo is an error, not a silent no-op.
 * Commander and env vars hand us strings; the preprocessors here do all coercion.
 */
import { z } from 'zod';
import { defaultCheckConcurrency } from './check-concurrency.js';
import { isValidRepositoryName } from '../oci/names.js';
import { loadLimits } from '../load/load-limits.js';
import { describeBadDuration, parseDurationMs, parseSizeBytes } from './units.js';

/** Kebab-case identifier: target names, run ids, scenario ids. */
export const kebabCasePattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Numbers from strings ("30000" from a flag or env var); anything else passes through for zod to reject. */
function coerceNumber(value: unknown): unknown {
  return typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
}

/** Booleans from the strings env vars and flags carry: true/false/1/0/yes/no. */
function coerceBoolean(value: unknown): unknown {
  if (typeof value !== 'string') {
    return value;
  }
  const text = value.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(text)) {
    return true;
  }
  if (['false', '0', 'no'].includes(text)) {
    return false;
  }
  return value;
}

/** A positive whole number, accepting numeric strings. */
function positiveInteger(what: string): z.ZodType<number> {
  return z.preprocess(
    coerceNumber,
    z.number({ error: `must be a number (${what})` }).int('must be a whole number').positive('must be greater than 0'),
  );
}

/** A boolean, accepting true/false/1/0/yes/no strings. */
const booleanLike = z.preprocess(coerceBoolean, z.boolean({ error: 'must be true or false' })) as z.ZodType<boolean>;

/**
 * `host:port` as docker, crane and skopeo read it: a registry named without a scheme is spoken to over https. Text
 * that already names a scheme (`http://`, `ftp://`) is left for the URL check to judge.
 */
export function withDefaultScheme(value: unknown): unknown {
  if (typeof value !== 'string' || value === '' || /^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    return value;
  }
  return `https://${value}`;
}

/** Why `text` is not a bare http(s) base URL, or undefined when it is one. */
export function describeBadTargetUrl(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `"${text}" is not a URL; expected http(s)://host[:port]`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `scheme ${url.protocol} is not supported; use http:// or https://`;
  }
  if (url.username !== '' || url.password !== '') {
    return 'credentials in the URL are not allowed; use auth.username / auth.password (or OCI_USERNAME / OCI_PASSWORD)';
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '') {
    return `"${text}" has a path, query or fragment; give the registry root only, e.g. ${url.origin} (put a repository prefix in namespace)`;
  }
  return undefined;
}

/** A target name derived from its URL: `host-port`, lowercase kebab-case (`127-0-0-1-5000`). */
export function targetNameFromUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const raw = `${parsed.hostname}${parsed.port === '' ? '' : `-${parsed.port}`}`;
    const name = raw.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
    return name === '' ? 'target' : name;
  } catch {
    return 'target';
  }
}

/** The pull-only account of a target. */
const readOnlyAccountSchema = z.strictObject({
  username: z.string().min(1).describe('user name of a pull-only account'),
  password: z.string().min(1).describe('its password'),
});

/**
 * One clear issue for a `passwordCommand` on the read-only account (instead of "unknown setting" plus "password
 * missing"): only the main account's password is fetched and refreshed by a command.
 */
function rejectReadOnlyPasswordCommand(value: unknown, ctx: z.core.$RefinementCtx): unknown {
  if (typeof value === 'object' && value !== null && 'passwordCommand' in value) {
    ctx.addIssue({
      code: 'custom',
      path: ['passwordCommand'],
      message:
        'the read-only account takes a literal password only (auth.readOnly.password); passwordCommand is for the main account',
    });
  }
  return value;
}

/** Credentials of one target. */
export const authSchema = z
  .strictObject({
    username: z.string().min(1).optional().describe('user name for the token exchange or HTTP Basic'),
    password: z.string().min(1).optional().describe('password (prefer passwordCommand or the OCI_PASSWORD env var)'),
    token: z.string().min(1).optional().describe('ready-made bearer token sent as Authorization: Bearer'),
    passwordCommand: z
      .string()
      .min(1)
      .optional()
      .describe('shell command whose standard output (trimmed) is the password, e.g. a secret manager CLI'),
    readOnly: z
      .preprocess(rejectReadOnlyPasswordCommand, readOnlyAccountSchema)
      .optional()
      .describe('a pull-only account: the auth suite checks it can pull but not push or delete'),
  })
  .describe('credentials; none means anonymous');

/** TLS settings of one target. */
export const tlsSchema = z
  .strictObject({
    caFile: z.string().min(1).optional().describe('PEM file of extra CA certificates to trust'),
    insecure: booleanLike
      .default(false)
      .describe('skip certificate verification, and allow credentials over plain http:// (flagged in every report)'),
    certFile: z.string().min(1).optional().describe('client certificate (PEM) for mutual TLS'),
    keyFile: z.string().min(1).optional().describe('client private key (PEM) for mutual TLS'),
  })
  .describe('TLS settings for https:// targets');

/** Request limits of one target. */
export const limitsSchema = z
  .strictObject({
    requestTimeoutMs: positiveInteger('milliseconds').default(30_000).describe('timeout of each request in milliseconds'),
    maxChunkBytes: positiveInteger('bytes').optional().describe('largest PATCH chunk the registry accepts (GHCR: 4 MiB)'),
    minChunkBytes: positiveInteger('bytes')
      .optional()
      .describe('smallest PATCH chunk the registry accepts except the last (ECR: 5 MiB)'),
  })
  .describe('request limits');

/** A hook command: one line, split into argv without a shell (`{repository}` is substituted per argument). */
const hookCommand = z
  .string()
  .trim()
  .min(1, 'must be a command, e.g. aws ecr create-repository --repository-name {repository}')
  .refine((text) => !/[\r\n]/.test(text), 'must be one line')
  .refine((text) => text.includes('{repository}'), 'must contain {repository}, where the repository name goes');

/** Create/delete hooks of the per-check layout. */
export const hooksSchema = z
  .strictObject({
    preCreate: hookCommand
      .optional()
      .describe('command run before a check first uses a repository, {repository} replaced by its name (run without a shell)'),
    postDelete: hookCommand
      .optional()
      .describe('command run for each repository the run used, after cleanup, {repository} replaced by its name (run without a shell)'),
  })
  .describe('per-check layout: commands that create and delete the repositories the checks use');

/** Repository names from a comma list (flag, env) or a config list. */
const repositoryList = z.preprocess(
  (value: unknown): unknown =>
    typeof value === 'string' ? value.split(',').map((part) => part.trim()).filter((part) => part !== '') : value,
  z.array(
    z.string().refine(isValidRepositoryName, {
      error: (issue) => `"${String(issue.input)}" is not a repository name (lowercase path components like team/regatta-one)`,
    }),
    { error: 'must be a list of two repository names, e.g. regatta/one,regatta/two' },
  ),
);

/** One registry endpoint as configured. */
export const targetSchema = z
  .strictObject({
    name: z
      .string()
      .regex(kebabCasePattern, 'must be kebab-case: lowercase letters, digits and single dashes')
      .optional()
      .describe('short name used in reports (default: host-port of the url)'),
    url: z
      .preprocess(
        withDefaultScheme,
        z
          .string({
            error: (issue) =>
              issue.input === undefined ? 'is required, e.g. http://127.0.0.1:5000' : 'must be a URL string like http://127.0.0.1:5000',
          })
          .superRefine((text, ctx) => {
            const problem = describeBadTargetUrl(text);
            if (problem !== undefined) {
              ctx.addIssue({ code: 'custom', message: problem });
            }
          })
          .transform((text) => new URL(text).origin),
      )
      .describe('registry root URL: http(s)://host[:port], no path, no credentials; host[:port] alone means https'),
    namespace: z
      .string()
      .refine((text) => text === '' || isValidRepositoryName(text), 'must be a repository path like team/ci (or empty)')
      .default('')
      .describe('repository prefix the run may write under'),
    auth: authSchema.prefault({}),
    tls: tlsSchema.prefault({}),
    limits: limitsSchema.prefault({}),
    expect: z
      .string()
      .min(1)
      .optional()
      .describe('expectation profile of this target: a shipped name (regatta expect list) or a YAML/JSON file'),
    layout: z
      .enum(['per-check', 'fixed'], { error: 'must be per-check or fixed' })
      .default('per-check')
      .describe(
        'where checks push: per-check (a repository of its own for every check, under the run namespace) or fixed (two existing repositories, checks isolated by their own tags and digests)',
      ),
    repositories: repositoryList
      .optional()
      .describe('layout fixed: the two repositories every check pushes to (comma-separated on the command line); the second is the cross-repository mount source'),
    hooks: hooksSchema.optional(),
  })
  .superRefine((target, ctx) => {
    const { auth, tls, limits } = target;
    if (target.layout === 'fixed') {
      const repositories = target.repositories ?? [];
      if (repositories.length !== 2 || repositories[0] === repositories[1]) {
        ctx.addIssue({ code: 'custom', path: ['repositories'], message: 'layout fixed needs two different repositories, e.g. regatta/one,regatta/two' });
      }
      if (target.hooks !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['hooks'], message: 'hooks apply to layout per-check; with layout fixed create the two repositories beforehand' });
      }
    } else if (target.repositories !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['repositories'], message: 'repositories apply to layout fixed only; add layout fixed (--layout fixed)' });
    }
    if (auth.token !== undefined && (auth.username !== undefined || auth.password !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['auth', 'token'], message: 'set either auth.token or auth.username/password, not both' });
    }
    if (auth.password !== undefined && auth.passwordCommand !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['auth', 'passwordCommand'], message: 'set either auth.password or auth.passwordCommand, not both' });
    }
    if (auth.username !== undefined && auth.password === undefined && auth.passwordCommand === undefined) {
      ctx.addIssue({ code: 'custom', path: ['auth', 'username'], message: 'auth.username needs auth.password or auth.passwordCommand' });
    }
    if (auth.username === undefined && (auth.password !== undefined || auth.passwordCommand !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['auth', 'username'], message: 'a password needs auth.username' });
    }
    if ((tls.certFile === undefined) !== (tls.keyFile === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['tls', tls.certFile === undefined ? 'certFile' : 'keyFile'], message: 'tls.certFile and tls.keyFile go together; set both or neither' });
    }
    // tls.insecure is allowed on an http:// target, as crane's --insecure is: there it allows credentials in clear
    // text to a host beyond this machine. A CA or a client certificate means nothing without TLS.
    const tlsFilesSet = tls.caFile !== undefined || tls.certFile !== undefined;
    if (tlsFilesSet && target.url.startsWith('http:')) {
      const key = tls.caFile === undefined ? 'certFile' : 'caFile';
      ctx.addIssue({ code: 'custom', path: ['tls', key], message: `tls.${key} needs an https:// url` });
    }
    if (limits.minChunkBytes !== undefined && limits.maxChunkBytes !== undefined && limits.minChunkBytes > limits.maxChunkBytes) {
      ctx.addIssue({ code: 'custom', path: ['limits', 'minChunkBytes'], message: `limits.minChunkBytes (${limits.minChunkBytes}) is larger than limits.maxChunkBytes (${limits.maxChunkBytes})` });
    }
  })
  .transform((target) => ({ ...target, name: target.name ?? targetNameFromUrl(target.url) }));

/** A duration string (`30s`) kept as written, validated here (unit required, bounded); `durationMs` is derived later. */
const durationText = z
  .preprocess((value) => (typeof value === 'number' ? String(value) : value), z.string())
  .superRefine((text, ctx) => {
    const problem = describeBadDuration(text);
    const durationMs = parseDurationMs(text) ?? 0;
    if (problem !== undefined) {
      ctx.addIssue({ code: 'custom', message: problem });
    } else if (durationMs <= 0) {
      ctx.addIssue({ code: 'custom', message: 'must be greater than 0' });
    } else if (durationMs > loadLimits.maxDurationMs) {
      ctx.addIssue({ code: 'custom', message: `"${text}" is longer than the limit of 24h` });
    }
  });

/** A size string (`16MiB`) kept as written, bounded; `sizeBytes` is derived in the load transform. */
const sizeText = z
  .preprocess((value) => (typeof value === 'number' ? String(value) : value), z.string())
  .superRefine((text, ctx) => {
    const bytes = parseSizeBytes(text);
    if (bytes === undefined || bytes <= 0) {
      ctx.addIssue({ code: 'custom', message: `"${text}" is not a positive size; write e.g. 512 (bytes), 64KiB, 16MiB or 1GB` });
    } else if (bytes > loadLimits.maxSizeBytes) {
      ctx.addIssue({ code: 'custom', message: `"${text}" is larger than the limit of 64GiB per blob` });
    }
  });

/** A positive whole number up to `max` (`what` names the unit in messages). */
function boundedPositiveInteger(what: string, max: number): z.ZodType<number> {
  return z.preprocess(
    coerceNumber,
    z
      .number({ error: `must be a number (${what})` })
      .int('must be a whole number')
      .positive('must be greater than 0')
      .max(max, `must be at most ${max} (${what})`),
  );
}

/** Load test settings (used by `regatta load`; ignored by conformance). */
export const loadSchema = z
  .strictObject({
    scenario: z.string().regex(kebabCasePattern, 'must be a kebab-case scenario id').optional().describe('scenario id to run'),
    duration: durationText
      .optional()
      .describe("how long the scenario runs, with a unit: 30s, 5m, 1h (a bare number is an error); at most 24h (unset: the scenario's own)"),
    vus: boundedPositiveInteger('virtual users', loadLimits.maxVus)
      .optional()
      .describe("concurrent virtual users, the most in flight at once; at most 1000 (unset: the scenario's own)"),
    rate: z
      .preprocess(
        coerceNumber,
        z
          .number({ error: 'must be a number (iterations per second)' })
          .positive('must be greater than 0')
          .max(loadLimits.maxRatePerSecond, `must be at most ${loadLimits.maxRatePerSecond} (iterations per second)`),
      )
      .optional()
      .describe('iterations started per second (constant-arrival-rate), at most 100000; unset means as fast as vus allow'),
    size: sizeText.optional().describe("blob size: 512 (bytes), 64KiB, 16MiB, 1GiB; at most 64GiB (unset: the scenario's own)"),
    verify: booleanLike.default(true).describe('verify every uploaded and downloaded blob by digest'),
    minIterations: boundedPositiveInteger('iterations', Number.MAX_SAFE_INTEGER)
      .optional()
      .describe("fewest iterations that must complete successfully for the scenario to pass (unset: the scenario's own, else one per VU)"),
    threads: boundedPositiveInteger('threads', loadLimits.maxThreads)
      .optional()
      .describe('threads the virtual users are spread over, at most 64 (unset: REGATTA_LOAD_THREADS, else by scenario; 1: one thread)'),
    trials: boundedPositiveInteger('trials', loadLimits.maxTrials)
      .default(1)
      .describe('independent trials of each scenario on each target, targets interleaved; regatta compare needs at least 3 (at most 100)'),
  })
  .transform((load) => ({
    ...load,
    ...(load.duration === undefined ? {} : { durationMs: parseDurationMs(load.duration) ?? 0 }),
    ...(load.size === undefined ? {} : { sizeBytes: parseSizeBytes(load.size) ?? 0 }),
  }))
  .describe('load test settings');

/** Id prefixes from repeated flags, comma lists (`ping,tags`) or a config list; blanks dropped. */
const idList = z.preprocess(
  (value: unknown): unknown => {
    const items: unknown = typeof value === 'string' ? [value] : value;
    return Array.isArray(items)
      ? (items as unknown[]).flatMap((item): unknown[] =>
          typeof item === 'string' ? item.split(',').map((part) => part.trim()).filter((part) => part !== '') : [item],
        )
      : items;
  },
  z.array(z.string().min(1), { error: 'must be a list of id prefixes' }),
);

/** `--label key=value` (repeatable) or a config map; a key is a short identifier, the value any text. */
const runLabels = z.preprocess(
  (value: unknown): unknown => {
    const items: unknown = typeof value === 'string' ? [value] : value;
    if (!Array.isArray(items)) {
      return items;
    }
    const labels: Record<string, unknown> = {};
    for (const item of items as unknown[]) {
      const text = typeof item === 'string' ? item : '';
      const equals = text.indexOf('=');
      // A malformed pair keeps its text as the key, so the key check below names it.
      labels[equals <= 0 ? `${text} (not key=value)` : text.slice(0, equals).trim()] = equals <= 0 ? '' : text.slice(equals + 1);
    }
    return labels;
  },
  z.record(
    z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, 'must be key=value with a key of letters, digits, dot, dash or underscore'),
    z.string().max(200, 'must be at most 200 characters'),
    { error: 'must be key=value pairs' },
  ),
);

/** Said when no layer named a target. */
const noTargetMessage =
  'no target: pass --target URL (or NAME=URL), set OCI_ROOT_URL, or list targets in the config file';

/** The whole run configuration: defaults < config file < env < flags, validated once. */
export const runConfigSchema = z
  .strictObject({
    targets: z
      .array(targetSchema, {
        error: (issue) => (issue.input === undefined ? noTargetMessage : 'must be a list of targets'),
      })
      .min(1, noTargetMessage)
      .describe('registries to check'),
    suites: idList.default([]).describe('run only suites whose id starts with one of these (repeat or comma-separate)'),
    checks: idList.default([]).describe('run only checks whose full id starts with one of these (repeat or comma-separate)'),
    expect: z
      .string()
      .min(1)
      .optional()
      .describe('expectation profile for every target (overrides targets[].expect): a shipped name or a YAML/JSON file'),
    failOn: z
      .enum(['failed', 'warned'], { error: 'must be failed or warned' })
      .default('failed')
      .describe('lowest check status that fails the run (exit 1): failed, or warned to fail on SHOULD misses too'),
    out: z.string().min(1).optional().describe('directory for results.json and reports (default: results/<timestamp>)'),
    keep: booleanLike.default(false).describe('leave everything the run pushed in the registry'),
    runId: z
      .string()
      .regex(kebabCasePattern, 'must be kebab-case: lowercase letters, digits and single dashes')
      .max(32, 'must be at most 32 characters')
      .optional()
      .describe('id of this run, used in the namespace regatta-<runId> (default: generated)'),
    concurrency: positiveInteger('checks at once')
      .default(defaultCheckConcurrency)
      .describe('most checks run at once on a target; 1 runs them one after another (verdicts do not change)'),
    labels: runLabels.default({}).describe('key=value labels recorded with the run and shown in reports and comparisons: region, instance type, registry SKU (repeatable)'),
    load: loadSchema.prefault({}),
  })
  .superRefine((config, ctx) => {
    const firstIndexByName = new Map<string, number>();
    config.targets.forEach((target, index) => {
      const first = firstIndexByName.get(target.name);
      if (first === undefined) {
        firstIndexByName.set(target.name, index);
      } else {
        ctx.addIssue({
          code: 'custom',
          path: ['targets', index, 'name'],
          message: `duplicate target name "${target.name}" (also used by targets[${first}]); names must be unique`,
        });
      }
    });
  });

/** The validated run configuration (defaults applied). */
export type RunConfig = z.output<typeof runConfigSchema>;
/** One validated target. */
export type TargetConfig = z.output<typeof targetSchema>;

