import type { Command } from 'commander';
import { join } from 'node:path';
import type { CliIo, CommandOutcome } from '../cli-io.js';
import { prepareOutDir } from '../prepare-out-dir.js';
import { findPackageRoot } from '../../package/package-root.js';
import { UsageError } from '../../errors/index.js';
import {
  defaultInstallNames,
  installLabComponents,
  isLabComponentName,
  labRegistryNames,
  labResolvedTarget,
  resolveLabPaths,
  startLab,
} from '../../lab/index.js';
import { exitPolicies, runExitCode, type ScenarioResult } from '../../model/index.js';
import { runPipeline, type LoadStage } from '../../run/run-pipeline.js';
import { createLiveConsoleReporter } from '../../../reports/console/live-console-reporter.js';
import { renderConsoleSummary } from '../../../reports/console/render-summary.js';
import { useColor } from '../../../reports/console/use-color.js';
import { createResultsCheckpoint } from '../../../reports/json/results-checkpoint.js';
import { writeReports } from '../../../reports/write-reports.js';
import { applyProfile } from '../../config/apply-profile.js';
import { allCheckIds } from '../../conformance/check-filter.js';
import { loadProfile } from '../../profiles/load-profile.js';
import pullBlobs from '../../../scenarios/pull-blobs.js';
import pushBlobs from '../../../scenarios/push-blobs.js';
import { suites } from '../../../suites/index.js';
import { startSecuredDemoTarget, type SecuredDemoTarget } from './demo-secured-target.js';

interface DemoFlags {
  readonly registry?: string[];
  readonly out?: string;
  readonly loadSeconds: string;
  readonly strict: boolean;
  /** One profile for every target; unset: each lab registry's shipped profile. */
  readonly expect?: string;
  /** Commander's `--no-secured`: true unless given. */
  readonly secured: boolean;
}

/** Default output folder: `results/demo-<UTC timestamp>` under the working directory. */
function defaultOut(cwd: string): string {
  return join(cwd, 'results', `demo-${new Date().toISOString().replace(/[:.]/g, '-')}`);
}

function parseLoadSeconds(text: string): number {
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds < 1 || seconds > 60) {
    throw new UsageError(`--load-seconds must be a number from 1 to 60, got "${text}"`);
  }
  return seconds;
}

/** The demo's load stage: short and small, it shows the pipeline; `regatta bench` measures for real. */
function demoLoad(durationMs: number): LoadStage {
  return { scenarios: [pushBlobs, pullBlobs], overrides: { durationMs, vus: 4, sizeBytes: 1024 * 1024 }, cleanup: true };
}

/** One line per finished demo scenario. */
function scenarioLine(target: string, result: ScenarioResult): string {
  return (
    `  load ${target} ${result.id}: ${result.throughput.mbps.toFixed(1)} MB/s, ` +
    `${result.requests.perSec.toFixed(0)} req/s, p99 ${result.latency.p99.toFixed(1)} ms, ${result.errors} errors\n`
  );
}

