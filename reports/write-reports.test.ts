import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRunResult } from './json/load-run-result.js';
import { fixtureRun } from './test-support/fixture-run.js';
import { writeReports } from './write-reports.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'regatta-write-reports-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeReports', () => {
  it('writes every format into a new directory and returns the paths', async () => {
    const out = join(dir, 'nested', 'out');
    const paths = await writeReports(fixtureRun(), out);
    expect(paths.map((p) => basename(p))).toEqual(['results.json', 'results.schema.json', 'junit.xml', 'report.html', 'summary.md']);
    expect(await loadRunResult(join(out, 'results.json'))).toEqual(fixtureRun());
    expect(await readFile(join(out, 'junit.xml'), 'utf8')).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
    expect(await readFile(join(out, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/);
    expect(await readFile(join(out, 'summary.md'), 'utf8')).toMatch(/^# regatta conformance/);
  });

  it('writes nothing when the run is invalid', async () => {
    const out = join(dir, 'invalid');
    await expect(writeReports({ ...fixtureRun(), durationMs: -1 }, out)).rejects.toThrow(/durationMs/);
    await expect(readFile(join(out, 'report.html'))).rejects.toThrow(/ENOENT/);
  });
});
