/**
 * Measures issue 16's fixed-duration criterion: N shares of a duration run, started together with `--start-at`, give
 * a total throughput within ±15 % of one run with the same total VUs. Each trial runs the whole run (one process),
 * the distributed run (set-up, N share processes, `report --merge-shares`) and the whole run again on one lab
 * registry, and prints a Markdown table: iterations per second, the shares against the mean of the two single runs,
 * the single runs against each other (the machine's noise floor), and how far apart the shares really started. A node
 * runner, like the peer benchmark: speed is measured, never asserted.
 *
 * Usage: `npm run bench:segments -- --help` (the options are listed once, in `usage` below). `--lead` is the seconds
 * from launching the shares to their start instant; they must all be ready by then.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Lab } from '../lab/index.js';
import { runResultSchema, type ScenarioResult } from '../model/index.js';
import { parseScriptArgs } from './script-args.js';
import { cleanUpOnInterrupt, startScriptLab } from './script-interrupt.js';

const usage = `Usage: npm run bench:segments [-- options]
  --shares N      share processes of the distributed run (default 4)
  --vus N         virtual users in total (default 8)
  --duration D    length of each run, as regatta reads it (default 10s)
  --trials N      trials, each one run, the shares, one run (default 3)
  --size S        blob size, as regatta reads it (default 64KiB)
  --lead N        seconds from launching the shares to their start instant (default 20)
  --target URL    an open registry instead of a lab distribution-3
`;
const args = parseScriptArgs('bench:segments', usage, {
  shares: { type: 'string' },
  vus: { type: 'string' },
  duration: { type: 'string' },
  trials: { type: 'string' },
  size: { type: 'string' },
  lead: { type: 'string' },
  target: { type: 'string' },
});
const shares = args.number('shares', 4, { min: 1, integer: true });
const vus = args.number('vus', 8, { min: 1, integer: true });
const duration = args.values.duration ?? '10s';
const trials = args.number('trials', 3, { min: 1, integer: true });
const size = args.values.size ?? '64KiB';
const leadSeconds = args.number('lead', 20, { min: 1 });
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
  cleanUpOnInterrupt(() => rm(work, { recursive: true, force: true }));
  try {
    let url = args.url('target') ?? '';
    if (url === '') {
      lab = await startScriptLab({ registries: ['distribution-3'] });
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
