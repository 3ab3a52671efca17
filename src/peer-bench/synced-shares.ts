/**
 * Measures issue 16's fixed-duration criterion: N shares of a duration run, started together with `--start-at`, give
 * a total throughput within ±15 % of one run with the same total VUs. Each trial runs the whole run (one process),
 * the distributed run (set-up, N share processes, `report --merge-shares`) and the whole run again on one lab
 * registry, and prints a Markdown table: iterations per second, the shares against the mean of the two single runs,
 * the single runs against each other (the machine's noise floor), and how far apart the shares really started. A node
 * runner, like the peer benchmark: speed is measured, never asserted.
 *
 * Usage: npm run build && node dist/src/peer-bench/synced-shares.js [--shares 4] [--vus 8]
 *        [--duration 10s] [--trials 3] [--size 64KiB] [--lead 20] [--target URL]
 * (`--lead`: seconds from launching the shares to their start instant; they must all be ready by then.)
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLab, type Lab } from '../lab/index.js';
import { runResultSchema, type ScenarioResult } from '../model/index.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const index = args.indexOf(name);
  return index >= 0 ? (args[index + 1] ?? fallback) : fallback;
};
const shares = Number(option('--shares', '4'));
const vus = Number(option('--vus', '8'));
const duration = option('--duration', '10s');
const trials = Number(option('--trials', '3'));
const size = option('--size', '64KiB');
const leadSeconds = Number(option('--lead', '20'));
const cli = fileURLToPath(new URL('../cli/main.js', import.meta.url));

/** Runs the compiled CLI; rejects with its stderr when it exits non-zero. */
function regatta(cwd: string, cliArgs: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...cliArgs], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(stderr) : reject(new Error(`regatta ${cliArgs.join(' ')} exited ${code ?? '?'}: ${stderr}`))));
  });
}

/** The one scenario of a results.json. */
async function scenarioOf(file: string): Promise<ScenarioResult> {
  const run = runResultSchema.parse(JSON.parse(await readFile(file, 'utf8')));
  const scenario = run.targets[0]?.scenarios[0];
  if (scenario === undefined) {
    throw new Error(`${file} has no scenario`);
  }
  return scenario;
}

/** The middle value (mean of the two middle ones for an even count). */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
}

/** Iterations per second over the measured span. */
const rate = (scenario: ScenarioResult): number => scenario.iterations / (scenario.durationMs / 1000);

async function main(): Promise<void> {
  let lab: Lab | undefined;
  const work = await mkdtemp(join(tmpdir(), 'regatta-synced-'));
  try {
    let url = args.includes('--target') ? option('--target', '') : '';
    if (url === '') {
      lab = await startLab({ registries: ['distribution-3'] });
      url = lab.targets[0]?.url ?? '';
    }
    const scenario = ['--target', url, '--scenario', 'pull-blobs', '--size', size, '--duration', duration, '--vus', String(vus)];
    const rows: string[] = [];
    const ratios: number[] = [];
    const controls: number[] = [];
    for (let trial = 1; trial <= trials; trial += 1) {
      // One run before and one after the shares (A-B-A): a drift of the machine's load hits both sides alike, and
      // the two single runs' own difference is the noise floor the shares' difference must be read against.
      const runWhole = async (label: string): Promise<ScenarioResult> => {
        await regatta(work, ['bench', ...scenario, '--out', `whole-${trial}-${label}`]);
        return scenarioOf(join(work, `whole-${trial}-${label}`, 'results.json'));
      };
      const before = await runWhole('before');
      const runId = `synced${trial}${Date.now().toString(36)}`;
      await regatta(work, ['bench', ...scenario, '--run-id', runId, '--phase', 'setup']);
      const startAt = new Date(Math.ceil((Date.now() + leadSeconds * 1000) / 1000) * 1000).toISOString();
      const warnings = await Promise.all(
        Array.from({ length: shares }, (_, index) =>
          regatta(work, ['bench', ...scenario, '--run-id', runId, '--segment', `${index + 1}/${shares}`, '--start-at', startAt, '--out', `share-${trial}-${index + 1}`]),
        ),
      );
      const files = Array.from({ length: shares }, (_, index) => join(work, `share-${trial}-${index + 1}`, 'results.json'));
      await regatta(work, ['report', '--merge-shares', ...files, '--out', `merged-${trial}`]);
      await regatta(work, ['bench', ...scenario, '--run-id', runId, '--phase', 'teardown']);
      const after = await runWhole('after');
      const merged = await scenarioOf(join(work, `merged-${trial}`, 'results.json'));
      const starts = await Promise.all(files.map(async (file) => Date.parse((await scenarioOf(file)).startedAt ?? '')));
      const spreadMs = Math.max(...starts) - Math.min(...starts);
      const lateFromStartMs = Math.max(...starts) - Date.parse(startAt);
      const late = warnings.filter((text) => text.includes('after --start-at')).length;
      const wholeRate = (rate(before) + rate(after)) / 2;
      const ratio = rate(merged) / wholeRate;
      ratios.push(ratio);
      controls.push(rate(after) / rate(before));
      rows.push(
        `| ${trial} | ${rate(before).toFixed(0)}/s, ${rate(after).toFixed(0)}/s (${((rate(after) / rate(before) - 1) * 100).toFixed(1)} %) | ` +
          `${merged.iterations} in ${(merged.durationMs / 1000).toFixed(2)} s = ${rate(merged).toFixed(0)}/s | ${((ratio - 1) * 100).toFixed(1)} % | ` +
          `${spreadMs} ms | ${lateFromStartMs} ms | ${late} | ${before.errors + after.errors + merged.errors} |`,
      );
      process.stderr.write(`trial ${trial} done\n`);
    }
    process.stdout.write(
      `pull-blobs ${size}, ${vus} VUs, ${duration}: one process vs ${shares} shares started with --start-at (lead ${leadSeconds} s)\n\n` +
        '| trial | one run before, after (their difference) | merged shares | shares vs mean of the two | start spread | last start after --start-at | late shares | errors |\n' +
        '|---|---|---|---|---|---|---|---|\n' +
        `${rows.join('\n')}\n\nmedian difference ${((median(ratios) - 1) * 100).toFixed(1)} %, ${ratios.filter((ratio) => Math.abs(ratio - 1) <= 0.15).length} of ${ratios.length} trials within ±15 %; ` +
          `noise floor (one run vs the next): median |difference| ${(median(controls.map((control) => Math.abs(control - 1))) * 100).toFixed(1)} %\n`,
    );
  } finally {
    await lab?.stop();
    await rm(work, { recursive: true, force: true });
  }
}

await main();
