/**
 * `regatta k8s export SCENARIO --target URL --parallelism N --out DIR`: writes what runs one scenario as N shares on a
 * Kubernetes cluster (issue 16 item 3): the set-up, Indexed run and teardown Jobs, run.sh (apply, start instant,
 * gather, merge, teardown) and the runner image's Dockerfile. Nothing is applied: the user's kubectl does that.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import type { CliIo, CommandOutcome } from '../cli-io.js';
import { ExitCode } from '../exit-codes.js';
import { readPackageVersion } from '../../package/package-info.js';
import { UsageError } from '../../errors/index.js';
import { plannedDurationMs } from '../../load/executors/run-executor.js';
import { maxSegments, segmentExecutor } from '../../load/segments/segment.js';
import { readDockerfile } from '../../k8s/dockerfile.js';
import { exportJobs, jobNames } from '../../k8s/job-manifests.js';
import { renderRunScript } from '../../k8s/run-script.js';
import { declareExportFlags, resolveExportSettings, type ExportFlags } from './export-settings.js';

/** Flags of `k8s export` beyond the shared ones. */
interface K8sExportFlags extends ExportFlags {
  readonly parallelism?: string;
  readonly image?: string;
  readonly secret?: string;
}

/** YAML for kubectl, every object written out in full (no anchors: easier to read and to edit by hand). */
function toYaml(object: unknown): string {
  return stringify(object, { aliasDuplicateObjects: false });
}

/** Parses `--parallelism`: how many shares. */
function parseParallelism(text: string | undefined): number {
  if (text === undefined) {
    throw new UsageError('--parallelism is required: how many pods share the run');
  }
  const count = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(count) || count < 1 || count > maxSegments) {
    throw new UsageError(`--parallelism: "${text}" is not a whole number from 1 to ${maxSegments}`);
  }
  return count;
}

/** Registers `regatta k8s export`. */
export function registerK8sCommand(program: Command, io: CliIo, outcome: CommandOutcome): void {
  const k8s = program.command('k8s').description('run a scenario distributed on Kubernetes (regatta inside Jobs)');
  const exportCommand = k8s
    .command('export')
    .description('write the set-up, Indexed run and teardown Jobs, run.sh and the runner Dockerfile for N shares of a scenario');
  declareExportFlags(exportCommand)
    .option('--parallelism <count>', 'how many pods (shares) run the measured phase together')
    .option('--threads <count>', 'load threads per pod')
    .option('--image <image>', 'the runner image built from the exported Dockerfile (default regatta:<version>)')
    .option('--secret <name>', 'a Secret with optional keys username, password, token for the registry');
  exportCommand.action(async (scenarioId: string, flags: K8sExportFlags & { threads?: string }) => {
    const parallelism = parseParallelism(flags.parallelism);
    const settings = await resolveExportSettings(scenarioId, flags, io, flags.threads === undefined ? {} : { threads: flags.threads });
    // Refused now, not in N pods later: a scenario too small for N shares says how many it can take.
    segmentExecutor(settings.scenario.executor, { index: 0, count: parallelism });
    const version = readPackageVersion();
    const image = flags.image ?? `regatta:${version}`;
    const { bench } = settings;
    const names = jobNames(bench);
    const jobs = exportJobs({ bench, parallelism, image, ...(flags.secret === undefined ? {} : { secret: flags.secret }) });
    const executor = settings.scenario.executor;
    const runTimeoutSeconds = Math.ceil((plannedDurationMs(executor) + executor.gracefulStopMs) / 1000) + 600;
    const outDir = resolve(io.cwd, settings.outDir);
    await mkdir(outDir, { recursive: true });
    const files: [string, string][] = [
      ['setup-job.yaml', toYaml(jobs.setup)],
      ['run-job.yaml', toYaml(jobs.run)],
      ['teardown-job.yaml', toYaml(jobs.teardown)],
      ['run.sh', renderRunScript({ bench, names, parallelism, runTimeoutSeconds })],
      ['Dockerfile', await readDockerfile()],
    ];
    for (const [name, text] of files) {
      await writeFile(resolve(outDir, name), text, { mode: name.endsWith('.sh') ? 0o755 : 0o644 });
    }
    io.stdout(`wrote ${files.map(([name]) => name).join(', ')} to ${outDir}\nrun ${bench.runId}: ${parallelism} shares of ${bench.scenario}; build the image from the Dockerfile, then ./run.sh\n`);
    outcome.exitCode = ExitCode.ok;
  });
}
