/**
 * The real comparisons of issue 15 on loopback lab registries, a node runner like the peer benchmark (speed is
 * measured here, never asserted in tests):
 *
 * 1. `upgrade`: distribution 2.8 seeded, run (conformance + bench --trials), stopped; distribution v3 started on the
 *    same data dir, verified, run again; `regatta compare` both ways (2.8 -> v3 and the reverse), for conformance and
 *    for load.
 * 2. `aa`: one distribution v3 benched as two targets `a` and `b` in one `bench --trials N` run (their trials
 *    interleaved, A B then B A, so drift of the box falls on both alike), compared with `--baseline-target a
 *    --candidate-target b` (paired trials), R times: how many comparisons flag a regression (the false-positive rate).
 * 3. `slower`: the same registry behind two slowdown proxies, `baseline` holding every answer back by a base latency
 *    (`--base-delay-ms`, default 5: a registry a few milliseconds away, as every real one is) and `candidate` by the
 *    same plus an extra wait that calibration benches of both tune until one VU's requests take 1.25 times as long
 *    through it (20 % fewer operations a second), benched and compared the same way R times:
 *    how many comparisons flag it (the power), and the measured MB/s ratios. Without the base latency a request on
 *    loopback is a millisecond of the box's own CPU time, whose noise (±30-50 % between 1 s trials on this 2-core
 *    machine) hid a 20 % change in 7 of 10 comparisons; with it, most of a request is a timer the box keeps well.
 *
 * One VU by default: a closed loop of one request at a time turns an added delay into fewer requests a second, where
 * several VUs on a saturated 2-core box would fill the wait with each other's work.
 *
 * Usage: `npm run compare:lab -- --help` (the options are listed once, in `usage` below).
 * Prints each command's exit code and the lines that matter, and a Markdown summary at the end.
 */
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFile } from 'node:fs/promises';
import type { Lab } from '../lab/index.js';
import type { Comparison } from '../compare/comparison.js';
import type { RunResult } from '../model/index.js';
import { parseScriptArgs } from './script-args.js';
import { startScriptLab } from './script-interrupt.js';
import { startSlowdownProxy } from './slowdown-proxy.js';

const comparisons = ['upgrade', 'aa', 'slower'] as const;
const usage = `Usage: npm run compare:lab [-- options]
  --only LIST          comparisons to run, comma-separated: ${comparisons.join(', ')} (default: all)
  --trials N           bench trials per side (default 5)
  --repeats N          comparisons of the aa and slower parts (default 10)
  --duration D         length of each trial, as regatta reads it (default 1s)
  --size S             blob size, as regatta reads it (default 64KiB)
  --vus N              virtual users (default 1)
  --base-delay-ms N    latency both sides of the slower part add to every answer (default 5)
`;
const args = parseScriptArgs('compare:lab', usage, {
  only: { type: 'string' },
  trials: { type: 'string' },
  repeats: { type: 'string' },
  duration: { type: 'string' },
  size: { type: 'string' },
  vus: { type: 'string' },
  'base-delay-ms': { type: 'string' },
});
const trials = String(args.number('trials', 5, { min: 1, integer: true }));
const baseDelayMs = args.number('base-delay-ms', 5, { min: 0 });
const repeats = args.number('repeats', 10, { min: 1, integer: true });
const parts = new Set(args.list('only', comparisons, comparisons));
const vus = String(args.number('vus', 1, { min: 1, integer: true }));
const bench = ['--scenario', 'pull-blobs', '--duration', args.values.duration ?? '1s', '--size', args.values.size ?? '64KiB', '--vus', vus, '--threads', '1', '--trials', trials];
const cli = fileURLToPath(new URL('../cli/main.js', import.meta.url));

/** Runs the regatta CLI in `cwd`; resolves with its exit code and output. */
function regatta(cwd: string, argv: readonly string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...argv], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: 'true' } });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out }));
  });
}

/** The lines of a compare's console output worth printing. */
function keyLines(out: string): string {
  return out
    .split('\n')
    .filter((line) => /^(conformance:|load:|no regression|\d+ regressions?| {2}REGRESSION| {2}(fixed|newly)|regatta:)/.test(line))
    .slice(0, 40)
    .join('\n');
}

