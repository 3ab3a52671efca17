import type { Command } from 'commander';
import type { CliIo, CommandOutcome } from '../cli-io.js';
import { printTargetErrors } from '../print-target-errors.js';
import { declareFlags } from '../../config/declare-flags.js';
import { configFileFlag, conformanceFlagTable, targetAccessFlags, targetTlsFlagTable } from '../../config/flag-table.js';
import { loadRunConfig, type LoadedRunConfig, type LoadRunConfigInput } from '../../config/load-run-config.js';
import { redactConfig } from '../../config/redact-config.js';
import { anythingRan, exitPolicies, runExitCode, type RunResult } from '../../model/index.js';
import { allCheckIds, assertFilterSelects } from '../../conformance/check-filter.js';
import { formatCheckListing, listChecks } from '../../conformance/list-checks.js';
import { prepareOutDir } from '../prepare-out-dir.js';
import { UsageError } from '../../errors/index.js';
import { defaultSpecVersion, specVersionSchema } from '../../model/spec-version.js';
import { runPipeline } from '../../run/run-pipeline.js';
import { createLiveConsoleReporter } from '../../../reports/console/live-console-reporter.js';
import { renderConsoleSummary } from '../../../reports/console/render-summary.js';
import { useColor } from '../../../reports/console/use-color.js';
import { createResultsCheckpoint } from '../../../reports/json/results-checkpoint.js';
import { writeReports } from '../../../reports/write-reports.js';
import { suites } from '../../../suites/index.js';

/** Collects a repeatable option that may also hold comma lists (`--spec end-5,end-6`). */
function collectList(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(',').map((part) => part.trim()).filter((part) => part !== '')];
}

/** Flag values as a list of id prefixes: repeated flags and comma lists alike. */
function idPrefixes(value: unknown): string[] {
  const items = typeof value === 'string' ? [value] : Array.isArray(value) ? value.map(String) : [];
  return items.flatMap((item) => item.split(',').map((part) => part.trim()).filter((part) => part !== ''));
}

/** `--list`: the checks the flags select, from the suites alone (no config, no target, no network). */
function listSelectedChecks(flags: Record<string, unknown>, spec: unknown): string {
  const filter = { suites: idPrefixes(flags['suite']), checks: idPrefixes(flags['check']) };
  assertFilterSelects(filter, suites);
  const version = specVersionSchema.safeParse(flags['specVersion'] ?? defaultSpecVersion);
  if (!version.success) {
    throw new UsageError(`--spec-version ${String(flags['specVersion'])}: must be 1.0, 1.1 or main`);
  }
  return formatCheckListing(listChecks(suites, filter, idPrefixes(spec), { specVersion: version.data, strict: flags['grading'] === 'strict' }));
}

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
  command
    .option('--list', 'print id, level, spec sections and api of the selected checks, then exit (contacts no registry)')
    .option('--spec <section>', 'with --list: only checks enforcing this spec section, e.g. end-5 (repeatable, comma lists)', collectList);
  command.action(async (allFlags: Record<string, unknown>) => {
    const { list, spec, ...flags } = allFlags;
    if (list === true) {
      io.stdout(listSelectedChecks(flags, spec));
      return;
    }
    const { config, targets } = await deps.loadConfig({
      flags,
      env: io.env,
      cwd: io.cwd,
      checkIds: allCheckIds(suites),
      ...(io.readStdin === undefined ? {} : { readStdin: io.readStdin }),
    });
    // Before any request: a filter that names nothing and an output folder that cannot be written are exit 2 at once.
    assertFilterSelects({ suites: config.suites, checks: config.checks }, suites);
    await prepareOutDir(config.out ?? io.cwd);
    // Every target goes through its target session: credentials (flags, env, config, Docker config, helpers, with
    // the passwordCommand refresh), the token cache and TLS, resolved before any request.
    // results.json is rewritten as the run goes: a killed run keeps what it had.
    const checkpoint = createResultsCheckpoint(config.out ?? io.cwd);
    const run = await runPipeline({
      kind: 'conformance',
      checkpoints: checkpoint,
      targets,
      env: io.env,
      ...(io.onRunStarted === undefined ? {} : { onRunStarted: io.onRunStarted }),
      conformance: {
        suites,
        suiteFilter: config.suites,
        checkFilter: config.checks,
        keep: config.keep,
        concurrency: config.concurrency,
        grading: { specVersion: config.specVersion, strict: config.grading === 'strict' },
      },
      ...(config.runId === undefined ? {} : { runId: config.runId }),
      signal: io.signal,
      config: redactConfig(config),
      labels: config.labels,
      // One line per finished check on a terminal; CI logs and pipes get one line per suite, so a long run shows progress.
      events: createLiveConsoleReporter({
        write: io.stdout,
        showTarget: targets.length > 1,
        detail: io.isTty && io.env['CI'] !== 'true' ? 'check' : 'suite',
      }),
    });
    const outDir = config.out ?? io.cwd;
    await checkpoint.settle();
    await deps.writeReports(run, outDir);
    if (printTargetErrors(run, io) < run.targets.length) {
      io.stdout(deps.renderSummary(run, io));
      io.stdout(`results written to ${outDir}\n`);
    }
    if (!anythingRan(run) && !run.interrupted && run.targets.every((target) => target.error === undefined)) {
      io.stderr('regatta: no check ran (every selected check was skipped); a run that checked nothing does not pass\n');
    }
    outcome.exitCode = runExitCode(run, exitPolicies.conformance, { failOn: config.failOn });
  });
}
