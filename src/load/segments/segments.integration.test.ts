import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab/start-lab.js';
import { requireLabComponent } from '../../lab/test-support/require-lab-component.js';
import { runResultSchema, type RunResult } from '../../model/index.js';
import { decodeHistogram, mergeHistograms } from '../metrics/latency-histogram.js';

/** The compiled CLI: what users run, one process per share. */
const cli = fileURLToPath(new URL('../../../dist/src/cli/main.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'regatta-segments-'));
let lab: Lab | undefined;

afterAll(async () => {
  await lab?.stop();
  rmSync(work, { recursive: true, force: true });
});

/** Runs the CLI in its own process. */
function regatta(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: work, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const results = (dir: string): RunResult => runResultSchema.parse(JSON.parse(readFileSync(join(work, dir, 'results.json'), 'utf8')));

describe('four processes running segments 1/4..4/4 against one lab registry', () => {
  it('merge into one run equal to a 4x-VU run for a fixed iteration count, histograms exactly the union', async (context) => {
    requireLabComponent(context, 'distribution-3');
    expect(existsSync(cli), `${cli} missing: npm run build`).toBe(true);
    lab = await startLab({ registries: ['distribution-3'] });
    const url = lab.targets[0]?.url ?? '';
    const scenario = ['--target', url, '--scenario', 'pull-blobs', '--size', '64KiB', '--iterations', '40', '--threads', '1'];

    const early = await regatta(['bench', ...scenario, '--vus', '8', '--run-id', 'segnosetup', '--segment', '1/4', '--out', 'early']);
    expect(early.code).toBe(2);
    expect(early.stderr).toMatch(/--phase setup/);

    const setup = await regatta(['bench', ...scenario, '--vus', '8', '--run-id', 'segrun1', '--phase', 'setup']);
    expect(setup.stderr).toBe('');
    expect(setup.stdout).toMatch(/set-up of run segrun1 done .*8 blobs/);
    expect(setup.code).toBe(0);
    const shares = await Promise.all(
      [1, 2, 3, 4].map((index) => regatta(['bench', ...scenario, '--vus', '8', '--run-id', 'segrun1', '--segment', `${index}/4`, '--out', `share-${index}`])),
    );
    shares.forEach((share) => expect(share.code, share.stderr).toBe(0));
    const merge = await regatta(['report', '--merge-shares', ...[1, 2, 3, 4].map((index) => `share-${index}/results.json`), '--out', 'merged']);
    expect(merge.code, merge.stderr).toBe(0);
    const whole = await regatta(['bench', ...scenario, '--vus', '8', '--run-id', 'segwhole', '--out', 'whole']);
    expect(whole.code, whole.stderr).toBe(0);

    const parts = [1, 2, 3, 4].map((index) => results(`share-${index}`));
    parts.forEach((part, index) => {
      expect(part.share?.index).toBe(index + 1);
      expect(part.targets[0]?.scenarios[0]?.executor).toMatchObject({ type: 'constant-vus', vus: 2, iterations: 10 });
    });
    const merged = results('merged');
    const single = results('whole');
    const mergedScenario = merged.targets[0]?.scenarios[0];
    const singleScenario = single.targets[0]?.scenarios[0];
    expect(merged.runId).toBe('segrun1');
    expect(merged.shares?.map((share) => share.index)).toEqual([1, 2, 3, 4]);
    expect(mergedScenario?.executor).toMatchObject({ type: 'constant-vus', vus: 8, iterations: 40 });
    expect(mergedScenario?.errors).toBe(0);
    expect(mergedScenario?.iterations).toBe(singleScenario?.iterations);
    expect(mergedScenario?.iterations).toBe(40);
    const counts = (scenario: typeof mergedScenario): Record<string, number> => Object.fromEntries((scenario?.operations ?? []).map((op) => [op.operation, op.count]));
    expect(counts(mergedScenario)).toEqual(counts(singleScenario));
    expect(mergedScenario?.throughput.bytes).toBe(singleScenario?.throughput.bytes);
    // Exactly the union: every bucket of every share, nothing else.
    const union = mergeHistograms(parts.map((part) => decodeHistogram(part.targets[0]?.scenarios[0]?.latencyHistogram ?? '')));
    const histogram = decodeHistogram(mergedScenario?.latencyHistogram ?? '');
    expect(histogram.totalCount).toBe(40);
    expect(histogram.totalCount).toBe(union.totalCount);
    for (const percentile of [1, 25, 50, 75, 90, 99, 100]) {
      expect(histogram.getValueAtPercentile(percentile)).toBe(union.getValueAtPercentile(percentile));
    }

    const teardown = await regatta(['bench', ...scenario, '--vus', '8', '--run-id', 'segrun1', '--phase', 'teardown']);
    expect(teardown.code, teardown.stderr).toBe(0);
    expect(teardown.stdout).toMatch(/deleted 0 manifests and 8 blobs/);
    const after = await regatta(['bench', ...scenario, '--vus', '8', '--run-id', 'segrun1', '--segment', '1/4', '--out', 'after']);
    expect(after.code).toBe(2);
  }, 300_000);
});
