import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../errors/index.js';

/** The parts of a Docker CLI `config.json` that hold credentials. Unknown keys are kept out, not rejected. */
const dockerConfigSchema = z.object({
  auths: z
    .record(
      z.string(),
      z.object({
        auth: z.string().optional(),
        username: z.string().optional(),
        password: z.string().optional(),
        identitytoken: z.string().optional(),
        registrytoken: z.string().optional(),
      }),
    )
    .optional(),
  credHelpers: z.record(z.string(), z.string()).optional(),
  credsStore: z.string().optional(),
});

/** Parsed credential sections of a Docker config file. */
export type DockerConfig = z.infer<typeof dockerConfigSchema>;

/** What the Docker config says to use for one registry host. */
export type DockerConfigEntry =
  | { readonly kind: 'basic'; readonly username: string; readonly password: string }
  /** An OAuth2 refresh token (`identitytoken`), exchanged at the token endpoint. */
  | { readonly kind: 'identity-token'; readonly username: string; readonly identityToken: string }
  /** A ready bearer token (`registrytoken`). */
  | { readonly kind: 'registry-token'; readonly token: string }
  /** Ask `docker-credential-<helper> get`. */
  | { readonly kind: 'helper'; readonly helper: string };

/** Path of the Docker config file: `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`. */
export function dockerConfigPath(env: Readonly<Record<string, string | undefined>>): string {
  const dir = env['DOCKER_CONFIG'];
  return dir !== undefined && dir !== '' ? join(dir, 'config.json') : join(env['HOME'] ?? homedir(), '.docker', 'config.json');
}

/**
 * Reads and validates a Docker config file. A missing file is no config (undefined); an unreadable or malformed one
 * is a ConfigError naming the file.
 */
export async function readDockerConfig(path: string): Promise<DockerConfig | undefined> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw new ConfigError(`cannot read Docker config ${path}: ${(error as Error).message}`, [], { cause: error });
  }
  return parseDockerConfig(raw, path);
}

/** Parses the text of a Docker config file; `source` names it in errors. */
export function parseDockerConfig(raw: string, source: string): DockerConfig {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new ConfigError(`Docker config ${source} is not valid JSON`, [], {
      cause: error,
      hint: 'fix the file or point DOCKER_CONFIG at another directory',
    });
  }
  const parsed = dockerConfigSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    throw new ConfigError(`Docker config ${source} has unexpected content`, issues);
  }
  return parsed.data;
}

/**
 * Normalises a registry key the way the Docker CLI does: drops the scheme and any path, so that
 * `https://index.docker.io/v1/`, `index.docker.io` and `http://localhost:5000` match their hosts.
 */
export function normaliseRegistryKey(key: string): string {
  const withoutScheme = key.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const slash = withoutScheme.indexOf('/');
  return (slash === -1 ? withoutScheme : withoutScheme.slice(0, slash)).toLowerCase();
}

function decodeAuth(auth: string, host: string): { username: string; password: string } {
  const decoded = Buffer.from(auth, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) {
    throw new ConfigError(`Docker config entry for ${host} has an "auth" value that is not base64 of "user:password"`);
  }
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * Finds the credentials for `host` (`host[:port]`) following Docker's precedence: a per-registry `credHelpers`
 * entry, then an `auths` entry (inline credentials or identity token), then the global `credsStore`.
 */
export function lookupDockerCredentials(config: DockerConfig, host: string): DockerConfigEntry | undefined {
  const wanted = normaliseRegistryKey(host);
  // Docker Hub is stored under its legacy v1 key.
  const aliases = wanted === 'registry-1.docker.io' || wanted === 'docker.io' ? [wanted, 'index.docker.io'] : [wanted];
  for (const [key, helper] of Object.entries(config.credHelpers ?? {})) {
    if (aliases.includes(normaliseRegistryKey(key))) {
      return { kind: 'helper', helper };
    }
  }
  for (const [key, entry] of Object.entries(config.auths ?? {})) {
    if (!aliases.includes(normaliseRegistryKey(key))) {
      continue;
    }
    if (entry.registrytoken !== undefined && entry.registrytoken !== '') {
      return { kind: 'registry-token', token: entry.registrytoken };
    }
    const inline =
      entry.auth !== undefined && entry.auth !== ''
        ? decodeAuth(entry.auth, key)
        : entry.username !== undefined && entry.password !== undefined
          ? { username: entry.username, password: entry.password }
          : undefined;
    if (entry.identitytoken !== undefined && entry.identitytoken !== '') {
      return { kind: 'identity-token', username: inline?.username ?? '<token>', identityToken: entry.identitytoken };
    }
    if (inline !== undefined) {
      return { kind: 'basic', ...inline };
    }
  }
  if (config.credsStore !== undefined && config.credsStore !== '') {
    return { kind: 'helper', helper: config.credsStore };
  }
  return undefined;
}
