import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../lab/index.js';
import { runCommand, tailLines } from '../lab/run-command.js';
import { requireLabComponent } from '../lab/test-support/require-lab-component.js';
import { exitPolicies, runExitCode } from '../model/index.js';
import { loadRunResult } from '../../reports/json/load-run-result.js';
import { findPackageRoot } from '../package/package-root.js';

const labs: Lab[] = [];
const dirs: string[] = [];

afterAll(async () => {
  await Promise.all(labs.map((lab) => lab.stop()));
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A fresh temporary directory (under the system temp dir: outside the repository). */
async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/** Runs a command and fails the test with its output when it does not exit 0. */
async function mustRun(command: string, args: readonly string[], cwd: string, timeoutMs: number): Promise<string> {
  const result = await runCommand(command, args, { cwd, timeoutMs });
  if (result.code !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${String(result.code)}:\n${tailLines(result.output, 30)}`);
  }
  return result.output;
}

/** Packs the repository into a tarball and installs it, as a user would, into a new project outside the repository. */
async function installPackedPackage(): Promise<string> {
  const root = findPackageRoot();
  // `npm test` builds before the integration tests; packing runs no scripts so that build is what gets packed.
  if (!existsSync(join(root, 'dist', 'src', 'cli', 'main.js'))) {
    throw new Error('dist/ is missing: run `npm run build` first');
  }
  const packDir = await tempDir('regatta-pack-');
  await mustRun('npm', ['pack', '--ignore-scripts', '--pack-destination', packDir], root, 300_000);
  // The directory is new: its only .tgz is the package (npm's own output may carry warnings, so it is not parsed).
  const tarballs = (await readdir(packDir)).filter((name) => name.endsWith('.tgz'));
  expect(tarballs).toHaveLength(1);
  const tarball = join(packDir, tarballs[0] ?? '');
  const project = await tempDir('regatta-installed-');
  expect(relative(root, project).startsWith('..')).toBe(true);
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'regatta-user', version: '1.0.0', private: true }));
  await mustRun('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], project, 600_000);
  return project;
}

/** Checks every report file of a run directory and returns the parsed results.json. */
async function expectEveryReport(out: string): Promise<Awaited<ReturnType<typeof loadRunResult>>> {
  expect((await readdir(out)).sort()).toEqual(['junit.xml', 'report.html', 'results.json', 'results.schema.json', 'summary.md']);
  const run = await loadRunResult(join(out, 'results.json'));
  const schema = JSON.parse(await readFile(join(out, 'results.schema.json'), 'utf8')) as Record<string, unknown>;
  expect(schema['$schema']).toEqual(expect.stringContaining('json-schema.org'));
  const junit = await readFile(join(out, 'junit.xml'), 'utf8');
  expect(junit).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
  expect(junit).toContain('<testsuites');
  const html = await readFile(join(out, 'report.html'), 'utf8');
  expect(html).toMatch(/^<!doctype html>/);
  // The page's own script (reports/html/report.js, the file the package used to leave out) is inlined.
  const script = await readFile(join(findPackageRoot(), 'reports', 'html', 'report.js'), 'utf8');
  expect(html).toContain(script.trim().split('\n').find((line) => line.trim().length > 20)?.trim());
  expect(await readFile(join(out, 'summary.md'), 'utf8')).toMatch(/^# regatta/);
  return run;
}

describe('the packed npm package, installed outside the repository', () => {
  it('runs conformance, import oci-conformance and bench against a lab registry and writes every report', async (context) => {
    requireLabComponent(context, 'distribution-3');
    const project = await installPackedPackage();
    const bin = join(project, 'node_modules', '.bin', 'regatta');
    expect(existsSync(bin)).toBe(true);
    // The CI recipes the README tells users to copy come with the package.
    for (const recipe of ['github-registry-upgrade-gate.yml', 'gitlab-registry-upgrade-gate.yml']) {
      expect(existsSync(join(project, 'node_modules', 'regatta', 'fixtures', 'ci', recipe)), recipe).toBe(true);
    }
    const lab = await startLab({ registries: ['distribution-3'] });
    labs.push(lab);
    const url = lab.targets[0]?.url;
    if (url === undefined) {
      throw new Error('the lab started no registry');
    }

    const conformanceOut = join(project, 'conformance-out');
    const conformance = await runCommand(bin, ['conformance', '--target', url, '--out', conformanceOut], {
      cwd: project,
      timeoutMs: 600_000,
    });
    const conformanceRun = await expectEveryReport(conformanceOut);
    expect(conformanceRun.targets.map((target) => target.suites.length)).not.toContain(0);
    // The process exits with the code its own results.json implies (a harness error would be 3 with no results).
    expect(conformance.code, tailLines(conformance.output, 30)).toBe(runExitCode(conformanceRun, exitPolicies.conformance));
    expect(conformance.code, tailLines(conformance.output, 30)).not.toBe(3);

    // The official suite's results (a committed sample from a real run) fold into that run with the packed command.
    const sample = join(findPackageRoot(), 'src', 'official-suite', 'test-support', 'zot-image-only');
    const importOut = join(project, 'import-out');
    const target = conformanceRun.targets[0]?.name ?? '';
    await mustRun(bin, ['import', 'oci-conformance', sample, '--results', join(conformanceOut, 'results.json'), '--target', target, '--out', importOut], project, 120_000);
    const imported = await expectEveryReport(importOut);
    expect(imported.targets[0]?.officialSuite?.tests?.failed).toBe(13);
    expect(await readFile(join(importOut, 'report.html'), 'utf8')).toContain('<h2 id="official-h">Official OCI conformance suite</h2>');

    const benchOut = join(project, 'bench-out');
    const bench = await runCommand(
      bin,
      ['bench', '--target', url, '--scenario', 'push-blobs', '--duration', '2s', '--vus', '2', '--size', '64KiB', '--out', benchOut],
      { cwd: project, timeoutMs: 300_000 },
    );
    const benchRun = await expectEveryReport(benchOut);
    expect(benchRun.targets[0]?.scenarios?.map((scenario) => scenario.id)).toEqual(['push-blobs']);
    expect(benchRun.targets[0]?.scenarios?.[0]?.iterations).toBeGreaterThan(0);
    expect(bench.code, tailLines(bench.output, 30)).toBe(runExitCode(benchRun, exitPolicies.bench));
    expect(bench.code, tailLines(bench.output, 30)).toBe(0);
  });
});
