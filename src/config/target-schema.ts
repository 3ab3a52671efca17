/** The schema of one configured target: its URL, credentials, TLS, limits, layout and hooks. */
import { z } from 'zod';
import { isValidRepositoryName } from '../oci/names.js';
import { booleanLike, kebabCasePattern, positiveInteger } from './coerce.js';

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
      .describe('expectation profile of this target: a shipped name (regatta expect list) or a YAML/JSON file, or several joined by commas (gar,zot)'),
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

/** One validated target. */
export type TargetConfig = z.output<typeof targetSchema>;
