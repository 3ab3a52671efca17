import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliIo, CommandOutcome } from '../cli-io.js';
import type { RegistryClient, TranscriptRecorder } from '../../client/types.js';
import type { ResolvedTarget } from '../../config/target.js';
import type { RunResult } from '../../model/index.js';
import { suites } from '../../../suites/index.js';
import { createLiveConsoleReporter } from '../../../reports/console/live-console-reporter.js';
import { renderConsoleSummary } from '../../../reports/console/render-summary.js';
import { loadTargetsFallback, writeResultsFallback, type ConformanceFlags } from '../../conformance/cli-fallbacks.js';
import { conformanceExitCode } from '../../conformance/conformance-exit-code.js';
import { runConformance } from '../../conformance/run-conformance.js';
import { createRegistryClient } from '../../client/index.js';

/** Collects a repeatable option into an array. */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** The pieces the command is wired from; tests and the shared modules plug in here. */
export interface ConformanceCommandDeps {
  readonly loadTargets: (
    flags: ConformanceFlags,
    io: CliIo,
  ) => Promise<{ readonly targets: ResolvedTarget[]; readonly config: Record<string, unknown> }>;
  readonly createClient: (target: ResolvedTarget, recorder: TranscriptRecorder) => RegistryClient;
  readonly writeReports: (run: RunResult, outDir: string) => Promise<void>;
  readonly renderSummary: (run: RunResult, io: CliIo) => string;
}

/** Default wiring. */
const defaultDeps: ConformanceCommandDeps = {
  loadTargets: (flags, io) => Promise.resolve(loadTargetsFallback(flags, io.env)),
  createClient: (target, recorder) => createRegistryClient({ target, recorder }),
  writeReports: writeResultsFallback,
  renderSummary: (run, io) => renderConsoleSummary(run, { color: io.isTty }),
};

/** `results/<timestamp>` under the working directory, filesystem-safe. */
function defaultOutDir(cwd: string, now: Date): string {
  return resolve(cwd, 'results', now.toISOString().replace(/[:.]/g, '-'));
}

/**
 * Registers `regatta conformance`: runs the suites against each target, writes the reports to `--out`, prints the
 * summary, and sets the exit code (0 passed/warned, 1 failed, 2 config or unreachable, 3 errored, 130 interrupted).
 */
export function registerConformanceCommand(
  program: Command,
  io: CliIo,
  outcome: CommandOutcome,
  deps: ConformanceCommandDeps = defaultDeps,
): void {
  program
    .command('conformance')
    .description('check registries against the OCI distribution spec')
    .option('-t, --target <url|name=url>', 'registry to check (repeatable)', collect)
    .option('-c, --config <file>', 'YAML or JSON config file with targets and settings')
    .option('-s, --suite <prefix>', 'run only suites whose id starts with this (repeatable)', collect)
    .option('--check <prefix>', 'run only checks whose full id starts with this (repeatable)', collect)
    .option('-o, --out <dir>', 'directory for results.json, junit.xml and reports (default: results/<timestamp>)')
    .option('--keep', 'leave everything the run pushed in the registry')
    .action(async (flags: ConformanceFlags) => {
      const { targets, config } = await deps.loadTargets(flags, io);
      const run = await runConformance({
        targets,
        suites,
        suiteFilter: flags.suite ?? [],
        checkFilter: flags.check ?? [],
        keep: flags.keep ?? false,
        signal: io.signal,
        createClient: deps.createClient,
        config,
        // One line per finished check on a terminal; CI logs get the summary only.
        ...(io.isTty ? { events: createLiveConsoleReporter({ write: io.stdout, showTarget: targets.length > 1 }) } : {}),
      });
      const outDir = flags.out === undefined ? defaultOutDir(io.cwd, new Date()) : resolve(io.cwd, flags.out);
      await deps.writeReports(run, outDir);
      const unreachable = run.targets.filter((target) => target.status === 'errored' && target.error !== undefined);
      for (const target of unreachable) {
        io.stderr(`regatta: ${target.error ?? ''}\n`);
      }
      if (unreachable.length < run.targets.length) {
        io.stdout(deps.renderSummary(run, io));
        io.stdout(`results written to ${outDir}\n`);
      }
      outcome.exitCode = conformanceExitCode(run);
    });
}
