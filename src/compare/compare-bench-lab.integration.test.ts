import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../lab/start-lab.js';
import { requireLabComponent } from '../lab/test-support/require-lab-component.js';
import { runCliCaptured, type CapturedRun } from '../cli/test-support/run-cli-captured.js';

const work = mkdtempSync(join(tmpdir(), 'regatta-compare-lab-it-'));
const labs: Lab[] = [];

afterAll(async () => {
  await Promise.all(labs.map((lab) => lab.stop()));
  rmSync(work, { recursive: true, force: true });
});

const cli = (args: readonly string[]): Promise<CapturedRun> => runCliCaptured(args, work);

describe('bench --trials on a real lab registry', () => {
  it('A/A: two benches of one distribution v3 with 3 short trials each are comparable, and compare exits 0', async (context) => {
    requireLabComponent(context, 'distribution-3');
    const lab = await startLab({ registries: ['distribution-3'] });
    labs.push(lab);
    const target = `registry=${lab.targets[0]?.url ?? ''}`;
    const bench = ['--scenario', 'pull-blobs', '--iterations', '20', '--vus', '2', '--size', '16KiB', '--threads', '1', '--trials', '3'];
    const a = await cli(['bench', '--target', target, ...bench, '--out', 'a']);
    const b = await cli(['bench', '--target', target, ...bench, '--out', 'b']);
    expect([a.code, b.code, a.err, b.err]).toEqual([0, 0, '', '']);
    // Thresholds far wider than the spread of a loaded 2-core box: this checks the results compare, not the box's noise.
    const wide = ['mbps=90', 'opsPerSec=90', 'p50=900', 'p95=900', 'p99=900'].flatMap((threshold) => ['--threshold', threshold]);
    const compared = await cli(['compare', join('a', 'results.json'), join('b', 'results.json'), ...wide, '--out', 'cmp']);
    expect(compared.err).toBe('');
    expect(compared.out).toMatch(/load: \d+ no significant change/);
    expect(compared.out).toContain('no regression');
    expect(compared.code).toBe(0);
  }, 120_000);

  it('A/A interleaved: one bench of the registry as targets a and b, compared as paired trials, exits 0', async (context) => {
    requireLabComponent(context, 'distribution-3');
    const lab = await startLab({ registries: ['distribution-3'] });
    labs.push(lab);
    const url = lab.targets[0]?.url ?? '';
    const bench = ['--scenario', 'pull-blobs', '--iterations', '20', '--vus', '1', '--size', '16KiB', '--threads', '1', '--trials', '3'];
    const measured = await cli(['bench', '--target', `a=${url}`, '--target', `b=${url}`, ...bench, '--out', 'ab']);
    expect([measured.code, measured.err]).toEqual([0, '']);
    const wide = ['mbps=90', 'opsPerSec=90', 'p50=900', 'p95=900', 'p99=900'].flatMap((threshold) => ['--threshold', threshold]);
    const compared = await cli(['compare', join('ab', 'results.json'), '--baseline-target', 'a', '--candidate-target', 'b', ...wide, '--out', 'ab-cmp']);
    expect(compared.err).toBe('');
    expect(compared.out).toContain('notice: trials paired: a and b were benched in one run with their trials interleaved');
    expect(compared.out).toMatch(/load: \d+ no significant change/);
    expect(compared.code).toBe(0);
    const missing = await cli(['compare', join('ab', 'results.json'), '--baseline-target', 'a', '--candidate-target', 'c']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('--candidate-target c: ab/results.json has no target of that name (its targets: a, b)');
  }, 120_000);
});
