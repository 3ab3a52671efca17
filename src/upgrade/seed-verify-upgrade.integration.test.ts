import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../lab/start-lab.js';
import { requireLabComponent } from '../lab/test-support/require-lab-component.js';
import type { CliIo } from '../cli/cli-io.js';
import { runCli } from '../cli/run-cli.js';
import { seedRecordSchema } from './seed-record.js';

const work = mkdtempSync(join(tmpdir(), 'regatta-upgrade-it-'));
const labs: Lab[] = [];

afterAll(async () => {
  await Promise.all(labs.map((lab) => lab.stop()));
  rmSync(work, { recursive: true, force: true });
});

async function cli(args: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (text) => out.push(text), stderr: (text) => err.push(text), env: {}, cwd: work, isTty: false, signal: new AbortController().signal };
  const code = await runCli(args, io);
  return { code, out: out.join(''), err: err.join('') };
}

/** Starts one lab registry on `dataDir` and returns its URL. */
async function start(name: 'distribution-2' | 'distribution-3', dataDir: string): Promise<{ lab: Lab; url: string }> {
  const lab = await startLab({ registries: [name], dataDir });
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
    expect(record.items.filter((item) => item.tag !== undefined).map((item) => item.tag)).toEqual(['image', 'index', 'artifact-subject']);
    expect(record.referrers).toHaveLength(1);
    await baseline.lab.stop();

    // The lab keeps a data dir it was given: distribution v3 starts on 2.8's storage.
    const candidate = await start('distribution-3', dataDir);
    const verified = await cli(['verify', 'seed.json', '--target', candidate.url]);
    expect(verified.err).toBe('');
    expect(verified.out).not.toContain('FAILED');
    expect(verified.out).toMatch(/3\/3 tags, 6\/6 manifests, \d+\/\d+ blobs, \d+\/\d+ referrers intact; a new push works/);
    expect(verified.code).toBe(0);

    const deleted = await fetch(`${candidate.url}/v2/${record.repository}/manifests/index`, { method: 'DELETE', signal: AbortSignal.timeout(5000) });
    expect(deleted.status).toBe(202);
    const after = await cli(['verify', 'seed.json', '--target', candidate.url]);
    expect(after.code).toBe(1);
    expect(after.out).toContain('FAILED tag index: GET regatta-upgrade/seed:index got 404');
    expect(after.out).toMatch(/2\/3 tags/);
  }, 120_000);

  it('a data dir holds one registry: two registries on one dir are refused', async () => {
    await expect(startLab({ registries: ['distribution-2', 'distribution-3'], dataDir: join(work, 'shared') })).rejects.toThrow(/one registry's storage/);
  });
});
