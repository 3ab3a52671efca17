import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../cli/cli-io.js';
import { runCli } from '../../cli/run-cli.js';
import type { CheckResult, RunResult } from '../../model/index.js';
import { parseProfile, shippedProfileDir } from '../../profiles/load-profile.js';
import { startLab } from '../start-lab.js';
import { requireLabComponent } from '../test-support/require-lab-component.js';
import type { MimicCloud } from './mimic-clouds.js';
import type { MimicRequest } from './mimic-front.js';

/** Issue 13's done-when, on loopback: each mimic before a real distribution v3, checked through the CLI. */
const home = mkdtempSync(join(tmpdir(), 'regatta-mimic-conformance-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stderr = '';
  let stdout = '';
  const io: CliIo = {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: { ...process.env, REGATTA_HOME: home },
    cwd: home,
    isTty: false,
    signal: new AbortController().signal,
  };
  return { code: await runCli(argv, io), stdout, stderr };
}

/**
 * The cloud's shipped profile plus the known deviations of distribution-3, the real registry the mimic fronts: what
 * the backend does wrong (a sha512 mount that answers 201 and serves nothing) shows through every mimic.
 */
function profileBehindMimic(cloud: MimicCloud): string {
  const read = (name: string) => parseProfile(readFileSync(join(shippedProfileDir(), `${name}.yaml`), 'utf8'), name, false);
  const front = read(cloud);
  const file = join(home, `${cloud}-on-distribution-3.json`);
  writeFileSync(file, JSON.stringify({ ...front, known: [...front.known, ...read('distribution-3').known] }));
  return file;
}

function checksOf(out: string): CheckResult[] {
  const result = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as RunResult;
  return result.targets.flatMap((target) => target.suites.flatMap((suite) => suite.checks));
}

/** One documented deviation each mimic reproduces: the check that reports it, its plain verdict and what it shows. */
const documentedDeviation: Readonly<Record<'dockerhub' | 'ghcr' | 'ecr', { checkId: string; status: CheckResult['status']; shows: string }>> = {
  // DELETE by digest of a tagged manifest: 403 (Docker's DeleteImageManifest reference).
  dockerhub: { checkId: 'delete/manifest-delete-status', status: 'failed', shows: '403 DENIED' },
  // A chunk PATCH over 4 MiB: 416 (registry-quirks §2 [H3]).
  ghcr: { checkId: 'blob-upload/chunked-large-chunks', status: 'warned', shows: '416' },
  // Parts under 5 MiB (registry-quirks §2 [E3]), known with the profile; without the fixed layout of created
  // repositories the same check fails sooner, on the repository that must exist: 404 NAME_UNKNOWN (§13).
  ecr: { checkId: 'blob-upload/chunked-completes', status: 'failed', shows: 'NAME_UNKNOWN' },
};

describe.each<'dockerhub' | 'ghcr' | 'ecr'>(['dockerhub', 'ghcr', 'ecr'])('the %s mimic', (cloud) => {
  it('passes conformance with its profile and a fixed layout, deviations shown as known, and reports them without either; storage never sees Authorization', async (context) => {
    requireLabComponent(context, 'distribution-3');
    // The cloud's request budget is lifted here: a conformance run at default concurrency on loopback can outrun 200
    // requests a second, and a 429 on a streamed upload errors its check (transient, never failed). Throttling has its
    // own test below, with a budget set on purpose.
    const lab = await startLab({ registries: ['distribution-3'], mimic: { cloud, budget: { requests: 1_000_000, windowSeconds: 1 } } });
    try {
      const target = lab.targets[0];
      const mimic = target?.mimic;
      if (target === undefined || mimic === undefined) {
        throw new Error('the lab started no mimic');
      }
      for (const repository of ['regatta/one', 'regatta/two']) {
        expect((await fetch(`${target.url}/_mimic/repositories/${repository}`, { method: 'POST' })).status).toBe(201);
      }
      const out = join(home, `${cloud}-expect`);
      const expected = await run(['conformance', '--target', `${cloud}=${target.url}`, '--expect', profileBehindMimic(cloud), '--layout', 'fixed', '--repositories', 'regatta/one,regatta/two', '--out', out]);
      expect(expected.stderr).not.toContain('✗');
      // On a miss, the summary's last lines name the checks that failed or errored.
      expect(expected.code, expected.stdout.slice(-2000)).toBe(0);
      const checks = checksOf(out);
      expect(checks.filter((check) => check.status === 'failed' || check.status === 'errored').map((check) => check.id)).toEqual([]);
      // Without the layout and the profile, the same target reports what the profile knew as failures or warnings.
      const deviation = documentedDeviation[cloud];
      expect(checks.find((check) => check.id === deviation.checkId)?.status).toBe('known');
      const plainOut = join(home, `${cloud}-plain`);
      const plain = await run(['conformance', '--target', `${cloud}=${target.url}`, '--out', plainOut]);
      expect(plain.code).not.toBe(0);
      const seen = checksOf(plainOut).find((check) => check.id === deviation.checkId);
      expect([seen?.status, JSON.stringify(seen).includes(deviation.shows)]).toEqual([deviation.status, true]);
      // The blob redirects were checked, not skipped.
      expect(checks.find((check) => check.id === 'pull/blob-redirect-without-credentials')?.status).toBe('passed');
      const log = readFileSync(mimic.requestLog, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as MimicRequest);
      const storage = log.filter((entry) => entry.origin === 'storage');
      expect(storage.length).toBeGreaterThan(0);
      expect(storage.filter((entry) => entry.authorization)).toEqual([]);
    } finally {
      await lab.stop();
    }
  });
});

describe('the gar mimic', () => {
  it('passes conformance before olareg (a registry with the referrers API GAR documents) with --expect gar,olareg and three-level names', async (context) => {
    requireLabComponent(context, 'olareg');
    // GAR requires referrers (it implements OCI 1.1), which distribution v3 lacks: olareg serves them, and its own
    // documented deviations come with its own profile, so each deviation is known where it is documented.
    const lab = await startLab({ registries: ['olareg'], mimic: { cloud: 'gar', budget: { requests: 1_000_000, windowSeconds: 1 } } });
    try {
      const url = lab.targets[0]?.url ?? '';
      // GAR names are project/repository/image, and the repository (project/repository) must exist first.
      expect((await fetch(`${url}/_mimic/repositories/regatta/lab/one`, { method: 'POST' })).status).toBe(201);
      const out = join(home, 'gar-expect');
      const layout = ['--layout', 'fixed', '--repositories', 'regatta/lab/one,regatta/lab/two'];
      // One check at a time: through the front at concurrency 4, olareg v0.1.2 has reset a connection mid-answer in
      // some runs (not yet explained; serial runs were clean), which would error a check.
      const expected = await run(['conformance', '--target', `gar=${url}`, '--expect', 'gar,olareg', '--concurrency', '1', ...layout, '--out', out]);
      expect(expected.code, expected.stdout.slice(-2000)).toBe(0);
      const checks = checksOf(out);
      expect(checks.filter((check) => check.status === 'failed' || check.status === 'errored').map((check) => check.id)).toEqual([]);
      expect(checks.filter((check) => check.id.startsWith('referrers/') && check.status === 'passed').length).toBeGreaterThan(0);
      expect(expected.stdout).not.toContain('requires-referrers');
      // olareg's own deviations are known through its profile, not GAR's: each entry stays where it is documented.
      expect(checks.filter((check) => check.status === 'known').length).toBeGreaterThan(0);
      // Without the layout, per-check names have two components: GAR's naming rule refuses them (400 NAME_INVALID).
      const plainOut = join(home, 'gar-plain');
      const plain = await run(['conformance', '--target', `gar=${url}`, '--concurrency', '1', '--out', plainOut]);
      expect(plain.code).not.toBe(0);
      expect(checksOf(plainOut).some((check) => check.status === 'failed' && JSON.stringify(check).includes('NAME_INVALID'))).toBe(true);
    } finally {
      await lab.stop();
    }
  });
});

describe('a bench through the dockerhub mimic', () => {
  it('reports the throttled requests and the time waited, per operation, and ends within its duration', async (context) => {
    requireLabComponent(context, 'distribution-3');
    const lab = await startLab({ registries: ['distribution-3'], mimic: { cloud: 'dockerhub', budget: { requests: 10, windowSeconds: 1 } } });
    try {
      const url = lab.targets[0]?.url ?? '';
      const out = join(home, 'bench');
      const bench = await run(['bench', '--target', `hub=${url}`, '--namespace', 'regatta', '--scenario', 'pull-blobs', '--duration', '3s', '--vus', '4', '--out', out]);
      expect(bench.code).toBe(0);
      const result = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as RunResult;
      const scenario = result.targets[0]?.scenarios[0];
      const pull = scenario?.operations.find((operation) => operation.operation === 'blob-pull');
      expect(scenario?.throttle?.throttled).toBeGreaterThan(0);
      expect(pull?.throttled).toBeGreaterThan(0);
      expect(pull?.throttleWaitMs).toBeGreaterThan(0);
      expect(pull?.redirect?.count).toBeGreaterThan(0);
      // The measured phase ends on time: at most one Retry-After (1 s windows) past the 3 s.
      expect(scenario?.durationMs).toBeLessThan(4500);
      expect(result.targets[0]?.traffic?.throttled).toBeGreaterThan(0);
      expect(readFileSync(join(out, 'summary.md'), 'utf8')).toContain('blob-pull: ');
    } finally {
      await lab.stop();
    }
  });
});
