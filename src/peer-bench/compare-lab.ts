/**
 * The real comparisons of issue 15 on loopback lab registries, a node runner like the peer benchmark (speed is
 * measured here, never asserted in tests):
 *
 * 1. Upgrade: distribution 2.8 seeded, run (conformance + bench --trials), stopped; distribution v3 started on the
 *    same data dir, verified, run again; `regatta compare` both ways (2.8 -> v3 and the reverse), for conformance and
 *    for load.
 * 2. A/A: one distribution v3 benched twice with N trials each, compared, repeated R times: how many comparisons
 *    flag a regression (the false-positive rate).
 *
 * Usage: npm run compare:lab [-- --trials 5 --repeats 5 --duration 1s --size 64KiB --vus 4]
 * Prints each command's exit code and the lines that matter, and a Markdown summary at the end.
 */
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLab, type Lab } from '../lab/index.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const index = args.indexOf(name);
  return index >= 0 ? (args[index + 1] ?? fallback) : fallback;
};
const trials = option('--trials', '5');
const repeats = Number(option('--repeats', '5'));
const bench = ['--scenario', 'pull-blobs', '--duration', option('--duration', '1s'), '--size', option('--size', '64KiB'), '--vus', option('--vus', '4'), '--threads', '1', '--trials', trials];
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
  const lab = await startLab({ registries: [name], ...(dataDir === undefined ? {} : { dataDir }) });
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

async function aa(dir: string): Promise<string[]> {
  const report: string[] = ['', `## A/A: distribution v3 against itself, ${trials} trials per side, ${repeats} comparisons`, ''];
  const registry = await startOne('distribution-3');
  const codes: number[] = [];
  try {
    for (let round = 1; round <= repeats; round += 1) {
      const target = `registry=${registry.url}`;
      const a = await regatta(dir, ['bench', '--target', target, ...bench, '--out', `aa-${round}-a`]);
      const b = await regatta(dir, ['bench', '--target', target, ...bench, '--out', `aa-${round}-b`]);
      const compared = await regatta(dir, ['compare', join(`aa-${round}-a`, 'results.json'), join(`aa-${round}-b`, 'results.json'), '--out', `aa-${round}-compare`]);
      codes.push(compared.code);
      report.push(`round ${round}: bench exits ${a.code}/${b.code}, compare exit ${compared.code}`, '```', keyLines(compared.out), '```');
    }
  } finally {
    await registry.lab.stop();
  }
  const flagged = codes.filter((code) => code === 1).length;
  report.push('', `A/A: ${flagged} of ${codes.length} comparisons flagged a regression (exit codes ${codes.join(', ')})`);
  return report;
}

const dir = await mkdtemp(join(tmpdir(), 'regatta-compare-lab-'));
process.stdout.write(`working in ${dir} (kept for inspection)\n`);
const report = [...(await upgrade(dir)), ...(await aa(dir))];
process.stdout.write(`\n${report.join('\n')}\n`);
