import { Option, type Command } from 'commander';
import type { CliIo, CommandOutcome } from '../cli-io.js';
import { prepareOutDir } from '../prepare-out-dir.js';
import { printTargetErrors } from '../print-target-errors.js';
import { findScenario, scenarios } from '../../../scenarios/index.js';
import { declareFlags } from '../../config/declare-flags.js';
import { configFileFlag, conformanceFlagTable, loadFlagTable, targetAccessFlags, targetTlsFlagTable } from '../../config/flag-table.js';
import { loadRunConfig } from '../../config/load-run-config.js';
import { allCheckIds } from '../../conformance/check-filter.js';
import { redactConfig } from '../../config/redact-config.js';
import { UsageError } from '../../errors/index.js';
import { exitPolicies, runExitCode, type RunResult } from '../../model/index.js';
import { createBenchProgress } from '../../load/progress/bench-progress.js';
import { runPipeline } from '../../run/run-pipeline.js';
import { applyOverrides, type ScenarioOverrides } from '../../load/apply-overrides.js';
import { createRunId } from '../../model/run-id.js';
import { declareDistributedFlags, lateStartMs, parseDistributedFlags, runOnePhase, segmentRun } from './bench-segments.js';
import { createResultsCheckpoint } from '../../../reports/json/results-checkpoint.js';
import { writeReports } from '../../../reports/write-reports.js';
import { resultLinePrefix } from '../../../reports/json/load-run-result.js';

/** The pieces the command is wired from; tests plug in here. */
export interface BenchCommandDeps {
  readonly writeReports: (run: RunResult, outDir: string) => Promise<unknown>;
}

const defaultDeps: BenchCommandDeps = { writeReports };

/**
 * Registers `regatta bench`: runs one scenario on each target in turn, shows live progress, writes the same reports
 * as conformance (a scenario is a testcase, a crossed threshold a failure) and exits 1 when a threshold is crossed.
 */
