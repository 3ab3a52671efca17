import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { findScenario, scenarios } from '../../scenarios/index.js';
import type { Scenario } from '../load/define-scenario.js';
import { bucketCount, bucketFactor, bucketMinMs, latencyBucket, parseBucketMetricName } from './latency-buckets.js';
import { renderK6Script } from './render-k6-script.js';

const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');
const k6Types = join(require.resolve('@types/k6/package.json'), '..', '..');
const work = mkdtempSync(join(tmpdir(), 'regatta-k6-script-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const scenario = (id: string): Scenario => {
  const found = findScenario(id);
  if (found === undefined) {
    throw new Error(`no scenario ${id}`);
  }
  return found;
};
const render = (id: string): string => renderK6Script(scenario(id), { regattaVersion: '0.0.0-test', scenario: scenario(id) });

/** Type-checks files under tsc --strict against @types/k6 only (no DOM, no Node types); returns tsc's output and status. */
function typecheck(files: Record<string, string>): { status: number | null; output: string } {
  const dir = mkdtempSync(join(work, 'check-'));
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(dir, name), text);
  }
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, target: 'es2020', module: 'es2020', moduleResolution: 'node', lib: ['es2020'], types: ['k6'], typeRoots: [k6Types], skipLibCheck: false },
      include: Object.keys(files),
    }),
  );
  const result = spawnSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('renderK6Script', () => {
  // Every shipped scenario: a new one is type-checked as a k6 script too.
  const exportable = scenarios.map((shipped) => shipped.id);

  it('renders scripts that type-check under tsc --strict against @types/k6, and a broken one does not', () => {
    const files = Object.fromEntries(exportable.map((id) => [`${id}.k6.ts`, render(id)]));
    const broken = render('pull-blobs').replace('finishIteration(pullBlob(digest, blobSize));', 'finishIteration(pullBlob(blobSize, digest));');
    expect(broken).not.toBe(render('pull-blobs'));
    const good = typecheck(files);
    expect(good.output).toBe('');
    expect(good.status).toBe(0);
    const bad = typecheck({ 'broken.k6.ts': broken });
    expect(bad.status).not.toBe(0);
    expect(bad.output).toMatch(/broken\.k6\.ts.*error TS2345/);
  }, 120_000);

  it('imports only k6 modules and writes no target or credential into the file', () => {
    for (const id of exportable) {
      const script = render(id);
      const imports = [...script.matchAll(/^import .* from '([^']+)';$/gm)].map((match) => match[1]);
      expect(imports.length).toBeGreaterThan(0);
      for (const module of imports) {
        expect(module).toMatch(/^k6(\/[a-z]+)?$/);
      }
      expect(script).not.toMatch(/require\(|import\(/);
      expect(script).toContain("__ENV.REGATTA_TARGET");
      expect(script).not.toMatch(/https?:\/\/(?!registry\.example\.com)/);
    }
  });

  it('puts the scenario and thresholds in k6 syntax', () => {
    const script = render('pull-blobs');
    expect(script).toContain('"pull-blobs": {\n      "executor": "constant-vus",\n      "vus": 8,\n      "duration": "30s"');
    expect(script).toContain('"iteration_duration": [\n      "p(99)<5000"\n    ]');
    expect(script).toContain('"regatta_errors": [\n      "rate<0.01"\n    ]');
    // regatta's completion rule (one successful iteration per VU by default) holds in k6 too.
    expect(script).toContain('"regatta_completed_iterations": [\n      "count>=8"\n    ]');
  });

  it('says in the script which thresholds k6 cannot express, instead of dropping them silently', () => {
    const base = scenario('pull-blobs');
    const withInterrupted = { ...base, thresholds: { ...base.thresholds, 'iterations.interrupted': '<1', 'throughput.mbps': '>50' }, minIterations: 3 };
    const script = renderK6Script(withInterrupted, { regattaVersion: '0.0.0-test', scenario: withInterrupted });
    expect(script).toContain('// Not a k6 threshold: iterations.interrupted <1: k6 reports no count of iterations cut off at the end of a scenario\n');
    expect(script).toContain('"regatta_bytes": [\n      "rate>50000000"\n    ]');
    expect(script).toContain('"regatta_completed_iterations": [\n      "count>=3"\n    ]');
  });

  it("counts latencies with the importer's buckets: the script's copy of the bucket function agrees with it", () => {
    const script = render('manifest-storm');
    expect(script).toContain(`const bucketMinMs = ${bucketMinMs};\nconst bucketFactor = ${bucketFactor};\nconst bucketCount = ${bucketCount};`);
    const source = /function latencyBucket\(ms: number\): number \{[\s\S]*?\n\}/.exec(script)?.[0] ?? '';
    const javascript = ts.transpile(source, { target: ts.ScriptTarget.ES2020 });
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the script's own text, rendered here, run to compare
    const factory = new Function('bucketMinMs', 'bucketFactor', 'bucketCount', `${javascript}\nreturn latencyBucket;`) as (min: number, factor: number, count: number) => (ms: number) => number;
    const scriptBucket = factory(bucketMinMs, bucketFactor, bucketCount);
    // The Counter names the script creates are the ones the importer parses.
    expect(script).toContain("new Counter('regatta_lat_' + operation.replace(/-/g, '_') + '_' + bucket)");
    expect(parseBucketMetricName('regatta_lat_manifest_head_17')).toEqual({ operation: 'manifest-head', bucket: 17 });
    for (const ms of [0, 0.01, 0.05, 0.051, 0.3, 1, 2.5, 17, 250, 1000, 12_345, 600_000, 9e9]) {
      expect(scriptBucket(ms)).toBe(latencyBucket(ms));
    }
  });
});
