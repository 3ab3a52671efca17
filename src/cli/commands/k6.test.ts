/**
 * `regatta k6 export` and `regatta import k6`. No k6 runs here (it is AGPL and never built or run by this project):
 * the summaries imported are JSON files written by hand in k6's documented end-of-test summary format
 * (src/k6/test-support/k6-summary-runner-*.json), with the `regatta` block the exported script's handleSummary adds.
 */
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { bucketValueMs } from '../../k6/latency-buckets.js';
import { testRunSchema } from '../../k6/test-run.js';
import { createLatencyHistogram } from '../../load/metrics/latency-histogram.js';
import { runResultSchema } from '../../model/index.js';
import type { CliIo } from '../cli-io.js';
import { runCli } from '../run-cli.js';

const summaries = fileURLToPath(new URL('../../k6/test-support/', import.meta.url));
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'regatta-k6-cli-'));
  for (const runner of [1, 2]) {
    await copyFile(join(summaries, `k6-summary-runner-${runner}.json`), join(dir, `runner-${runner}.json`));
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the real CLI in-process and captures its output. */
async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {}, cwd: dir, isTty: false, signal: new AbortController().signal };
  const code = await runCli(args, io);
  return { code, out: out.join(''), err: err.join('') };
}

const results = async (out: string): Promise<ReturnType<typeof runResultSchema.parse>> => runResultSchema.parse(JSON.parse(await readFile(join(dir, out, 'results.json'), 'utf8')));

describe('regatta k6 export', () => {
  it('writes the script and a TestRun that matches the k6-operator CRD schema; a misspelt or missing field does not', async () => {
    const result = await run(['k6', 'export', 'pull-blobs', '--target', 'https://registry.example.com', '--vus', '8', '--run-id', 'k6exp1', '--parallelism', '4', '--secret', 'regcred', '--out', 'k6out']);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    const script = await readFile(join(dir, 'k6out', 'pull-blobs.k6.ts'), 'utf8');
    expect(script).toContain("import http from 'k6/http';");
    const testRun = parse(await readFile(join(dir, 'k6out', 'testrun.yaml'), 'utf8')) as Record<string, unknown> & { spec: Record<string, unknown> };
    expect(testRunSchema.safeParse(testRun).success).toBe(true);
    expect(testRun.spec).toMatchObject({ parallelism: 4, script: { configMap: { name: 'regatta-pull-blobs-k6exp1-script', file: 'pull-blobs.k6.ts' } } });
    expect(JSON.stringify(testRun)).toContain('"secretKeyRef":{"name":"regcred","key":"password","optional":true}');
    const { parallelism, ...withoutParallelism } = testRun.spec;
    expect(parallelism).toBe(4);
    expect(testRunSchema.safeParse({ ...testRun, spec: { ...withoutParallelism, paralellism: 4 } }).success).toBe(false);
    expect(testRunSchema.safeParse({ ...testRun, spec: withoutParallelism }).success).toBe(false);
    expect(testRunSchema.safeParse({ ...testRun, apiVersion: 'k6.io/v1' }).success).toBe(false);
  });

  it('leaves --target out of the files when it is not given: the runners read it from the Secret (key target)', async () => {
    const result = await run(['k6', 'export', 'push-blobs', '--vus', '2', '--run-id', 'k6exp2', '--secret', 'regcred', '--out', 'k6anon']);
    expect(result.code).toBe(0);
    expect(result.out).toContain('REGATTA_TARGET=<registry URL>');
    const text = await readFile(join(dir, 'k6anon', 'testrun.yaml'), 'utf8');
    expect(text).not.toContain('registry.invalid');
    const testRun = parse(text) as unknown;
    expect(testRunSchema.safeParse(testRun).success).toBe(true);
    expect(JSON.stringify(testRun)).toContain('{"name":"REGATTA_TARGET","valueFrom":{"secretKeyRef":{"name":"regcred","key":"target","optional":false}}}');
    expect(await readFile(join(dir, 'k6anon', 'push-blobs.k6.ts'), 'utf8')).not.toContain('registry.invalid');
    const bare = await run(['k6', 'export', 'push-blobs', '--vus', '2', '--out', 'k6bare']);
    expect(bare.code).toBe(0);
    expect(bare.err).toContain('add REGATTA_TARGET');
    expect(await readFile(join(dir, 'k6bare', 'testrun.yaml'), 'utf8')).not.toContain('REGATTA_TARGET');
    expect((await run(['k8s', 'export', 'push-blobs', '--vus', '2', '--out', 'k8sbare'])).code).toBe(2);
  });

  it('refuses a scenario too small for the runners (exit 2)', async () => {
    const small = await run(['k6', 'export', 'pull-blobs', '--target', 'https://registry.example.com', '--vus', '2', '--parallelism', '3', '--out', 'no']);
    expect(small.code).toBe(2);
    expect(small.err).toContain('fewer than 3 shares');
  });
});

