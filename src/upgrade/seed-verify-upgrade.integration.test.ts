import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../lab/start-lab.js';
import { requireLabComponent } from '../lab/test-support/require-lab-component.js';
import { seedRecordSchema } from './seed-record.js';
import { runCliCaptured, type CapturedRun } from '../cli/test-support/run-cli-captured.js';

const work = mkdtempSync(join(tmpdir(), 'regatta-upgrade-it-'));
const labs: Lab[] = [];

afterAll(async () => {
  await Promise.all(labs.map((lab) => lab.stop()));
  rmSync(work, { recursive: true, force: true });
});

const cli = (args: readonly string[]): Promise<CapturedRun> => runCliCaptured(args, work);

/** Starts one lab registry on `dataDir` and returns its URL. */
async function start(name: 'distribution-2' | 'distribution-3' | 'olareg', dataDir: string, referrersApi = true): Promise<{ lab: Lab; url: string }> {
  const lab = await startLab({ registries: [name], dataDir, ...(referrersApi ? {} : { registryOptions: { referrersApi } }) });
  labs.push(lab);
  const url = lab.targets[0]?.url;
  if (url === undefined) {
    throw new Error(`${name} did not start`);
  }
  return { lab, url };
}

describe('upgrade continuity: seed on distribution 2.8, upgrade to v3 on the same storage, verify', () => {
  it('verify passes after the upgrade, and fails naming a tag deleted since the seed', async (context) => {
    requireLabComponent(context, 'distribution-2');
    requireLabComponent(context, 'distribution-3');
    const dataDir = join(work, 'registry');
    const baseline = await start('distribution-2', dataDir);
    const seeded = await cli(['seed', '--target', baseline.url, '--out', 'seed.json', '--run-id', 'upgrade']);
    expect(seeded.err).toBe('');
    expect(seeded.code).toBe(0);
    const record = seedRecordSchema.parse(JSON.parse(readFileSync(join(work, 'seed.json'), 'utf8')));
    expect(record.repository).toBe('regatta-upgrade/seed');
    // No OCI-Subject from distribution: the seed keeps the subject's referrers tag, as clients do.
    const referrersTag = record.referrers[0]?.referrersTag;
    expect(referrersTag).toMatch(/^sha256-[0-9a-f]{64}$/);
    expect(record.items.filter((item) => item.tag !== undefined).map((item) => item.tag)).toEqual(['image', 'index', 'artifact-subject', referrersTag]);
    expect(record.referrers).toHaveLength(1);
    await baseline.lab.stop();

    // The lab keeps a data dir it was given: distribution v3 starts on 2.8's storage.
    const candidate = await start('distribution-3', dataDir);
    const verified = await cli(['verify', 'seed.json', '--target', candidate.url]);
    expect(verified.err).toBe('');
    expect(verified.out).not.toContain('FAILED');
    expect(verified.out).toMatch(/4\/4 tags, 7\/7 manifests, \d+\/\d+ blobs, 1\/1 referrers intact; a new push works/);
    expect(verified.code).toBe(0);

    const deleted = await fetch(`${candidate.url}/v2/${record.repository}/manifests/index`, { method: 'DELETE', signal: AbortSignal.timeout(5000) });
    expect(deleted.status).toBe(202);
    const after = await cli(['verify', 'seed.json', '--target', candidate.url]);
    expect(after.code).toBe(1);
    expect(after.out).toContain('FAILED tag index: GET regatta-upgrade/seed:index got 404');
    expect(after.out).toMatch(/3\/4 tags/);
  }, 120_000);

  it('Enabling the Referrers API: olareg seeded without the API lists the referrer of the referrers tag once the API is on', async (context) => {
    requireLabComponent(context, 'olareg');
    const dataDir = join(work, 'olareg');
    const without = await start('olareg', dataDir, false);
    const seeded = await cli(['seed', '--target', without.url, '--out', 'olareg-seed.json', '--run-id', 'enable']);
    expect(seeded.err).toBe('');
    expect(seeded.code).toBe(0);
    const record = seedRecordSchema.parse(JSON.parse(readFileSync(join(work, 'olareg-seed.json'), 'utf8')));
    const referrer = record.referrers[0];
    expect(referrer?.listedAtSeed).toBe(false);
    expect(referrer?.referrersTag).toMatch(/^sha256-/);
    const before = await fetch(`${without.url}/v2/${record.repository}/referrers/${referrer?.subject ?? ''}`, { signal: AbortSignal.timeout(5000) });
    expect(before.status).toBe(404);
    await without.lab.stop();

    const enabled = await start('olareg', dataDir);
    const listed = await fetch(`${enabled.url}/v2/${record.repository}/referrers/${referrer?.subject ?? ''}`, { signal: AbortSignal.timeout(5000) });
    expect(listed.status).toBe(200);
    const verified = await cli(['verify', 'olareg-seed.json', '--target', enabled.url]);
    expect(verified.err).toBe('');
    // olareg folds the referrers tag into its referrers index and drops the tag: verify says so, and passes.
    expect(verified.out).toContain(`note tag ${referrer?.referrersTag ?? ''}: the referrers tag is gone, and the referrers API now lists every referrer it held`);
    expect(verified.out).toMatch(/4\/4 tags, 7\/7 manifests/);
    expect(verified.out).toMatch(/1\/1 referrers intact/);
    expect(verified.code).toBe(0);
  }, 120_000);

  it('a data dir holds one registry: two registries on one dir are refused', async () => {
    await expect(startLab({ registries: ['distribution-2', 'distribution-3'], dataDir: join(work, 'shared') })).rejects.toThrow(/one registry's storage/);
  });
});
