import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeRunResult } from '../../../reports/json/serialize-run-result.js';
import { fixtureRun } from '../../../reports/test-support/fixture-run.js';
import type { CliIo } from '../cli-io.js';
import { runCli } from '../run-cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'regatta-report-cli-'));
  await writeFile(join(dir, 'a.json'), serializeRunResult(fixtureRun()));
  await writeFile(join(dir, 'b.json'), serializeRunResult({ ...fixtureRun(), runId: 'second02' }));
  await writeFile(join(dir, 'bad.json'), '{"schemaVersion": 1}');
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

describe('regatta report', () => {
  it('re-renders every format from one results.json', async () => {
    const result = await run(['report', 'a.json', '--out', 'one']);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toContain(`reports written to ${join(dir, 'one')}`);
    expect(await readFile(join(dir, 'one', 'report.html'), 'utf8')).toContain('<title>regatta conformance report: dist vs zot</title>');
  });

  it('merges several files into one comparison, suffixing repeated target names', async () => {
    const result = await run(['report', 'a.json', 'b.json', '--out', 'two']);
    expect(result.code).toBe(0);
    const merged = JSON.parse(await readFile(join(dir, 'two', 'results.json'), 'utf8')) as { kind: string; targets: { name: string }[] };
    expect(merged.kind).toBe('report');
    expect(merged.targets.map((t) => t.name)).toEqual([
      'dist (2026-01-02 fixture01)',
      'zot (2026-01-02 fixture01)',
      'dist (2026-01-02 second02)',
      'zot (2026-01-02 second02)',
    ]);
  });

  it('ends with exit 2 and one line naming a bad file', async () => {
    const result = await run(['report', 'a.json', 'bad.json', '--out', 'three']);
    expect(result.code).toBe(2);
    expect(result.err.trim().split('\n')).toHaveLength(1);
    expect(result.err).toContain(`results file ${join(dir, 'bad.json')} is not a regatta RunResult`);
    const missing = await run(['report', 'nope.json']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain(`cannot read results file ${join(dir, 'nope.json')}: no such file`);
  });

  it('prints the JSON Schema with --schema', async () => {
    const result = await run(['report', '--schema']);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.out) as { title: string }).title).toBe('regatta RunResult');
  });
});
