/**
 * Peer benchmark (`npm run bench`): regatta against established tools on the same lab registry in the same run, with
 * equal work, printed as a Markdown table with ratios. A node runner rather than `vitest bench`: the peers are
 * separate processes measured by wall time, CPU and RSS, which tinybench's in-process timing loop cannot express.
 *
 * Usage: `npm run bench -- --help` (the options are listed once, in `usage` below).
 *
 * `conformance` always uses its own fresh lab registries (one per tool, same kind), because both suites write and
 * delete content and the official suite expects an empty namespace.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ResolvedTarget } from '../config/target.js';
import { labComponentStatus, type Lab } from '../lab/index.js';
import { labRegistryNames, type LabComponentName } from '../lab/lab-component.js';
import type { ScenarioResult } from '../model/index.js';
import { systemClock } from '../load/clock.js';
import { GiB, MiB, type ScenarioInput } from '../load/define-scenario.js';
import { LoadTarget } from '../load/http/load-target.js';
import { MetricsCollector } from '../load/metrics/metrics-collector.js';
import { pushBlob } from '../load/ops/blob-push.js';
import { defaultVerifyCopyBytes } from '../load/ops/verified-copies.js';
import { formatBenchTable, type BenchRow } from './bench-row.js';
import { benchOciConformance, benchRegattaConformance, formatConformanceTable, officialSuiteTool, type ConformanceBenchRow } from './conformance-bench.js';
import { medianRound } from './median-round.js';
import { formatPairedComparisons, pairedRatios, type PairedComparison } from './paired-rounds.js';
import { autocannonGet, regctlPush, regctlSetup, skopeoPush, writeOciLayout, wrkPull } from './peers.js';
import type { PeerScenarioJob } from './peer-scenario-main.js';
import { runTool } from './run-tool.js';
import { parseScriptArgs } from './script-args.js';
import { cleanUpOnInterrupt, startScriptLab } from './script-interrupt.js';
import { writeSeededFile } from './write-seeded-file.js';

const sections = ['pull', 'push', 'manifest', 'scale', 'memory', 'conformance'] as const;
const benchRegistries = labRegistryNames();
const usage = `Usage: npm run bench [-- options]
  --only LIST       sections to run, comma-separated: ${sections.join(', ')} (default: all)
  --quick           short rows, one round, no 2 and 4 GiB pushes
  --seconds N       length of each timed row (default 10, 4 with --quick)
  --rounds N        rounds of the pull, manifest and scaling groups (default 3, 1 with --quick)
  --registry NAME   lab registry to start: ${benchRegistries.join(', ')} (default distribution-3)
  --target URL      an open registry to bench instead of a lab one (conformance still starts its own)
  --root DIR        project root holding .regatta/bin (default: the current directory)
`;
const args = parseScriptArgs('bench', usage, {
  only: { type: 'string' },
  quick: { type: 'boolean' },
  seconds: { type: 'string' },
  rounds: { type: 'string' },
  registry: { type: 'string' },
  target: { type: 'string' },
  root: { type: 'string' },
});
const quick = args.values.quick === true;
/** `--only pull,push,manifest,scale,memory,conformance`: run some sections (default all). */
const only = args.list('only', sections, sections);
const wants = (section: (typeof sections)[number]): boolean => only.includes(section);
/** Duration of each timed row (`--seconds`; 4 with `--quick`, else 10). */
const seconds = args.number('seconds', quick ? 4 : 10, { min: 1 });
/**
 * Duration of each scaling row: 256 × 16 MiB is 4.3 GB in flight, a round of about 1.5 s at 3 GB/s, so a 10 s row is
 * mostly its first round's start and its last round's tail; 30 s rows measure the steady state, for wrk too.
 */
