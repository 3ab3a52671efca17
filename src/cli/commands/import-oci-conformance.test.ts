import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeRunResult } from '../../../reports/json/serialize-run-result.js';
import { fixtureRun } from '../../../reports/test-support/fixture-run.js';
import type { RunResult } from '../../model/index.js';
import type { CliIo } from '../cli-io.js';
import { runCli } from '../run-cli.js';

/** A real run of the official suite against the lab's zot at 127.0.0.1:39005 (see its README). */
const sample = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'official-suite', 'test-support', 'zot-image-only');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'regatta-import-oci-'));
  const run = fixtureRun();
  const atSample = { ...run, targets: run.targets.map((target) => (target.name === 'zot' ? { ...target, url: 'http://127.0.0.1:39005' } : target)) };
  await writeFile(join(dir, 'regatta.json'), serializeRunResult(atSample));
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

describe('regatta import oci-conformance', () => {
  it("writes every report with the official suite's results beside regatta's for the same target", async () => {
    const result = await run(['import', 'oci-conformance', sample, '--results', 'regatta.json', '--out', 'combined']);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toContain(
      'zot: official OCI conformance suite (OCI_VERSION 1.1, 127.0.0.1:39005): failed · 168 tests: 152 passed, 13 failed, 3 skipped · 3.27 s\n',
    );
    const folded = JSON.parse(await readFile(join(dir, 'combined', 'results.json'), 'utf8')) as RunResult;
    expect(folded.targets.map((target) => target.officialSuite?.tests?.failed)).toEqual([undefined, 13]);
    const summary = await readFile(join(dir, 'combined', 'summary.md'), 'utf8');
    expect(summary).toContain('## Official OCI conformance suite');
    expect(summary).toContain('`sha256 blobs/range requests/range 5000-10000`');
    const html = await readFile(join(dir, 'combined', 'report.html'), 'utf8');
    expect(html).toContain('<h2 id="official-h">Official OCI conformance suite</h2>');
    expect(html).toContain('Blob get range');
  });

  it('ends with exit 2 and one line naming the setting on bad input', async () => {
    const cases: [string[], string][] = [
      [['import', 'oci-conformance', sample, '--out', 'x'], '--results is required'],
      [['import', 'oci-conformance', sample, '--results', 'regatta.json'], '--out is required'],
      [['import', 'oci-conformance', 'nowhere', '--results', 'regatta.json', '--out', 'x'], `RESULTS_DIR: ${join(dir, 'nowhere')} has neither results.yaml nor junit.xml`],
      [['import', 'oci-conformance', sample, '--results', 'regatta.json', '--target', 'nope', '--out', 'x'], '--target: no target "nope"'],
      [['import', 'oci-conformance', sample, sample, '--results', 'regatta.json', '--target', 'zot', '--out', 'x'], '--target names the target of one results directory'],
      [['import', 'oci-conformance', sample, '--results', 'missing.json', '--out', 'x'], 'cannot read results file'],
    ];
    for (const [args, message] of cases) {
      const result = await run(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.err.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(result.err).toContain(message);
    }
  });
});
