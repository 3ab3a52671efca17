import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ConfigError } from '../errors/index.js';
import { allCheckIds } from '../conformance/check-filter.js';
import { suites } from '../../suites/index.js';
import { loadProfile, shippedProfileNames } from './load-profile.js';

const checkIds = allCheckIds(suites);
const options = { cwd: process.cwd(), setting: '--expect', checkIds };

/** Writes `text` to a fresh temp file, removed when the test ends, and returns its path. */
async function profileFile(text: string, name = 'mine.yaml'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'regatta-profile-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

describe('shipped profiles', () => {
  it('are the lab products and the clouds', async () => {
    expect(await shippedProfileNames()).toEqual(
      ['acr', 'distribution-2', 'distribution-3', 'dockerhub', 'ecr', 'gar', 'ghcr', 'harbor', 'olareg', 'quay', 'zot'],
    );
  });

  it.each(['acr', 'distribution-2', 'distribution-3', 'dockerhub', 'ecr', 'gar', 'ghcr', 'harbor', 'olareg', 'quay', 'zot'])(
    '%s loads, every entry matches a check and has a public source and an expiry within 12 months of 2026-12-02',
    async (name) => {
      const loaded = await loadProfile(name, options);
      expect(loaded.source).toBe('shipped');
      expect(loaded.profile.name).toBe(name);
      expect(loaded.profile.description).not.toBe('');
      expect(loaded.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
      for (const entry of loaded.profile.known) {
        expect(entry.source).toMatch(/^https:\/\//);
        expect(entry.expires > '2026-12-02' && entry.expires <= '2027-12-02').toBe(true);
      }
    },
  );
});

describe('loadProfile', () => {
  it('reads a YAML or JSON file, and hashes content, not formatting', async () => {
    const yaml = await profileFile('name: mine\nknown:\n  - {check: tags/list-sorted, reason: r, source: "https://example.org/1", expires: 2027-01-31}\n');
    const json = await profileFile(
      JSON.stringify({ known: [{ expires: '2027-01-31', source: 'https://example.org/1', reason: 'r', check: 'tags/list-sorted' }], name: 'mine' }),
      'mine.json',
    );
    const a = await loadProfile(yaml, options);
    const b = await loadProfile(json, options);
    expect(a.profile.known[0]?.check).toBe('tags/list-sorted');
    expect(a.source).toBe(yaml);
    expect(a.hash).toBe(b.hash);
  });

  it('loads several profiles joined by commas as one (a cloud mimic before a lab registry)', async () => {
    const merged = await loadProfile('gar,zot', options);
    const [gar, zot] = await Promise.all([loadProfile('gar', options), loadProfile('zot', options)]);
    expect(merged.profile.name).toBe('gar+zot');
    expect(merged.profile.known).toEqual([...gar.profile.known, ...zot.profile.known]);
    expect(merged.source).toBe('shipped,shipped');
    expect(merged.hash).not.toBe(gar.hash);
    const error = await loadProfile('gar,,zot', options).catch((thrown: unknown) => thrown);
    expect((error as ConfigError).message).toBe('--expect: "gar,,zot" has an empty profile name between commas');
    await expect(loadProfile('gar,zto', options)).rejects.toThrow('no shipped expectation profile or file named "zto"');
  });

  it('names the shipped profiles for an unknown name', async () => {
    const error = await loadProfile('zto', options).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe('--expect: no shipped expectation profile or file named "zto"');
    expect((error as ConfigError).hint).toContain('zot');
  });

  it('requires a source and an expiry on every known entry', async () => {
    const path = await profileFile('name: mine\nknown:\n  - check: tags/list-sorted\n    reason: storage order\n');
    const error = (await loadProfile(path, options).catch((thrown: unknown) => thrown)) as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.issues.map((issue) => issue.path).sort()).toEqual(['known[0].expires', 'known[0].source']);
  });

  it('rejects an entry that matches no check (a typo would accept nothing)', async () => {
    const path = await profileFile('name: mine\nknown:\n  - {check: tags/list-sortd, reason: r, source: "https://example.org/1", expires: 2027-01-31}\n');
    const error = (await loadProfile(path, options).catch((thrown: unknown) => thrown)) as ConfigError;
    expect(error.message).toBe('--expect: expectation profile mine lists known deviations that match no check');
    expect(error.issues).toEqual([{ path: 'known[0].check', message: '"tags/list-sortd" matches no check id' }]);
  });

  it('accepts a glob that matches checks', async () => {
    const path = await profileFile('name: mine\nknown:\n  - {check: "blob-upload/chunked-*", reason: r, source: "https://example.org/1", expires: 2027-01-31}\n');
    await expect(loadProfile(path, options)).resolves.toMatchObject({ profile: { name: 'mine' } });
  });

  it('rejects an unknown capability in requires', async () => {
    const path = await profileFile('name: mine\nrequires: [tag-pagination]\n');
    const error = (await loadProfile(path, options).catch((thrown: unknown) => thrown)) as ConfigError;
    expect(error.issues[0]?.path).toBe('requires[0]');
  });
});

describe('profile limits', () => {
  it('refuses a limit nothing uses (maxManifestBytes, tagPageSize, requestsPerSecond) with exit 2 naming it', async () => {
    for (const key of ['maxManifestBytes', 'tagPageSize', 'requestsPerSecond']) {
      const path = await profileFile(`name: mine\nlimits:\n  ${key}: 10\n`);
      const error: unknown = await loadProfile(path, options).catch((caught: unknown) => caught);
      expect(error, key).toBeInstanceOf(ConfigError);
      expect(JSON.stringify((error as ConfigError).issues), key).toContain(key);
    }
  });
});
