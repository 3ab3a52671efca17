import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { findPackageRoot } from '../package/package-root.js';
import { ConfigError } from '../errors/index.js';
import { formatZodIssues } from './format-profile-issues.js';
import { unmatchedEntries } from './match-known.js';
import { mergeProfiles } from './merge-profiles.js';
import { profileSchema, type Profile } from './profile-schema.js';

/** A profile ready to judge a run with: the validated data, its content hash and where it came from. */
export interface LoadedProfile {
  readonly profile: Profile;
  /** `sha256:<hex>` of the profile's canonical JSON (keys sorted): which exact expectations were applied. */
  readonly hash: string;
  /** `shipped` for a profile that comes with regatta, else the absolute path of the file. */
  readonly source: string;
}

/** Folder of the shipped profiles: `src/profiles/*.yaml` in the package (listed in package.json `files`). */
export function shippedProfileDir(): string {
  return join(findPackageRoot(), 'src', 'profiles');
}

/** JSON with object keys sorted at every level, so the hash does not depend on how the file was written. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** `sha256:<hex>` of a validated profile. */
export function profileHash(profile: Profile): string {
  return `sha256:${createHash('sha256').update(canonicalJson(profile)).digest('hex')}`;
}

/** Parses and validates one profile document; `label` names it in errors (the `--expect` value or the file). */
export function parseProfile(text: string, label: string, json: boolean): Profile {
  let document: unknown;
  try {
    document = json ? JSON.parse(text) : parseYaml(text, { prettyErrors: true });
  } catch (error) {
    const detail = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    throw new ConfigError(`expectation profile ${label} is not valid ${json ? 'JSON' : 'YAML'}: ${detail}`);
  }
  const parsed = profileSchema.safeParse(document ?? {});
  if (!parsed.success) {
    throw new ConfigError(`expectation profile ${label} is invalid`, formatZodIssues(parsed.error.issues));
  }
  return parsed.data;
}

/** Names of the shipped profiles, sorted. */
export async function shippedProfileNames(): Promise<string[]> {
  const files = await readdir(shippedProfileDir());
  return files
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => file.slice(0, -'.yaml'.length))
    .sort();
}

/** Reads a profile file; a missing or unreadable one is one ConfigError naming the setting. */
async function readProfileFile(path: string, label: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read expectation profile ${label}: ${error instanceof Error ? error.message : String(error)}`, [], {
      cause: error,
    });
  }
}

/** Options of {@link loadProfile}. */
export interface LoadProfileOptions {
  /** Directory a relative file path resolves against. */
  readonly cwd: string;
  /** The setting the reference came from, for messages (`--expect`, `targets[0].expect`). */
  readonly setting: string;
  /** Every full check id: a known entry that matches none of them is an error (exit 2). */
  readonly checkIds: readonly string[];
}

/**
 * Loads a profile by shipped name (`zot`) or by file (`./my-registry.yaml`, `.json` for JSON), or several joined by
 * commas (`gar,zot`: a cloud mimic before a lab registry), merged into one (see {@link mergeProfiles}). Throws
 * ConfigError (exit 2) naming the setting for an unknown name, an unreadable or invalid file, and a known entry that
 * matches no check (a typo would otherwise accept nothing and hide the mistake).
 */
export async function loadProfile(reference: string, options: LoadProfileOptions): Promise<LoadedProfile> {
  const parts = reference.split(',').map((part) => part.trim());
  if (parts.length > 1) {
    if (parts.some((part) => part === '')) {
      throw new ConfigError(`${options.setting}: "${reference}" has an empty profile name between commas`);
    }
    const loaded = await Promise.all(parts.map((part) => loadProfile(part, options)));
    const profile = mergeProfiles(loaded.map((entry) => entry.profile));
    return { profile, hash: profileHash(profile), source: loaded.map((entry) => entry.source).join(',') };
  }
  return loadOneProfile(reference, options);
}

/** One profile by shipped name or file. */
async function loadOneProfile(reference: string, options: LoadProfileOptions): Promise<LoadedProfile> {
  const shipped = join(shippedProfileDir(), `${reference}.yaml`);
  const isName = /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(reference);
  let profile: Profile;
  let source: string;
  if (isName && existsSync(shipped)) {
    profile = parseProfile(await readProfileFile(shipped, reference), reference, false);
    source = 'shipped';
  } else {
    const path = resolve(options.cwd, reference);
    if (!existsSync(path)) {
      const names = await shippedProfileNames();
      throw new ConfigError(`${options.setting}: no shipped expectation profile or file named "${reference}"`, [], {
        hint: `use one of ${names.join(', ')} (regatta expect list), or the path of a YAML or JSON profile`,
      });
    }
    profile = parseProfile(await readProfileFile(path, reference), reference, extname(path).toLowerCase() === '.json');
    source = path;
  }
  const unmatched = unmatchedEntries(profile, options.checkIds);
  if (unmatched.length > 0) {
    throw new ConfigError(
      `${options.setting}: expectation profile ${profile.name} lists known deviations that match no check`,
      unmatched.map((entry) => ({ path: `known[${profile.known.indexOf(entry)}].check`, message: `"${entry.check}" matches no check id` })),
      { hint: 'run regatta conformance --list for the check ids; fix or remove the entries' },
    );
  }
  return { profile, hash: profileHash(profile), source };
}
