import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRunResult } from './json/load-run-result.js';
import { fixtureRun } from './test-support/fixture-run.js';
import { reportRenderers, writeReports } from './write-reports.js';

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

  it('writes results.json first and every other report it can when a renderer throws', async () => {
    const out = join(dir, 'partial');
    const broken = reportRenderers.map((renderer) =>
      renderer.file === 'report.html'
        ? {
            file: renderer.file,
            render: (): string => {
              throw new Error('ENOENT: report.js');
            },
          }
        : renderer,
    );
    await expect(writeReports(fixtureRun(), out, broken)).rejects.toThrow('could not write report.html: ENOENT: report.js');
    expect(await loadRunResult(join(out, 'results.json'))).toEqual(fixtureRun());
    expect((await readdir(out)).sort()).toEqual(['junit.xml', 'results.json', 'results.schema.json', 'summary.md']);
  });

  it('writes nothing when the run is invalid', async () => {
    const out = join(dir, 'invalid');
    await expect(writeReports({ ...fixtureRun(), durationMs: -1 }, out)).rejects.toThrow(/durationMs/);
    await expect(readFile(join(out, 'report.html'))).rejects.toThrow(/ENOENT/);
  });
});