const scaleSeconds = quick ? seconds : Math.max(seconds, 30);
/**
 * Seconds of unmeasured pulling at a scaling row's own concurrency, by the row's own tool, just before the row (none
 * with `--quick`). distribution v3 reads every blob it serves through a 4 MiB buffer of its own (a `bufio` reader of
 * `fileReaderBufferSize`, registry/storage/filereader.go): at 256 transfers it held ~1.5 GiB, at 64 ~0.6, and Go gives
 * the difference back to the system within seconds. So a 256 row that follows a less concurrent one first faults
 * ~1.2 GiB back in (280,000-360,000 page faults, seen in /proc; 44,000 after another 256 row) and came out 5-10 %
 * slower than one that follows a 256 row: which row ran before decided the figure. After the warm-up every row starts
 * with the registry at its own steady state.
 */
const scaleWarmUpSeconds = quick ? 0 : 5;
/**
 * Rounds of the pull, manifest and scaling groups (`--rounds`; 1 with `--quick`, else 3): every row of a group runs
 * once per round, in turn, and the table shows each row's median round. This machine's speed drifts over minutes
 * (seen as 5-10 % between runs of the same row), so rows run one after another would compare moments as much as tools.
 */
const rounds = args.number('rounds', quick ? 1 : 3, { min: 1, integer: true });
const root = resolve(args.values.root ?? process.cwd());
const binDir = join(root, '.regatta', 'bin');
const log = (text: string): void => {
  process.stderr.write(`${text}\n`);
};

/**
 * How a row's bodies were checked; for pulls, `copyBytes` says whether repeats were compared with a verified copy
 * (the scenario's `verifyCopyBytes`) or every body hashed.
 */
function verification(result: ScenarioResult, copyBytes: number | undefined): string {
  if (!result.verified) {
    return 'no verify';
  }
  if (copyBytes === undefined) {
    return 'digest-verified';
  }
  return copyBytes > 0 ? `digest-verified: 1st pull hashed, repeats compared with that copy (≤ ${copyBytes / MiB} MiB/thread)` : 'digest-verified: every pull hashed';
}

/** A regatta row from a scenario result; `copyBytes` for pull rows (see {@link verification}). */
function regattaRow(group: string, tool: string, result: ScenarioResult, unit: BenchRow['unit'] = 'MB/s', copyBytes?: number): BenchRow {
  if (result.errors > 0 || result.iterations === 0) {
    log(`  ${tool}: ${result.errors} errors ${JSON.stringify(result.errorClasses)} ${result.reason ?? ''}`);
  }
  return {
    group,
    tool,
    rate: unit === 'MB/s' ? result.throughput.mbps : result.requests.perSec,
    unit,
    bytes: result.throughput.bytes,
    cpuSeconds: result.resources?.cpuSeconds ?? Number.NaN,
    peakRssBytes: result.resources?.peakRssBytes ?? Number.NaN,
    note: `${result.iterations} it, ${result.errors} err, ${verification(result, copyBytes)}`,
  };
}

/** A group's rows after {@link alternated}: each row's median round, and each row's rate in every round. */
interface AlternatedRows {
  readonly medians: BenchRow[];
  readonly rates: number[][];
}

/**
 * Runs every row of a group once per round, in turn ({@link rounds}), and returns each row's median round by rate,
 * with every round's rate for ratios within a round (see paired-rounds.ts). Even rounds run the rows in reverse order
 * (A B C, C B A, A B C), so a machine that slows or speeds up over the minutes does not favour the rows that come first.
 */
async function alternated(makers: readonly (() => Promise<BenchRow>)[]): Promise<AlternatedRows> {
  const results = makers.map((): BenchRow[] => []);
  for (let round = 1; round <= rounds; round += 1) {
    const order = [...makers.entries()];
    for (const [index, make] of round % 2 === 0 ? order.reverse() : order) {
      results[index]?.push(await make());
    }
  }
  return {
    medians: results.map((ofRow) => medianRound(ofRow, (row) => row.rate, ofRow[0]?.unit ?? '', 1)),
    rates: results.map((ofRow) => ofRow.map((row) => row.rate)),
  };
}

