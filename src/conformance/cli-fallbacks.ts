/**
 * Stand-ins used by `regatta conformance` until the shared modules land (config loading, real client, reporters).
 * Each has the same shape as the module it replaces, so switching is a one-line import change.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ResolvedTarget } from '../config/target.js';
import { ConfigError, type ConfigIssue } from '../errors/index.js';
import type { RunResult } from '../model/index.js';

/** Flags the conformance command collects (strings only: validation happens in config loading). */
export interface ConformanceFlags {
  readonly target?: readonly string[];
  readonly config?: string;
  readonly suite?: readonly string[];
  readonly check?: readonly string[];
  readonly out?: string;
  readonly keep?: boolean;
}

/** A target name from its URL: `host-port`, lowercase. */
function nameFromUrl(url: URL): string {
  return `${url.hostname}${url.port === '' ? '' : `-${url.port}`}`.replace(/[^a-z0-9-]+/gi, '-').toLowerCase();
}

/** Parses `URL` or `NAME=URL`; records an issue and returns undefined when it is not a bare http(s) base URL. */
function parseTargetFlag(raw: string, path: string, issues: ConfigIssue[]): { name: string; url: URL } | undefined {
  const equals = raw.indexOf('=');
  const hasName = equals > 0 && !raw.slice(0, equals).includes(':');
  const name = hasName ? raw.slice(0, equals) : undefined;
  const text = hasName ? raw.slice(equals + 1) : raw;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    issues.push({ path, message: `"${text}" is not a URL; expected http(s)://host[:port]` });
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    issues.push({ path, message: `scheme ${url.protocol} is not supported; use http:// or https://` });
    return undefined;
  }
  if (url.username !== '' || url.password !== '') {
    issues.push({ path, message: 'credentials in the URL are not allowed; use OCI_USERNAME / OCI_PASSWORD' });
    return undefined;
  }
  return { name: name ?? nameFromUrl(url), url };
}

/**
 * Resolves targets from `--target` flags and the `OCI_*` variables of the public suite. Throws ConfigError listing
 * every problem at once. Config files need the real loader.
 */
export function loadTargetsFallback(
  flags: ConformanceFlags,
  env: Readonly<Record<string, string | undefined>>,
): { targets: ResolvedTarget[]; config: Record<string, unknown> } {
  const issues: ConfigIssue[] = [];
  if (flags.config !== undefined) {
    issues.push({ path: '--config', message: 'config files are not supported by this build yet; use --target' });
  }
  const raws = [...(flags.target ?? [])];
  const rootUrl = env['OCI_ROOT_URL'];
  if (raws.length === 0 && rootUrl !== undefined && rootUrl !== '') {
    raws.push(rootUrl);
  }
  if (raws.length === 0 && flags.config === undefined) {
    issues.push({ path: '--target', message: 'no target: pass --target URL (or NAME=URL), or set OCI_ROOT_URL' });
  }
  const username = env['OCI_USERNAME'];
  const password = env['OCI_PASSWORD'];
  const targets: ResolvedTarget[] = [];
  raws.forEach((raw, index) => {
    const parsed = parseTargetFlag(raw, flags.target === undefined ? 'OCI_ROOT_URL' : `--target[${index}]`, issues);
    if (parsed !== undefined) {
      targets.push({
        name: parsed.name,
        url: parsed.url.origin,
        namespace: env['OCI_NAMESPACE'] ?? '',
        credentials:
          username !== undefined && password !== undefined ? { kind: 'basic', username, password } : { kind: 'anonymous' },
        tls: { insecure: false },
        requestTimeoutMs: 30_000,
      });
    }
  });
  if (issues.length > 0) {
    throw new ConfigError(
      issues.length === 1 && issues[0] !== undefined ? `${issues[0].path}: ${issues[0].message}` : 'invalid configuration',
      issues.length === 1 ? [] : issues,
    );
  }
  return { targets, config: { targets: targets.map(({ name, url, namespace }) => ({ name, url, namespace })) } };
}

/** Writes `results.json` only (the reporters write the rest once they land). */
export async function writeResultsFallback(run: RunResult, outDir: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, 'results.json'), `${JSON.stringify(run, null, 2)}\n`);
}