export function registerBenchCommand(
  program: Command,
  io: CliIo,
  outcome: CommandOutcome,
  deps: BenchCommandDeps = defaultDeps,
): void {
  const command = program
    .command('bench')
    .description(`measure registry throughput and latency with a scenario (${scenarios.map((s) => s.id).join(', ')})`);
  declareFlags(
    command,
    { config: configFileFlag },
    {
      targets: conformanceFlagTable.targets,
      out: conformanceFlagTable.out,
      runId: conformanceFlagTable.runId,
      expect: conformanceFlagTable.expect,
      labels: conformanceFlagTable.labels,
      keep: conformanceFlagTable.keep,
    },
    loadFlagTable,
    targetAccessFlags,
    targetTlsFlagTable,
  );
  // The old spelling of --no-verify still works, off the help, with one line telling the new one.
  command.addOption(new Option('--skip-verify').hideHelp());
  declareDistributedFlags(command);
  command.action(async (flags: Record<string, unknown>) => {
    const { skipVerify, segment, phase, iterations, startAt, resultLine, ...configFlags } = flags;
    if (skipVerify === true) {
      io.stderr('regatta: --skip-verify is deprecated; use --no-verify\n');
    }
    const { config, targets } = await loadRunConfig({
      flags: skipVerify === true ? { ...configFlags, verify: false } : configFlags,
      env: io.env,
      cwd: io.cwd,
      checkIds: async () => allCheckIds((await import('../../../suites/index.js')).suites),
      ...(io.readStdin === undefined ? {} : { readStdin: io.readStdin }),
    });
    const id = config.load.scenario;
    if (id === undefined) {
      throw new UsageError(`--scenario is required; one of: ${scenarios.map((s) => s.id).join(', ')}`);
    }
    const scenario = findScenario(id);
    if (scenario === undefined) {
      throw new UsageError(`unknown scenario "${id}"; one of: ${scenarios.map((s) => s.id).join(', ')}`);
    }
    const distributed = parseDistributedFlags({ segment, phase, iterations, startAt }, config.runId);
    if (distributed.startAt !== undefined && targets.length > 1) {
      // One instant starts one measured phase: a second target's scenario would start late by the whole first run.
      throw new UsageError(`--start-at synchronises one target, not ${targets.length}: run each target as a distributed run of its own`);
    }
    if (distributed.phase !== undefined && config.load.trials > 1) {
      // A share is one part of one measurement; its trials would not line up with the other shares'.
      throw new UsageError('--trials does not combine with --segment/--phase: run the whole distributed bench once per trial');
    }
    // A distributed run's phases and shares must all name one run; a plain bench may leave it to the pipeline.
    const runId = distributed.phase === undefined ? config.runId : (config.runId ?? createRunId());
    // Only what the user set (flag, environment or config file) overrides the scenario's own settings.
    const overrides: ScenarioOverrides = {
      ...(config.load.durationMs === undefined ? {} : { durationMs: config.load.durationMs }),
      ...(config.load.vus === undefined ? {} : { vus: config.load.vus }),
      ...(config.load.rate === undefined ? {} : { rate: config.load.rate }),
      ...(config.load.sizeBytes === undefined ? {} : { sizeBytes: config.load.sizeBytes }),
      ...(config.load.minIterations === undefined ? {} : { minIterations: config.load.minIterations }),
      ...(config.load.verify ? {} : { verify: false }),
      ...(config.load.verifyCopyBytes === undefined ? {} : { verifyCopyBytes: config.load.verifyCopyBytes }),
      ...(distributed.iterations === undefined ? {} : { iterations: distributed.iterations }),
    };
    if (runId !== undefined && (distributed.phase === 'setup' || distributed.phase === 'teardown')) {
      outcome.exitCode = await runOnePhase({ phase: distributed.phase, runId, targets, scenario: applyOverrides(scenario, overrides), io });
      return;
    }
    const { segment: shareSegment } = distributed;
    const share = shareSegment === undefined || runId === undefined ? undefined : segmentRun({ ...distributed, segment: shareSegment }, runId, overrides, io.signal);
    // The same pipeline as conformance, without suites: sessions (Docker config and helpers too), reachability and
    // credentials first (an unreachable target is exit 2), then the scenario.
    // Before any request: an --out that cannot be written is exit 2, and results.json is rewritten there as the run goes.
    await prepareOutDir(config.out ?? io.cwd);
    const checkpoint = createResultsCheckpoint(config.out ?? io.cwd);
    const measured = await runPipeline({
      kind: 'bench',
      checkpoints: checkpoint,
      targets,
      env: io.env,
      ...(io.onRunStarted === undefined ? {} : { onRunStarted: io.onRunStarted }),
      ...(runId === undefined ? {} : { runId }),
      load: {
        scenarios: [scenario],
        overrides,
        ...(config.load.threads === undefined ? {} : { threads: config.load.threads }),
        trials: config.load.trials,
        cleanup: !config.keep,
        ...(share === undefined ? {} : { prepareScenario: share.prepare }),
      },
      signal: io.signal,
      events: createBenchProgress({ write: io.stdout, isTty: io.isTty }),
      config: redactConfig(config),
      labels: config.labels,
    });
    const run = share === undefined ? measured : share.stamp(measured, targets, scenario);
    const lateMs = lateStartMs(run);
    if (lateMs !== undefined) {
      io.stderr(`warning: this share began ${(lateMs / 1000).toFixed(1)} s after --start-at (it was not ready in time); the merged run counts it as it ran\n`);
    }
    await checkpoint.settle();
    await deps.writeReports(run, config.out ?? io.cwd);
    printTargetErrors(run, io);
    io.stdout(`results written to ${config.out ?? io.cwd}\n`);
    if (resultLine === true) {
      // Last, on a line of its own: `report --merge-shares` finds it in a Kubernetes pod's log.
      io.stdout(`${resultLinePrefix}${JSON.stringify(run)}\n`);
    }
    outcome.exitCode = runExitCode(run, exitPolicies.bench);
  });
}
