import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { readPackageVersion } from '../package/package-info.js';
import { runCliCaptured } from './test-support/run-cli-captured.js';

/** The top-level commands `regatta --help` must list, whichever command files a call imports. */
const topLevel = ['conformance', 'bench', 'report', 'fixtures', 'lab', 'demo', 'compare', 'expect', 'k8s', 'seed', 'verify', 'k6', 'import'];

describe('runCli dispatch (each call imports only the command it names)', () => {
  it('prints the version without any command', async () => {
    const run = await runCliCaptured(['--version'], tmpdir());
    expect(run).toEqual({ code: 0, out: `${readPackageVersion()}\n`, err: '' });
  });

  it('lists every command under --help', async () => {
    const run = await runCliCaptured(['--help'], tmpdir());
    expect(run.code).toBe(0);
    for (const name of topLevel) {
      expect(run.out, name).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
    }
  });

  it('names the closest command for a misspelt one, with exit 2', async () => {
    const run = await runCliCaptured(['conformence'], tmpdir());
    expect(run.code).toBe(2);
    expect(run.err).toContain("unknown command 'conformence'");
    expect(run.err).toContain('conformance');
  });

  it('builds both importers of the import group when it is named', async () => {
    const run = await runCliCaptured(['import', '--help'], tmpdir());
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^ {2}k6\b/m);
    expect(run.out).toMatch(/^ {2}oci-conformance\b/m);
  });
});
