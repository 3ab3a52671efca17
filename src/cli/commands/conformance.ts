import type { Command } from 'commander';
import type { CliIo, CommandOutcome } from '../cli-io.js';
import { resolveCredentials, type AuthCredentials } from '../../auth/auth-credentials.js';
import { TokenAuthProvider } from '../../auth/token-auth-provider.js';
import { createRegistryClient } from '../../client/index.js';
import type { RegistryClient, TranscriptRecorder } from '../../client/types.js';
import { declareFlags } from '../../config/declare-flags.js';
import { configFileFlag, conformanceFlagTable, targetTlsFlagTable } from '../../config/flag-table.js';
import { loadRunConfig, type LoadedRunConfig, type LoadRunConfigInput } from '../../config/load-run-config.js';
import { redactConfig } from '../../config/redact-config.js';
import type { ResolvedTarget } from '../../config/target.js';
import { conformanceExitCode } from '../../conformance/conformance-exit-code.js';
import { runConformance } from '../../conformance/run-conformance.js';
import type { RunResult } from '../../model/index.js';
import { createLiveConsoleReporter } from '../../../reports/console/live-console-reporter.js';
import { renderConsoleSummary } from '../../../reports/console/render-summary.js';
import { writeReports } from '../../../reports/write-reports.js';
import { suites } from '../../../suites/index.js';

/** The pieces the command is wired from; tests plug in here. */
export interface ConformanceCommandDeps {
  readonly loadConfig: (input: LoadRunConfigInput) => Promise<LoadedRunConfig>;
  /** `credentials` are the target's, resolved before the run (config, Docker config, helpers). */
  readonly createClient: (target: ResolvedTarget, recorder: TranscriptRecorder, credentials: AuthCredentials) => RegistryClient;
  readonly writeReports: (run: RunResult, outDir: string) => Promise<unknown>;
  readonly renderSummary: (run: RunResult, io: CliIo) => string;
}

/** Default wiring: the shared config loader, the undici client and the shared reporters. */
const defaultDeps: ConformanceCommandDeps = {
  loadConfig: loadRunConfig,
  // Every target goes through the auth layer: Basic, the Docker token flow, Docker config and helpers.
  createClient: (target, recorder, credentials) =>
    createRegistryClient({ target, recorder, auth: new TokenAuthProvider({ target, credentials }) }),
  writeReports,
  renderSummary: (run, io) => renderConsoleSummary(run, { color: io.isTty }),
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
  declareFlags(command, { config: configFileFlag }, conformanceFlagTable, targetTlsFlagTable);
  command.action(async (flags: Record<string, unknown>) => {
    const { config, targets } = await deps.loadConfig({ flags, env: io.env, cwd: io.cwd });
    // Resolved up front: a broken Docker config or credential helper is one clear line and exit 2, not errored checks.
    const credentials = new Map<string, AuthCredentials>();
    for (const target of targets) {
      credentials.set(target.name, (await resolveCredentials(target, io.env)).credentials);
    }
    const run = await runConformance({
      targets,
      suites,
      suiteFilter: config.suites,
      checkFilter: config.checks,
      keep: config.keep,
      concurrency: config.concurrency,
      ...(config.runId === undefined ? {} : { runId: config.runId }),
      signal: io.signal,
      createClient: (target, recorder) =>
        deps.createClient(target, recorder, credentials.get(target.name) ?? { kind: 'anonymous' }),
      config: redactConfig(config),
      // One line per finished check on a terminal; CI logs get the summary only.
      ...(io.isTty ? { events: createLiveConsoleReporter({ write: io.stdout, showTarget: targets.length > 1 }) } : {}),
    });
    const outDir = config.out ?? io.cwd;
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
