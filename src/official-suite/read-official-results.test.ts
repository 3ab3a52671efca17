import { mkdtemp, rm, writeFile, mkdir, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/index.js';
import { fixtureRun } from '../../reports/test-support/fixture-run.js';
import { foldOfficialResults } from './fold-official-results.js';
import { readOfficialResults } from './read-official-results.js';

/** A real run of the official suite against the lab's zot (see its README). */
const sample = join(dirname(fileURLToPath(import.meta.url)), 'test-support', 'zot-image-only');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'regatta-official-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A results directory holding `files` (name → content). */
async function resultsDir(name: string, files: Record<string, string>): Promise<string> {
  const path = join(dir, name);
  await mkdir(path, { recursive: true });
  for (const [file, content] of Object.entries(files)) {
    await writeFile(join(path, file), content);
  }
  return path;
}

/** The message of the ConfigError `promise` rejects with. */
async function configErrorOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).message;
}

describe('readOfficialResults on a real run (zot, image content only)', () => {
  it('reads the registry, spec version, toggles and every API and content-set verdict from results.yaml', async () => {
    const result = await readOfficialResults(sample);
    expect(result.registry).toBe('127.0.0.1:39005');
    expect(result.specVersion).toBe('1.1');
    expect(result.settings['apis.referrer']).toBe(true);
    expect(result.settings['data.sha512']).toBe(false);
    expect(result.settings['apis.blobs.uploadCancel']).toBe(false);
    expect(result.areas.find((area) => area.kind === 'api' && area.name === 'Blob get range')?.status).toBe('failed');
    expect(result.areas.find((area) => area.kind === 'api' && area.name === 'Blob anonymous mount')?.status).toBe('skipped');
    expect(result.areas.find((area) => area.kind === 'data' && area.name === 'Index')?.status).toBe('disabled');
    expect(result.areas.find((area) => area.kind === 'data' && area.name === 'Image')?.status).toBe('passed');
    expect(result.status).toBe('failed');
  });

  it('counts the junit.xml tests and keeps each failure with its own message, root name dropped', async () => {
    const result = await readOfficialResults(sample);
    expect(result.tests).toMatchObject({ passed: 152, failed: 13, errored: 0, skipped: 3 });
    expect(result.tests?.durationMs).toBeCloseTo(3273.214, 1);
    expect(result.failures).toHaveLength(13);
    const range = result.failures.find((failure) => failure.test === 'sha256 blobs/range requests/range 5000-10000');
    expect(range?.status).toBe('failed');
    // Entities decoded: the suite writes quotes as &#34; and newlines as &#xA;.
    expect(range?.message).toContain('unexpected status code, expected one of [416], received 500\n');
    expect(result.failures.some((failure) => failure.test.startsWith('OCI Conformance Test/'))).toBe(false);
  });
});

describe('readOfficialResults on partial or hostile input', () => {
  it('takes junit.xml alone (registry and version unknown) and redacts secrets in messages', async () => {
    const junit =
      '<testsuites time="0.5" tests="2"><testsuite name="OCI Conformance Test">' +
      '<testcase name="OCI Conformance Test/ping" status="passed"></testcase>' +
      '<testcase name="OCI Conformance Test/blobs/put" status="error"><system-out>Put &#34;http://r/v2/x/blobs/uploads/u?_state=SECRETSTATE&amp;digest=sha256:ab&#34;: EOF</system-out></testcase>' +
      '</testsuite></testsuites>';
    const result = await readOfficialResults(await resultsDir('junit-only', { 'junit.xml': junit }));
    expect(result.registry).toBe('unknown');
    expect(result.areas).toEqual([]);
    expect(result.status).toBe('errored');
    expect(result.failures).toEqual([{ test: 'blobs/put', status: 'errored', message: expect.stringContaining('_state=REDACTED') as unknown }]);
    expect(JSON.stringify(result)).not.toContain('SECRETSTATE');
  });

  it('names RESULTS_DIR when the directory has neither file', async () => {
    const empty = await resultsDir('empty', {});
    expect(await configErrorOf(readOfficialResults(empty))).toBe(`RESULTS_DIR: ${empty} has neither results.yaml nor junit.xml (the official suite writes them to OCI_RESULTS_DIR)`);
  });

  it('refuses the empty results.yaml the suite leaves when it cannot write one (OCI_FILTER_TEST), naming the file', async () => {
    const path = await resultsDir('filtered', { 'results.yaml': '' });
    expect(await configErrorOf(readOfficialResults(path))).toContain(`RESULTS_DIR: ${join(path, 'results.yaml')} is not the official OCI conformance suite's results.yaml`);
  });

  it('refuses an unknown status word and a junit.xml that is not a JUnit report', async () => {
    const yaml = 'config: {registry: "r:1", version: "1.1", apis: {}, data: {}}\napis: {Ping: Maybe}\ndata: {}\n';
    const badStatus = await resultsDir('bad-status', { 'results.yaml': yaml });
    expect(await configErrorOf(readOfficialResults(badStatus))).toContain('gives api "Ping" the unknown status "Maybe"');
    const notJunit = await resultsDir('not-junit', { 'junit.xml': '<html></html>' });
    expect(await configErrorOf(readOfficialResults(notJunit))).toContain('is not a JUnit report');
  });
});

describe('foldOfficialResults', () => {
  /** The fixture run with its zot target at the sample's registry. */
  function runAtSampleRegistry(): ReturnType<typeof fixtureRun> {
    const run = fixtureRun();
    return { ...run, targets: run.targets.map((target) => (target.name === 'zot' ? { ...target, url: 'http://127.0.0.1:39005' } : target)) };
  }

  it("puts the results on the target at the registry's host:port and leaves regatta's verdicts alone", async () => {
    const run = runAtSampleRegistry();
    const folded = foldOfficialResults(run, [{ result: await readOfficialResults(sample) }]);
    expect(folded.targets.map((target) => target.officialSuite?.registry)).toEqual([undefined, '127.0.0.1:39005']);
    expect(folded.targets.map((target) => target.status)).toEqual(run.targets.map((target) => target.status));
    expect(folded.status).toBe(run.status);
  });

  it('uses the named target, and names --target when nothing matches or a name is unknown', async () => {
    const result = await readOfficialResults(sample);
    expect(foldOfficialResults(fixtureRun(), [{ result, target: 'dist' }]).targets[0]?.officialSuite?.registry).toBe('127.0.0.1:39005');
    expect(() => foldOfficialResults(fixtureRun(), [{ result }])).toThrow(
      `--target: the official suite in ${sample} ran against 127.0.0.1:39005, which matches no target in the results (targets: dist, zot); name the target with --target`,
    );
    expect(() => foldOfficialResults(fixtureRun(), [{ result, target: 'nope' }])).toThrow('--target: no target "nope" in the results (targets: dist, zot)');
  });

  it('refuses two results directories for one target', async () => {
    const copy = await resultsDir('copy', {});
    await copyFile(join(sample, 'results.yaml'), join(copy, 'results.yaml'));
    const imports = [{ result: await readOfficialResults(sample) }, { result: await readOfficialResults(copy) }];
    expect(() => foldOfficialResults(runAtSampleRegistry(), imports)).toThrow(`--target: ${sample} and ${copy} both belong to target zot; import one per target`);
  });
});
