import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runResultSchema, type RunResult } from '../../model/index.js';
import { startScriptedRegistry } from '../../load/test-support/scripted-registry.js';
import type { CliIo } from '../cli-io.js';
import { runCli } from '../run-cli.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) {
    await cleanup();
  }
});

/** Runs the CLI in a fresh temp directory, capturing its output. */
async function cli(args: readonly string[]): Promise<{ code: number; out: string; err: string; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'regatta-bench-trials-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (text) => out.push(text), stderr: (text) => err.push(text), env: {}, cwd: dir, isTty: false, signal: new AbortController().signal };
  const code = await runCli(args, io);
  return { code, out: out.join(''), err: err.join(''), dir };
}

async function registryUrl(): Promise<string> {
  const started = await startScriptedRegistry();
  cleanups.push(() => started.close());
  return started.url;
}

async function readRun(dir: string, out = 'out'): Promise<RunResult> {
  return runResultSchema.parse(JSON.parse(await readFile(join(dir, out, 'results.json'), 'utf8')));
}

/** A short pull bench: a fixed number of iterations, so trials take milliseconds. */
const tiny = ['--scenario', 'pull-blobs', '--iterations', '6', '--vus', '2', '--size', '4KiB', '--threads', '1'];

describe('regatta bench --trials, --label and the provenance it writes', () => {
  it('runs N trials per target, interleaved and alternating, and keeps each trial with the fingerprint, round trip and labels', async () => {
    const a = await registryUrl();
    const b = await registryUrl();
    const run = await cli(['bench', '--target', `a=${a}`, '--target', `b=${b}`, ...tiny, '--trials', '3', '--label', 'region=eu-west-1', '--label', 'sku=premium', '--out', 'out']);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    // Targets take turns within a trial, in reversed order every other trial: drift falls on both alike.
    const order = [...run.out.matchAll(/^\[(a|b)\] pull-blobs: /gm)].map((match) => match[1]);
    expect(order).toEqual(['a', 'b', 'b', 'a', 'a', 'b']);
    const result = await readRun(run.dir);
    expect(result.labels).toEqual({ region: 'eu-west-1', sku: 'premium' });
    for (const target of result.targets) {
      const scenario = target.scenarios[0];
      expect(scenario?.trials?.map((trial) => [trial.trial, trial.iterations])).toEqual([
        [1, 6],
        [2, 6],
        [3, 6],
      ]);
      expect(scenario?.iterations).toBe(18);
      expect(scenario?.fingerprint).toMatchObject({ scenario: 'pull-blobs', executor: 'constant-vus', vus: 2, sizesBytes: [4096], threads: 1, engine: 'undici', verify: true, dataSeed: 'unique-per-run', node: process.version });
      expect(scenario?.fingerprint?.flow).toBe('kind=pull-blobs blobs=8 iterations=6');
      expect(target.roundTrip?.error).toBeUndefined();
      expect(target.roundTrip?.samples).toBe(5);
      expect(target.roundTrip?.totalMs).toBeGreaterThan(0);
    }
  });

  it('two benches of one registry compare (exit 0); a different --vus is refused naming vus', async () => {
    const url = await registryUrl();
    const first = await cli(['bench', '--target', `r=${url}`, ...tiny, '--trials', '3', '--out', 'out']);
    const second = await cli(['bench', '--target', `r=${url}`, ...tiny, '--trials', '3', '--out', 'out']);
    const third = await cli(['bench', '--target', `r=${url}`, ...tiny.map((arg, index) => (tiny[index - 1] === '--vus' ? '3' : arg)), '--trials', '3', '--out', 'out']);
    expect([first.code, second.code, third.code]).toEqual([0, 0, 0]);
    // A generous threshold: this asserts that real bench results are comparable, not how steady a loaded CI box is.
    const same = await cli(['compare', join(first.dir, 'out', 'results.json'), join(second.dir, 'out', 'results.json'), '--threshold', 'p50=400', '--threshold', 'p95=400', '--threshold', 'p99=400', '--threshold', 'mbps=90', '--threshold', 'opsPerSec=90', '--out', 'cmp']);
    expect(same.err).toBe('');
    expect(same.out).toContain('no regression');
    expect(same.code).toBe(0);
    const differing = await cli(['compare', join(first.dir, 'out', 'results.json'), join(third.dir, 'out', 'results.json'), '--out', 'cmp']);
    expect(differing.code).toBe(2);
    expect(differing.err).toMatch(/not like for like: vus differ \(r\/pull-blobs vus: 2 -> 3\)/);
  });

  it('bad --trials and --label values are exit 2 naming the setting', async () => {
    const url = await registryUrl();
    const zero = await cli(['bench', '--target', url, ...tiny, '--trials', '0']);
    expect(zero.code).toBe(2);
    expect(zero.err).toContain('trials');
    const many = await cli(['bench', '--target', url, ...tiny, '--trials', '101']);
    expect(many.code).toBe(2);
    expect(many.err).toContain('must be at most 100');
    const label = await cli(['bench', '--target', url, ...tiny, '--label', 'no-equals-sign']);
    expect(label.code).toBe(2);
    expect(label.err).toMatch(/labels.*no-equals-sign \(not key=value\)|must be key=value/);
    const segmented = await cli(['bench', '--target', url, ...tiny, '--trials', '3', '--segment', '1/2', '--run-id', 'r1']);
    expect(segmented.code).toBe(2);
    expect(segmented.err).toContain('--trials does not combine with --segment');
  });
});
