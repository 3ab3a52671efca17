import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { digestOf } from '../../oci/digest.js';
import { buildFixtureDataSet, fixtureDataSetNames } from '../../../fixtures/data-sets.js';
import type { CliIo } from '../cli-io.js';
import { runCli } from '../run-cli.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function capture(): Promise<{ io: CliIo; out: string[]; err: string[]; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'regatta-fixtures-cli-'));
  dirs.push(dir);
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env: {},
    cwd: dir,
    isTty: false,
    signal: new AbortController().signal,
  };
  return { io, out, err, dir };
}

describe('regatta fixtures', () => {
  it('list prints every data set with its description', async () => {
    const { io, out } = await capture();
    expect(await runCli(['fixtures', 'list'], io)).toBe(0);
    const lines = out.join('').trimEnd().split('\n');
    expect(lines).toHaveLength(fixtureDataSetNames.length);
    expect(lines.map((line) => line.split(/\s+/)[0])).toEqual(fixtureDataSetNames);
    expect(out.join('')).toContain('artifact-with-subject');
  });

  it('write NAME writes blobs and a push plan under fixtures/out/NAME by default, with the seed given', async () => {
    const { io, out, dir } = await capture();
    expect(await runCli(['fixtures', 'write', 'index', '--seed', 's1'], io)).toBe(0);
    const outDir = join(dir, 'fixtures', 'out', 'index');
    expect(out.join('')).toContain(outDir);
    const plan = JSON.parse(await readFile(join(outDir, 'push-plan.json'), 'utf8')) as {
      push: { kind: string; digest: string; size: number; file: string; tag?: string }[];
    };
    const expected = buildFixtureDataSet('index', 's1');
    expect(plan.push).toHaveLength(expected.blobs.length + expected.manifests.length);
    expect(plan.push.at(-1)).toMatchObject({ kind: 'manifest', digest: expected.manifests[2]!.content.digest, tag: 'index' });
    for (const entry of plan.push) {
      const bytes = await readFile(join(outDir, entry.file));
      expect(digestOf(bytes)).toBe(entry.digest);
      expect(bytes.byteLength).toBe(entry.size);
    }
  });

  it('write --layout writes an OCI layout to --out', async () => {
    const { io, dir } = await capture();
    expect(await runCli(['fixtures', 'write', 'image', '--layout', '--out', 'lay'], io)).toBe(0);
    const index = JSON.parse(await readFile(join(dir, 'lay', 'index.json'), 'utf8')) as { manifests: { digest: string }[] };
    expect(index.manifests[0]?.digest).toBe(buildFixtureDataSet('image').manifests[0]!.content.digest);
  });

  it('an unknown data set ends with exit 2 and lists the valid names', async () => {
    const { io, err } = await capture();
    expect(await runCli(['fixtures', 'write', 'nope'], io)).toBe(2);
    expect(err.join('')).toBe(
      `regatta: unknown data set "nope"\n  hint: choose one of: ${fixtureDataSetNames.join(', ')}\n`,
    );
  });
});
