/**
 * The official OCI conformance suite, built by the lab, against a real lab registry, imported beside regatta's own
 * run on the same registry. olareg: the official suite takes about a second there (690 tests) and fails exactly one
 * content set (non-distributable layers, refused with MANIFEST_BLOB_UNKNOWN), which pins that the import reads what
 * the suite found.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startLab, type Lab } from '../lab/index.js';
import { runCommand } from '../lab/run-command.js';
import { requireLabComponent } from '../lab/test-support/require-lab-component.js';
import { runResultSchema } from '../model/index.js';
import { labProductHasReferrers, officialSuiteEnv } from './official-suite-env.js';
import { runCliCaptured, type CapturedRun } from '../cli/test-support/run-cli-captured.js';

const labs: Lab[] = [];
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(labs.map((lab) => lab.stop()));
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Runs the real CLI in-process in `cwd`. */
const cli = (args: string[], cwd: string): Promise<CapturedRun> => runCliCaptured(args, cwd);

it('runs the built official suite against olareg and imports it beside regatta', async (context) => {
  requireLabComponent(context, 'olareg');
  const suite = requireLabComponent(context, 'oci-conformance');
  const lab = await startLab({ registries: ['olareg'] });
  labs.push(lab);
  const target = lab.targets[0];
  if (target === undefined) {
    throw new Error(`olareg did not start: ${lab.skipped.map((skip) => skip.reason).join('; ')}`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'regatta-official-'));
  dirs.push(dir);
  const regatta = await cli(['conformance', '--target', `olareg=${target.url}`, '--suite', 'ping,blob-upload', '--out', 'regatta'], dir);
  expect(regatta.err).toBe('');

  const env = officialSuiteEnv({ registryUrl: target.url, resultsDir: join(dir, 'official'), repositories: ['official/one', 'official/two'], referrers: labProductHasReferrers('olareg') });
  const official = await runCommand(suite, [], { cwd: dir, env: { ...process.env, ...env }, timeoutMs: 25_000 });
  expect(official.timedOut).toBe(false);
  // It exits 1 when it found a failure, as it does here.
  expect(official.code, official.output.slice(-2000)).toBe(1);

  const imported = await cli(['import', 'oci-conformance', 'official', '--results', 'regatta/results.json', '--out', 'combined'], dir);
  expect(imported.err).toBe('');
  expect(imported.code).toBe(0);
  const run = runResultSchema.parse(JSON.parse(await readFile(join(dir, 'combined', 'results.json'), 'utf8')));
  const result = run.targets[0]?.officialSuite;
  expect(result?.registry).toBe(new URL(target.url).host);
  expect(result?.specVersion).toBe('1.1');
  expect(result?.settings['apis.referrer']).toBe(true);
  expect(result?.tests?.passed).toBeGreaterThan(600);
  expect(result?.areas.filter((area) => area.status === 'failed').map((area) => area.name)).toContain('Non-distributable Layers');
  expect(result?.failures.find((failure) => failure.test === 'non-distributable-layers/push/manifest-by-digest')?.message).toContain('received 400');
  expect(run.targets[0]?.suites.length).toBeGreaterThan(0);
  await context.annotate(imported.out.split('\n').find((line) => line.startsWith('olareg: official')) ?? '');
}, 60_000);