/** Longest a regatta row may take (its 10 s, set-up pushes, a 4 GiB push on a busy machine, cleanup). */
const rowTimeoutMs = 15 * 60_000;

/**
 * Runs an inline scenario (threads: the engine's default for the flow unless given) in a fresh node process, as the
 * peers run: its CPU and peak RSS are its own, not what earlier rows left in this process.
 */
async function run(target: ResolvedTarget, input: Omit<ScenarioInput, 'id' | 'description'>, repository: string, threads?: number): Promise<ScenarioResult> {
  const job: PeerScenarioJob = { target, input, repository, ...(threads === undefined ? {} : { threads }) };
  const child = await runTool(process.execPath, [fileURLToPath(new URL('./peer-scenario-main.js', import.meta.url)), JSON.stringify(job)], {
    timeoutMs: rowTimeoutMs,
    workDir: tmpdir(),
  });
  if (child.exitCode !== 0) {
    throw new Error(`regatta row exited ${child.exitCode}: ${child.stderr.slice(-500)}`);
  }
  return JSON.parse(child.stdout) as ScenarioResult;
}

/**
 * Section `conformance`: regatta's full suite and the official OCI conformance suite, each on a fresh lab registry of
 * the same kind, alternated over `trials` rounds (the machine is shared: one round can be slowed by others), timed;
 * returns one row per tool, its median round (the official suite's row is missing, with the reason logged, when it is
 * not installed), and regatta's wall time over the official suite's within each round.
 */
async function conformanceSection(
  registry: LabComponentName,
  workDir: string,
  trials: number,
): Promise<{ rows: ConformanceBenchRow[]; paired: PairedComparison }> {
  const official = labComponentStatus('oci-conformance');
  if (!official.available) {
    log(`conformance: official suite unavailable: ${official.reason}`);
  }
  const tools = official.available ? (['regatta', 'oci'] as const) : (['regatta'] as const);
  const rounds = new Map<string, ConformanceBenchRow[]>();
  for (let trial = 1; trial <= trials; trial += 1) {
    for (const tool of tools) {
      const lab = await startScriptLab({ registries: [registry] });
      try {
        const target = lab.targets[0];
        if (target === undefined) {
          throw new Error(`conformance: ${registry} did not start: ${lab.skipped.map((s) => s.reason).join('; ')}`);
        }
        log(`conformance ${trial}/${trials}: ${tool} on ${target.name} ${target.version} at ${target.url}`);
        const row = official.available && tool === 'oci' ? await benchOciConformance(official.binary, target, workDir) : await benchRegattaConformance(target);
        rounds.set(tool, [...(rounds.get(tool) ?? []), row]);
      } finally {
        await lab.stop();
      }
    }
  }
  const walls = (tool: string): number[] => (rounds.get(tool) ?? []).map((row) => row.wallSeconds);
  return {
    rows: [...rounds.values()].map((rows) => medianRound(rows, (row) => row.wallSeconds, 's', 2)),
    paired: { label: 'conformance wall time, regatta / official suite (lower is faster)', ratios: pairedRatios(walls('regatta'), [walls('oci')]) },
  };
}

