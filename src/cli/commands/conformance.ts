import type { Command } from 'commander';
import type { CliIo, CommandOutcome } from '../cli-io.js';
import { printTargetErrors } from '../print-target-errors.js';
import { declareFlags } from '../../config/declare-flags.js';
import { configFileFlag, conformanceFlagTable, targetAccessFlags, targetTlsFlagTable } from '../../config/flag-table.js';
import { loadRunConfig, type LoadedRunConfig, type LoadRunConfigInput } from '../../config/load-run-config.js';
import { redactConfig } from '../../config/redact-config.js';
import { exitPolicies, runExitCode, type RunResult } from '../../model/index.js';
import { runPipeline } from '../../run/run-pipeline.js';
import { createLiveConsoleReporter } from '../../../reports/console/live-console-reporter.js';
import { renderConsoleSummary } from '../../../reports/console/render-summary.js';
import { useColor } from '../../../reports/console/use-color.js';
import { writeReports } from '../../../reports/write-reports.js';
import { suites } from '../../../suites/index.js';

/** The pieces the command is wired from; tests plug in here. */
export interface ConformanceCommandDeps {
  readonly loadConfig: (input: LoadRunConfigInput) => Promise<LoadedRunConfig>;
  readonly writeReports: (run: RunResult, outDir: string) => Promise<unknown>;
  readonly renderSummary: (run: RunResult, io: CliIo) => string;
}

/** Default wiring: the shared config loader and the shared reporters. */
const defaultDeps: ConformanceCommandDeps = {
  loadConfig: loadRunConfig,
  writeReports,
  renderSummary: (run, io) => renderConsoleSummary(run, { color: useColor(io.env, io.isTty) }),
};

/**
 * Registers `regatta conformance`: runs the suites against each target, writes every report to `--out`, prints the
 * summary, and sets the exit code (0 passed/warned, 1 failed, 2 config or unreachable, 3 errored, 130 interrupted).
 * A target that cannot be run (unreachable, not a registry, wrong scheme) is one line on stderr.
 */
export function registerConformanceCommand(
  program: Command,
  io: CliIo,
  outcome: CommandOutcome,
  deps: ConformanceCommandDeps = defaultDeps,
): void {
  const command = program.command('conformance').description('check registries against the OCI distribution spec');
  declareFlags(command, { config: configFileFlag }, conformanceFlagTable, targetAccessFlags, targetTlsFlagTable);
  command.action(async (flags: Record<string, unknown>) => {
    const { config, targets } = await deps.loadConfig({
      flags,
      env: io.env,
      cwd: io.cwd,
      ...(io.readStdin === undefined ? {} : { readStdin: io.readStdin }),
    });
    // Every target goes through its target session: credentials (flags, env, config, Docker config, helpers, with
    // the passwordCommand refresh), the token cache and TLS, resolved before any request.
    const run = await runPipeline({
      kind: 'conformance',
      targets,
      env: io.env,
      ...(io.onRunStarted === undefined ? {} : { onRunStarted: io.onRunStarted }),
      conformance: {
        suites,
        suiteFilter: config.suites,
        checkFilter: config.checks,
        keep: config.keep,
        concurrency: config.concurrency,
      },
      ...(config.runId === undefined ? {} : { runId: config.runId }),
      signal: io.signal,
      config: redactConfig(config),
      // One line per finished check on a terminal; CI logs and pipes get one line per suite, so a long run shows progress.
      events: createLiveConsoleReporter({
        write: io.stdout,
        showTarget: targets.length > 1,
        detail: io.isTty && io.env['CI'] !== 'true' ? 'check' : 'suite',
      }),
    });
    const outDir = config.out ?? io.cwd;
    await deps.writeReports(run, outDir);
    if (printTargetErrors(run, io) < run.targets.length) {
      io.stdout(deps.renderSummary(run, io));
      io.stdout(`results written to ${outDir}\n`);
    }
    outcome.exitCode = runExitCode(run, exitPolicies.conformance);
  });
}