async function demoAction(io: CliIo, outcome: CommandOutcome, flags: DemoFlags): Promise<void> {
  const durationMs = parseLoadSeconds(flags.loadSeconds) * 1000;
  const registries = flags.registry ?? labRegistryNames();
  const unknown = registries.filter((name) => !isLabComponentName(name) || !labRegistryNames().includes(name));
  if (unknown.length > 0) {
    throw new UsageError(`unknown lab registry: ${unknown.join(', ')}`, { hint: `choose from ${labRegistryNames().join(', ')}` });
  }
  const paths = resolveLabPaths(io.env);
  io.stdout('regatta demo: installing the lab (cached after the first run)\n');
  const installed = await installLabComponents(defaultInstallNames(), paths, (line) => io.stderr(`lab: ${line}\n`), io.env);
  for (const failure of installed.filter((result) => result.status === 'failed')) {
    io.stderr(`regatta demo: ${failure.name} could not be installed and is left out: ${failure.reason ?? 'unknown'}\n`);
  }
  const out = flags.out ?? defaultOut(io.cwd);
  // Before the lab starts: an --out that cannot be written is exit 2 now, and results.json is rewritten there as the run goes.
  await prepareOutDir(out);
  const lab = await startLab({ registries: registries.filter(isLabComponentName), paths, signal: io.signal });
  let secured: SecuredDemoTarget | undefined;
  try {
    for (const skipped of lab.skipped) {
      io.stderr(`regatta demo: ${skipped.name} left out: ${skipped.reason}\n`);
    }
    if (flags.secured && lab.targets.some((target) => target.name === 'distribution-3')) {
      const started = await startSecuredDemoTarget(paths, io.signal);
      if ('reason' in started) {
        io.stderr(`regatta demo: the token + TLS variant of distribution-3 is left out: ${started.reason}\n`);
      } else {
        secured = started;
      }
    }
    const unjudged = [...lab.targets.map((target) => labResolvedTarget(target)), ...(secured === undefined ? [] : [secured.target])];
    // Each lab registry is judged with its shipped profile (its documented deviations show as known), or all with --expect.
    const checkIds = allCheckIds(suites);
    const targets = await Promise.all(
      unjudged.map(async (target) => {
        const reference = flags.expect ?? (target.name === secured?.target.name ? 'distribution-3' : target.name);
        return applyProfile(target, await loadProfile(reference, { cwd: io.cwd, setting: flags.expect === undefined ? 'demo' : '--expect', checkIds }));
      }),
    );
    io.stdout(`regatta demo: lab up: ${targets.map((target) => `${target.name} ${target.url}`).join(', ')}\n`);
    const load = demoLoad(durationMs);
    io.stdout(
      `regatta demo: conformance (every suite), then load (push-blobs and pull-blobs, ${durationMs / 1000} s each, ` +
        `4 VUs, 1 MiB blobs) on every lab registry\n`,
    );
    // The demo is an option set of the one run pipeline: all suites and two short scenarios per lab target.
    // results.json is rewritten as the run goes: a killed run keeps what it had.
    const checkpoint = createResultsCheckpoint(out);
    const run = await runPipeline({
      kind: 'demo',
      checkpoints: checkpoint,
      targets,
      env: io.env,
      ...(io.onRunStarted === undefined ? {} : { onRunStarted: io.onRunStarted }),
      conformance: { suites },
      load,
      signal: io.signal,
      // Several registries at once: a line per finished suite shows progress without burying the summary.
      events: {
        ...createLiveConsoleReporter({ write: io.stdout, detail: 'suite' }),
        onScenarioEnd: (target, result) => io.stdout(scenarioLine(target, result)),
      },
      config: {
        demo: true,
        registries,
        secured: secured !== undefined,
        targets: targets.map(({ name, url, namespace }) => ({ name, url, namespace })),
        load: { scenarios: load.scenarios.map((scenario) => scenario.id), ...load.overrides },
        strict: flags.strict,
        expect: flags.expect ?? 'shipped profile per registry',
        root: findPackageRoot(),
      },
    });
    await checkpoint.settle();
    await writeReports(run, out);
    io.stdout(renderConsoleSummary(run, { color: useColor(io.env, io.isTty) }));
    io.stdout(`regatta demo: report written to ${join(out, 'report.html')} (also results.json, junit.xml, summary.md)\n`);
    outcome.exitCode = runExitCode(run, flags.strict ? exitPolicies.demoStrict : exitPolicies.demo);
  } finally {
    await Promise.all([lab.stop(), secured?.lab.stop()]);
  }
}

/**
 * Registers `regatta demo`, the README's main job: install and start the lab registries on loopback, run every
 * conformance suite and a short load scenario against each, write all reports, stop the lab.
 */
export function registerDemoCommand(program: Command, io: CliIo, outcome: CommandOutcome): void {
  program
    .command('demo')
    .description('install and start the lab registries, run conformance and a short load test on each, write the report')
    .option('--registry <name...>', `lab registries to include (default: all of ${labRegistryNames().join(', ')})`)
    .option('--out <dir>', 'where to write the reports (default: results/demo-<timestamp>)')
    .option('--load-seconds <n>', 'duration of each load scenario per registry', '3')
    .option('--expect <name|file>', 'expectation profile for every lab registry (default: each registry\'s shipped profile)')
    .option('--strict', 'exit 1 when a registry fails a check (by default failures are findings, exit 0)', false)
    .option(
      '--no-secured',
      'leave out distribution-3-token-tls, the second distribution-3 over TLS behind the lab token server (auth suite)',
    )
    .action((flags: DemoFlags) => demoAction(io, outcome, flags));
}