async function main(): Promise<void> {
  let lab: Lab | undefined;
  const url = args.url('target');
  const registryOption: LabComponentName = args.oneOf('registry', benchRegistries, 'distribution-3');
  const sharedSections = (['pull', 'push', 'manifest', 'scale', 'memory'] as const).some(wants);
  if (url === undefined && sharedSections) {
    lab = await startScriptLab({ registries: [registryOption] });
    log(`lab: ${lab.targets.map((t) => `${t.name} ${t.version} at ${t.url}`).join(', ')}`);
  }
  const targetUrl = url ?? lab?.targets[0]?.url ?? 'http://127.0.0.1:0';
  const target: ResolvedTarget = {
    name: 'lab',
    url: targetUrl,
    namespace: '',
    credentials: { kind: 'anonymous' },
    tls: { insecure: false },
    requestTimeoutMs: 120_000,
  };
  const host = new URL(targetUrl).host;
  const workDir = await mkdtemp(join(tmpdir(), 'regatta-peer-bench-'));
  cleanUpOnInterrupt(() => rm(workDir, { recursive: true, force: true }));
  const rows: BenchRow[] = [];
  const paired: PairedComparison[] = [];
  let conformanceRows: ConformanceBenchRow[] = [];
  let conformancePaired: PairedComparison | undefined;
  try {
    // 1. Blob pull, 16 MiB × 8: wrk on one blob URL vs regatta pulling the same-sized blob with and without digest checks.
    /** The 16 MiB blob wrk pulls, pushed once. */
    let wrkBlobUrl: string | undefined;
    const wrkBlob = async (): Promise<string> => {
      if (wrkBlobUrl === undefined) {
        const http = new LoadTarget(target, 2, systemClock, new MetricsCollector(systemClock));
        const digest = await pushBlob(
          { http, verify: true, signal: new AbortController().signal },
          'peer-bench/wrk',
          { size: 16 * MiB, seed: `wrk-${Date.now()}` },
          { strategy: 'stream' },
        );
        await http.close();
        wrkBlobUrl = `${targetUrl}/v2/peer-bench/wrk/blobs/${digest}`;
      }
      return wrkBlobUrl;
    };
    if (wants('pull')) {
      const pullGroup = 'blob pull 16 MiB × 8';
      const blobUrl = await wrkBlob();
      const pullFlow = { kind: 'pull-blobs' as const, size: 16 * MiB, blobs: 1 };
      const pullFor = { executor: { type: 'constant-vus' as const, vus: 8, durationMs: seconds * 1000 }, flow: pullFlow };
      const cores = availableParallelism();
      // The default (the first pull of the blob hashed, repeats compared with that verified copy); then every pull
      // hashed, on the default thread and on every core (what worker threads buy when hashing is the work); then none.
      const variants = [
        { tool: 'regatta', input: pullFor, copyBytes: defaultVerifyCopyBytes },
        { tool: 'regatta, every pull hashed', input: { ...pullFor, verifyCopyBytes: 0 }, copyBytes: 0 },
        { tool: `regatta, every pull hashed, ${cores} thread${cores === 1 ? '' : 's'}`, input: { ...pullFor, verifyCopyBytes: 0 }, copyBytes: 0, threads: cores },
        { tool: 'regatta --no-verify', input: { ...pullFor, verify: false } },
      ];
      const pulls = await alternated([
        () => {
          log('pull: wrk');
          return wrkPull(blobUrl, 16 * MiB, 8, seconds, workDir);
        },
        ...variants.map(({ tool, input, copyBytes, threads }) => async () => {
          log(`pull: ${tool}`);
          return regattaRow(pullGroup, tool, await run(target, input, 'peer-bench/pull', threads), 'MB/s', copyBytes);
        }),
      ]);
      rows.push(...pulls.medians);
      const [wrkRates = [], ...variantRates] = pulls.rates;
      variants.forEach(({ tool }, index) => {
        paired.push({ label: `${pullGroup}, ${tool} / wrk`, ratios: pairedRatios(variantRates[index] ?? [], [wrkRates]) });
      });
    }
    if (wants('push')) {
      // 2. Push: one big blob (512 MiB, or 128 MiB quick), sequential; then 32 × 16 MiB with 8 in parallel.
      const bigSize = quick ? 128 * MiB : 512 * MiB;
      const bigGroup = `blob push ${bigSize / MiB} MiB × 1`;
      const regctl = join(binDir, 'regctl');
      const home = join(workDir, 'home');
      await regctlSetup(regctl, host, home, workDir);
      log('push big: files');
      const regctlFile = { path: join(workDir, 'big-regctl'), size: bigSize };
      await writeSeededFile(regctlFile.path, bigSize, `regctl-${Date.now()}`);
      const skopeoLayer = join(workDir, 'big-skopeo');
      const skopeoDigest = await writeSeededFile(skopeoLayer, bigSize, `skopeo-${Date.now()}`);
      const layout = join(workDir, 'layout');
      await writeOciLayout(layout, { path: skopeoLayer, digest: skopeoDigest, size: bigSize });
      log('push big: regctl');
      rows.push(await regctlPush(regctl, `${host}/peer-bench/regctl`, [regctlFile], 1, home, workDir, bigGroup));
      log('push big: skopeo');
      rows.push(await skopeoPush(layout, `${host}/peer-bench/skopeo:latest`, bigSize, workDir, bigGroup));
      log('push big: regatta');
      rows.push(
        regattaRow(
          bigGroup,
          'regatta',
          await run(target, { executor: { type: 'constant-vus', vus: 1, iterations: 1 }, flow: { kind: 'push-blobs', size: bigSize } }, 'peer-bench/push'),
        ),
      );
      await rm(layout, { recursive: true, force: true });
      await rm(regctlFile.path, { force: true });

      const count = quick ? 16 : 32;
      const manyGroup = `blob push 16 MiB × ${count}, 8 parallel`;
      const files = [];
      for (let index = 0; index < count; index += 1) {
        const path = join(workDir, `small-${index}`);
        await writeSeededFile(path, 16 * MiB, `regctl-small-${Date.now()}-${index}`);
        files.push({ path, size: 16 * MiB });
      }
      log('push many: regctl');
      rows.push(await regctlPush(regctl, `${host}/peer-bench/regctl`, files, 8, home, workDir, manyGroup));
      log('push many: regatta');
      rows.push(
        regattaRow(
          manyGroup,
          'regatta',
          await run(target, { executor: { type: 'constant-vus', vus: 8, iterations: count }, flow: { kind: 'push-blobs', size: 16 * MiB } }, 'peer-bench/push'),
        ),
      );

    }
    if (wants('manifest')) {
      // 3. Manifest rate, 64 connections. autocannon cannot measure HEAD (it waits for a body the Content-Length
      // announces and HEAD never sends, so it counts 0), so the peer comparison is GET; regatta's HEAD rate is shown too.
      // One manifest, as autocannon asks for one URL: the same work on the registry for both.
      const stormFlow = (method: 'HEAD' | 'GET') => ({ kind: 'manifest-storm' as const, method, manifests: 1 });
      const storm = (method: 'HEAD' | 'GET') => async (): Promise<BenchRow> => {
        log(`manifest: regatta ${method}`);
        const result = await run(target, { executor: { type: 'constant-vus', vus: 64, durationMs: seconds * 1000 }, flow: stormFlow(method) }, 'peer-bench/storm');
        return regattaRow(`manifest ${method} × 64`, 'regatta', result, 'req/s');
      };
      // A regatta row first in every round (GET, or HEAD in reversed rounds): its set-up pushes the manifest autocannon
      // asks for.
      const storms = await alternated([
        storm('GET'),
        () => {
          log('manifest: autocannon');
          return autocannonGet(`${targetUrl}/v2/peer-bench/storm/manifests/m-0`, 64, seconds, workDir, createRequire(import.meta.url).resolve('autocannon/autocannon.js'));
        },
        storm('HEAD'),
      ]);
      rows.push(...storms.medians);
      const [getRates = [], autocannonRates = []] = storms.rates;
      paired.push({ label: 'manifest GET × 64, regatta / autocannon', ratios: pairedRatios(getRates, [autocannonRates]) });
    }
    if (wants('scale')) {
      // 4. Scaling: regatta pulls at 1/8/64/256 concurrent transfers, and wrk at 8/64/256 on the same registry, so a
      // drop that the registry itself shows at 256 connections is told apart from regatta's. Every regatta row lets
      // the iterations in flight finish (a 120 s graceful stop) and counts their time; wrk counts only whole requests.
      // All seven rows take turns over the rounds, so the 256 row is not always the last of regatta's, and each is
      // preceded by a warm-up at its own concurrency (see scaleWarmUpSeconds).
      const wrkUrl = await wrkBlob();
      const regattaVus = [1, 8, 64, 256];
      const wrkConnections = [8, 64, 256];
      const scaling = await alternated([
        ...regattaVus.map((vus) => async () => {
          log(`scaling: pull × ${vus}`);
          const pull = (durationSeconds: number): Promise<ScenarioResult> => {
            const executor = { type: 'constant-vus' as const, vus, durationMs: durationSeconds * 1000, gracefulStopMs: 120_000 };
            return run(target, { executor, flow: { kind: 'pull-blobs', size: 16 * MiB, blobs: 8 } }, 'peer-bench/scale');
          };
          if (scaleWarmUpSeconds > 0) {
            await pull(scaleWarmUpSeconds);
          }
          const result = await pull(scaleSeconds);
          return regattaRow('regatta scaling: pull 16 MiB', `regatta × ${vus}`, result);
        }),
        ...wrkConnections.map((connections) => async () => {
          log(`scaling: wrk × ${connections}`);
          if (scaleWarmUpSeconds > 0) {
            await wrkPull(wrkUrl, 16 * MiB, connections, scaleWarmUpSeconds, workDir);
          }
          const row = await wrkPull(wrkUrl, 16 * MiB, connections, scaleSeconds, workDir);
          return { ...row, group: 'wrk scaling: pull 16 MiB', tool: `wrk × ${connections}` };
        }),
      ]);
      rows.push(...scaling.medians);
      // Issue 17's scaling figure: the most concurrent row against the best of the tool's other rows, in the same round.
      const regattaRates = scaling.rates.slice(0, regattaVus.length);
      const wrkRates = scaling.rates.slice(regattaVus.length);
      const against = (tool: string, counts: readonly number[], rates: readonly number[][]): PairedComparison => ({
        label: `${tool} × ${counts.at(-1)} / its best of ${counts.slice(0, -1).map((count) => `× ${count}`).join(', ')}`,
        ratios: pairedRatios(rates.at(-1) ?? [], rates.slice(0, -1)),
      });
      paired.push(against('regatta', regattaVus, regattaRates), against('wrk', wrkConnections, wrkRates));
    }
    if (wants('memory')) {
      // 5. Memory: 64 concurrent pushes, one 2 GiB and one 4 GiB blob (alone with `--only memory` for a clean baseline).
      log('memory: push 16 MiB × 64');
      rows.push(
        regattaRow(
          'regatta memory',
          'regatta push 16 MiB × 64',
          await run(target, { executor: { type: 'constant-vus', vus: 64, durationMs: seconds * 1000 }, flow: { kind: 'push-blobs', size: 16 * MiB } }, 'peer-bench/push'),
        ),
      );
      if (!quick) {
        // One blob of 2 GiB and one of 4 GiB: issue 17's target holds memory flat whatever the blob's size.
        for (const gib of [2, 4]) {
          log(`memory: push one ${gib} GiB blob`);
          rows.push(
            regattaRow(
              'regatta memory',
              `regatta push ${gib} GiB × 1`,
              await run(target, { executor: { type: 'constant-vus', vus: 1, iterations: 1 }, flow: { kind: 'push-blobs', size: gib * GiB } }, 'peer-bench/push'),
            ),
          );
        }
      }
    }
    if (wants('conformance')) {
      const conformance = await conformanceSection(registryOption, workDir, quick ? 1 : 3);
      conformanceRows = conformance.rows;
      conformancePaired = conformance.paired;
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
    await lab?.stop();
  }
  if (rows.length > 0) {
    process.stdout.write(formatBenchTable(rows));
    process.stdout.write(formatPairedComparisons(paired));
  }
  if (conformanceRows.length > 0) {
    process.stdout.write(`\n${formatConformanceTable(conformanceRows, officialSuiteTool)}`);
    process.stdout.write(formatPairedComparisons(conformancePaired === undefined ? [] : [conformancePaired]));
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`peer bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