async function startOne(name: 'distribution-2' | 'distribution-3', dataDir?: string): Promise<{ lab: Lab; url: string }> {
  const lab = await startScriptLab({ registries: [name], ...(dataDir === undefined ? {} : { dataDir }) });
  const url = lab.targets[0]?.url;
  if (url === undefined) {
    throw new Error(`${name} did not start`);
  }
  return { lab, url };
}

/** Conformance and bench of one registry under the target name `registry`, into `<dir>/<side>-{conformance,bench}`. */
async function runSide(dir: string, side: string, url: string): Promise<string[]> {
  const target = `registry=${url}`;
  const lines: string[] = [];
  const conformance = await regatta(dir, ['conformance', '--target', target, '--out', `${side}-conformance`, '--label', `side=${side}`]);
  lines.push(`${side} conformance: exit ${conformance.code}`);
  const measured = await regatta(dir, ['bench', '--target', target, ...bench, '--out', `${side}-bench`, '--label', `side=${side}`]);
  lines.push(`${side} bench: exit ${measured.code}`);
  return lines;
}

async function upgrade(dir: string): Promise<string[]> {
  const report: string[] = ['## Upgrade distribution 2.8 -> v3 (same data dir)', ''];
  const dataDir = join(dir, 'registry-data');
  const baseline = await startOne('distribution-2', dataDir);
  const seeded = await regatta(dir, ['seed', '--target', baseline.url, '--out', 'seed.json']);
  report.push(`seed on 2.8: exit ${seeded.code}: ${seeded.out.trim()}`);
  report.push(...(await runSide(dir, 'baseline', baseline.url)));
  await baseline.lab.stop();
  const candidate = await startOne('distribution-3', dataDir);
  try {
    const verified = await regatta(dir, ['verify', 'seed.json', '--target', candidate.url]);
    report.push(`verify on v3: exit ${verified.code}: ${verified.out.trim()}`);
    report.push(...(await runSide(dir, 'candidate', candidate.url)));
  } finally {
    await candidate.lab.stop();
  }
  for (const kind of ['conformance', 'bench']) {
    for (const [from, to] of [['baseline', 'candidate'], ['candidate', 'baseline']] as const) {
      const compared = await regatta(dir, ['compare', join(`${from}-${kind}`, 'results.json'), join(`${to}-${kind}`, 'results.json'), '--out', `compare-${kind}-${from}-${to}`]);
      report.push('', `### ${kind}: ${from === 'baseline' ? '2.8 -> v3' : 'v3 -> 2.8 (reverse)'}: exit ${compared.code}`, '```', keyLines(compared.out), '```');
    }
  }
  return report;
}

/** The whole scenario's MB/s ratio (candidate/baseline) and its interval from a comparison.json. */
async function mbpsRatio(file: string): Promise<string> {
  const comparison = JSON.parse(await readFile(file, 'utf8')) as Comparison;
  const metric = comparison.load.find((entry) => entry.operation === undefined && entry.metric.name === 'mbps');
  return metric === undefined ? 'n/a' : `x${metric.estimate.toFixed(3)} [${metric.interval.low.toFixed(3)}, ${metric.interval.high.toFixed(3)}]`;
}

/**
 * R rounds of one interleaved bench of two targets and a paired compare of them; returns the report lines and how many
 * rounds flagged a regression.
 */
async function pairedRounds(dir: string, label: string, targets: { readonly baseline: string; readonly candidate: string }, names: readonly [string, string]): Promise<{ lines: string[]; flagged: number; codes: number[] }> {
  const lines: string[] = [];
  const codes: number[] = [];
  for (let round = 1; round <= repeats; round += 1) {
    const out = `${label}-${round}`;
    const measured = await regatta(dir, ['bench', '--target', `${names[0]}=${targets.baseline}`, '--target', `${names[1]}=${targets.candidate}`, ...bench, '--out', out]);
    const compared = await regatta(dir, [
      'compare', join(out, 'results.json'), '--baseline-target', names[0], '--candidate-target', names[1], '--out', `${out}-compare`,
    ]);
    codes.push(compared.code);
    const ratio = compared.code === 0 || compared.code === 1 ? await mbpsRatio(join(dir, `${out}-compare`, 'comparison.json')) : 'n/a';
    lines.push(`round ${round}: bench exit ${measured.code}, compare exit ${compared.code}, MB/s ${ratio}`, '```', keyLines(compared.out), '```');
  }
  return { lines, flagged: codes.filter((code) => code === 1).length, codes };
}

