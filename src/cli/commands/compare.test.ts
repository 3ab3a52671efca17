import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeRunResult } from '../../../reports/json/serialize-run-result.js';
import { createNormalSource, syntheticScenario, syntheticTrial } from '../../compare/test-support/synthetic-trials.js';
import type { RunResult, ScenarioResult } from '../../model/index.js';
import type { CliIo } from '../cli-io.js';
import { runCli } from '../run-cli.js';

let dir: string;

/** A bench run on target `registry` holding one scenario. */
function benchRun(runId: string, scenario: ScenarioResult, labels: Record<string, string> = {}): RunResult {
  return {
    schemaVersion: 1,
    runId,
    kind: 'bench',
    startedAt: '2026-01-02T03:04:05.000Z',
    endedAt: '2026-01-02T03:05:05.000Z',
    durationMs: 60_000,
    status: 'passed',
    interrupted: false,
    environment: { regattaVersion: '0.1.0', node: 'v20', platform: 'linux', arch: 'x64', hostname: 'ci', cpus: 2, memoryBytes: 1 },
    config: {},
    labels,
    targets: [
      {
        name: 'registry',
        url: 'http://127.0.0.1:5000',
        status: 'passed',
        capabilities: [],
        suites: [],
        scenarios: [scenario],
        roundTrip: { samples: 5, connectMs: 0.2, firstByteMs: 0.9, totalMs: 1.1 },
      },
    ],
  };
}

function trials(seed: number, speed: number, count = 5): ScenarioResult['trials'] & object {
  const normal = createNormalSource(seed);
  return Array.from({ length: count }, (_, index) => syntheticTrial(index + 1, speed, 0.05, normal));
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'regatta-compare-cli-'));
  await writeFile(join(dir, 'base.json'), serializeRunResult(benchRun('base', syntheticScenario(trials(1, 1)), { region: 'eu-west-1' })));
  await writeFile(join(dir, 'same.json'), serializeRunResult(benchRun('same', syntheticScenario(trials(2, 1)), { region: 'eu-west-1' })));
  await writeFile(join(dir, 'slow.json'), serializeRunResult(benchRun('slow', syntheticScenario(trials(3, 0.8)))));
  await writeFile(join(dir, 'vus.json'), serializeRunResult(benchRun('vus', syntheticScenario(trials(4, 1), 16))));
  await writeFile(join(dir, 'one.json'), serializeRunResult(benchRun('one', syntheticScenario(trials(5, 1, 1)))));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the real CLI in-process and captures its output. */
async function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env, cwd: dir, isTty: false, signal: new AbortController().signal };
  const code = await runCli(args, io);
  return { code, out: out.join(''), err: err.join('') };
}

describe('regatta compare', () => {
  it('exits 0 on two benches of the same registry, saying no significant change, and writes every output', async () => {
    const result = await run(['compare', 'base.json', 'same.json', '--out', 'aa']);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toContain('no regression');
    expect(result.out).toMatch(/load: \d+ no significant change/);
    const html = await readFile(join(dir, 'aa', 'report.html'), 'utf8');
    expect(html).toContain('region&#x3D;eu-west-1');
    expect(html).toContain('connect 0.2 ms · first byte 0.9 ms');
    expect(html).toContain('no significant change');
    const bigger = JSON.parse(await readFile(join(dir, 'aa', 'benchmark-bigger-is-better.json'), 'utf8')) as { name: string; unit: string }[];
    expect(bigger.map((entry) => entry.name)).toContain('registry/pull-blobs MB/s');
    const smaller = JSON.parse(await readFile(join(dir, 'aa', 'benchmark-smaller-is-better.json'), 'utf8')) as { name: string }[];
    expect(smaller.map((entry) => entry.name)).toContain('registry/pull-blobs/blob-pull p95');
    const bmf = JSON.parse(await readFile(join(dir, 'aa', 'bencher-bmf.json'), 'utf8')) as Record<string, Record<string, { value: number }>>;
    expect(bmf['registry/pull-blobs']?.['latency-p95-ms']?.value).toBeGreaterThan(0);
  });

  it('exits 1 on a candidate 20 % slower, naming the metric, with ::error lines and a step summary under GitHub Actions', async () => {
    const summary = join(dir, 'step-summary.md');
    await writeFile(summary, '# earlier step\n');
    const result = await run(['compare', 'base.json', 'slow.json', '--out', 'ab'], { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary });
    expect(result.code).toBe(1);
    expect(result.out).toContain('REGRESSION registry/pull-blobs: MB/s worse beyond 10%');
    expect(result.out).toMatch(/^::error title=regatta%3A registry\/pull-blobs MB\/s regressed::x0\.\d+ \[/m);
    const text = await readFile(summary, 'utf8');
    expect(text.startsWith('# earlier step\n## regatta compare: ❌')).toBe(true);
    const junit = await readFile(join(dir, 'ab', 'junit.xml'), 'utf8');
    expect(junit).toContain('<failure message="MB/s worse beyond the 10 threshold');
  });

  it('a per-metric threshold from --threshold decides too', async () => {
    const thresholds = ['mbps', 'opsPerSec', 'p50', 'p95', 'p99'].map((name) => ['--threshold', `${name}=40%`]).flat();
    const result = await run(['compare', 'base.json', 'slow.json', '--out', 'loose', ...thresholds]);
    expect(result.code).toBe(0);
  });

  it('refuses two benches with different VUs with exit 2 naming vus', async () => {
    const result = await run(['compare', 'base.json', 'vus.json', '--out', 'mismatch']);
    expect(result.code).toBe(2);
    expect(result.err).toContain('the runs are not like for like: vus differ (registry/pull-blobs vus: 8 -> 16)');
    const allowed = await run(['compare', 'base.json', 'vus.json', '--out', 'allowed', '--allow-mismatch']);
    expect(allowed.code).toBe(0);
    expect(await readFile(join(dir, 'allowed', 'summary.md'), 'utf8')).toContain('registry/pull-blobs: vus 8 -&gt; 16');
  });

  it('exits 2 when a side has too few trials to judge its load figures, and still writes the comparison', async () => {
    const result = await run(['compare', 'base.json', 'one.json', '--out', 'few']);
    expect(result.code).toBe(2);
    expect(result.err).toContain('load figures could not be judged');
    expect(await readFile(join(dir, 'few', 'summary.md'), 'utf8')).toContain('needs at least 3 trials per side \\(baseline 5, candidate 1\\)');
  });

  it('exits 2 with one line on a bad --fail-on, a missing file or a bad --threshold', async () => {
    expect((await run(['compare', 'base.json', 'same.json', '--fail-on', 'errored'])).err).toContain('--fail-on must be failed or warned');
    const missing = await run(['compare', 'base.json', 'nope.json']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('nope.json: no such file');
    const threshold = await run(['compare', 'base.json', 'same.json', '--threshold', 'speed=3']);
    expect(threshold.code).toBe(2);
    expect(threshold.err).toContain('--threshold speed=3: expected NAME=VALUE with NAME one of mbps, opsPerSec');
  });
});