describe('regatta import k6', () => {
  it("merges two runners' summaries exactly: counts add, percentiles are those of all their latencies together", async () => {
    const result = await run(['import', 'k6', 'runner-1.json', 'runner-2.json', '--out', 'merged']);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    const merged = await results('merged');
    expect(merged.runId).toBe('k6run1');
    expect(merged.shares?.map((share) => [share.index, share.engine])).toEqual([
      [1, 'k6'],
      [2, 'k6'],
    ]);
    const scenario = merged.targets[0]?.scenarios[0];
    expect(scenario?.engine).toBe('k6');
    expect(scenario?.iterations).toBe(10);
    expect(scenario?.throughput.bytes).toBe(10 * 1024);
    expect(scenario?.requests.total).toBe(26);
    expect(scenario?.executor).toMatchObject({ type: 'constant-vus', vus: 4, iterations: 10 });
    // The union of both runners' buckets: 3 × b60, 4 × b70, 2 × b80, 1 × b120 (10 samples).
    const union = createLatencyHistogram();
    for (const [bucket, count] of [
      [60, 3],
      [70, 4],
      [80, 2],
      [120, 1],
    ] as const) {
      union.recordValueWithCount(Math.round(bucketValueMs(bucket) * 1000), count);
    }
    for (const [key, percentile] of [
      ['p50', 50],
      ['p90', 90],
      ['p99', 99],
    ] as const) {
      expect(scenario?.latency[key]).toBe(union.getValueAtPercentile(percentile) / 1000);
    }
    expect(scenario?.latency.p50).toBeCloseTo(bucketValueMs(70), 2);
    expect(scenario?.latency.p99).toBeCloseTo(bucketValueMs(120), 1);
    const pull = scenario?.operations.find((operation) => operation.operation === 'blob-pull');
    expect(pull).toMatchObject({ count: 10, errors: 0, bytes: 10 * 1024 });
    expect(scenario?.thresholds.map((threshold) => [threshold.metric, threshold.passed])).toEqual([
      ['errors.rate', true],
      ['latency.p99', true],
      ['iterations.completed', true],
    ]);
  });

  it("reads a runner's log with the summary line, and one summary alone is the whole run", async () => {
    const summary = JSON.stringify(JSON.parse(await readFile(join(dir, 'runner-2.json'), 'utf8')));
    await writeFile(join(dir, 'runner-2.log'), `time="..." level=info msg="k6 says hello"\nregatta-k6-summary ${summary}\n`);
    const result = await run(['import', 'k6', 'runner-2.log', '--out', 'single']);
    expect(result.code, result.err).toBe(0);
    const single = await results('single');
    expect(single.share).toMatchObject({ index: 1, count: 1, engine: 'k6' });
    expect(single.targets[0]?.scenarios[0]?.iterations).toBe(5);
  });

  it('refuses runners of different runs, and a summary not written by an exported script (exit 2)', async () => {
    const other = JSON.parse(await readFile(join(dir, 'runner-2.json'), 'utf8')) as { regatta: { runId: string } };
    other.regatta.runId = 'another';
    await writeFile(join(dir, 'other.json'), JSON.stringify(other));
    const mixed = await run(['import', 'k6', 'runner-1.json', 'other.json', '--out', 'mixed']);
    expect(mixed.code).toBe(2);
    expect(mixed.err).toContain('shares of different runs');
    const { regatta: _dropped, ...plain } = other as { regatta: unknown } & Record<string, unknown>;
    await writeFile(join(dir, 'plain.json'), JSON.stringify(plain));
    const foreign = await run(['import', 'k6', 'plain.json', '--out', 'foreign']);
    expect(foreign.code).toBe(2);
    expect(foreign.err).toMatch(/k6 summary \S*plain\.json cannot be imported \(regatta: /);
    expect(foreign.err).toContain('it was not written by a script from `regatta k6 export`');
  });
});