async function aa(dir: string): Promise<string[]> {
  const report: string[] = ['', `## A/A: distribution v3 against itself, interleaved in one bench, ${trials} trials per side, ${repeats} comparisons`, ''];
  const registry = await startOne('distribution-3');
  try {
    const { lines, flagged, codes } = await pairedRounds(dir, 'aa', { baseline: registry.url, candidate: registry.url }, ['a', 'b']);
    report.push(...lines, '', `A/A: ${flagged} of ${codes.length} comparisons flagged a regression (exit codes ${codes.join(', ')})`);
  } finally {
    await registry.lab.stop();
  }
  return report;
}

/** Calibration benches of the slower fixture, at most. */
const calibrationSteps = 4;

/** One unmeasured-trial bench of `url` (the round's settings, one trial): its mean request time in ms. */
async function meanRequestMs(dir: string, url: string, out: string): Promise<number> {
  const measured = await regatta(dir, ['bench', '--target', `calibration=${url}`, ...bench.slice(0, -2), '--out', out]);
  const result = JSON.parse(await readFile(join(dir, out, 'results.json'), 'utf8')) as RunResult;
  const meanMs = result.targets[0]?.scenarios[0]?.latency.mean ?? Number.NaN;
  if (measured.code !== 0 || !Number.isFinite(meanMs)) {
    throw new Error(`the calibration bench failed (exit ${measured.code}):\n${measured.out}`);
  }
  return meanMs;
}

async function slower(dir: string): Promise<string[]> {
  const report: string[] = ['', `## Candidate 20 % slower (slowdown proxy), interleaved, ${trials} trials per side, ${repeats} comparisons`, ''];
  const registry = await startOne('distribution-3');
  const fast = await startSlowdownProxy(registry.url, baseDelayMs);
  const slow = await startSlowdownProxy(registry.url, baseDelayMs);
  try {
    // Calibration: the candidate's extra wait is tuned until one VU's mean request time through it is 1.25 times the
    // baseline's, measured side by side (a timer fires on whole milliseconds, so the first guess, a quarter of the
    // baseline's time, lands short of it).
    let extraMs = Number.NaN;
    for (let step = 1; step <= calibrationSteps; step += 1) {
      const baselineMs = await meanRequestMs(dir, fast.url, `slower-calibration-${step}-baseline`);
      extraMs = Number.isNaN(extraMs) ? baselineMs / 4 : extraMs;
      slow.setDelayMs(baseDelayMs + extraMs);
      const candidateMs = await meanRequestMs(dir, slow.url, `slower-calibration-${step}-candidate`);
      report.push(
        `calibration ${step}: mean request time ${baselineMs.toFixed(2)} ms through the baseline's proxy (base latency ${baseDelayMs} ms), ` +
          `${candidateMs.toFixed(2)} ms (x${(candidateMs / baselineMs).toFixed(3)}) through the candidate's, which waits ${(baseDelayMs + extraMs).toFixed(2)} ms`,
      );
      if (Math.abs(candidateMs / baselineMs - 1.25) <= 0.02) {
        break;
      }
      extraMs = Math.max(0, extraMs + 1.25 * baselineMs - candidateMs);
      slow.setDelayMs(baseDelayMs + extraMs);
    }
    report.push(`the candidate waits ${(baseDelayMs + extraMs).toFixed(2)} ms per request in the rounds`, '');
    const { lines, flagged, codes } = await pairedRounds(dir, 'slower', { baseline: fast.url, candidate: slow.url }, ['baseline', 'candidate']);
    report.push(...lines, '', `20 % slower: ${flagged} of ${codes.length} comparisons flagged a regression (exit codes ${codes.join(', ')})`);
  } finally {
    await Promise.all([fast.stop(), slow.stop()]);
    await registry.lab.stop();
  }
  return report;
}

const dir = await mkdtemp(join(tmpdir(), 'regatta-compare-lab-'));
process.stdout.write(`working in ${dir} (kept for inspection)\n`);
const report = [
  ...(parts.has('upgrade') ? await upgrade(dir) : []),
  ...(parts.has('aa') ? await aa(dir) : []),
  ...(parts.has('slower') ? await slower(dir) : []),
];
process.stdout.write(`\n${report.join('\n')}\n`);
