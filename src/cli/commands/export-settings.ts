/**
 * What `regatta k8s export` and `regatta k6 export` share: a scenario, one target and the bench load settings,
 * checked exactly as `regatta bench` checks them (exit 2 naming the setting) before anything is written, so an
 * exported run cannot fail on a setting the export already knew was wrong.
 */
import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { findScenario, scenarios } from '../../../scenarios/index.js';
import { loadRunConfig } from '../../config/load-run-config.js';
import { createRunId } from '../../model/run-id.js';
import { UsageError } from '../../errors/index.js';
import { applyOverrides, type ScenarioOverrides } from '../../load/apply-overrides.js';
import type { Scenario } from '../../load/define-scenario.js';
import type { ExportedBench } from '../../k8s/bench-argv.js';

/** The raw flags both exports declare. */
export interface ExportFlags {
  readonly target?: string;
  readonly namespace?: string;
  readonly vus?: string;
  readonly duration?: string;
  readonly rate?: string;
  readonly size?: string;
  readonly iterations?: string;
  readonly threads?: string;
  readonly verify?: boolean;
  readonly insecure?: boolean;
  readonly runId?: string;
  readonly out?: string;
}

/** Declares the scenario argument and the shared flags. */
export function declareExportFlags(command: Command): Command {
  return command
    .argument('<scenario>', `the scenario (${scenarios.map((s) => s.id).join(', ')})`)
    .option('-t, --target <url>', 'the registry URL')
    .option('--namespace <prefix>', 'repository prefix on the target')
    .option('--vus <count>', 'virtual users of the whole run')
    .option('-d, --duration <duration>', 'how long the measured phase runs (with a unit: 30s, 5m)')
    .option('--rate <per-second>', 'iterations per second (open model)')
    .option('--size <size>', 'blob or layer size (64KiB, 1MiB)')
    .option('--iterations <count>', 'a fixed number of iterations shared by the VUs')
    .option('--no-verify', 'do not verify transferred blobs by digest')
    .option('--insecure', 'skip TLS verification of the target')
    .option('--run-id <id>', 'the run id every phase and share uses (default: a new one)')
    .option('-o, --out <dir>', 'directory to write into (created)');
}

/** A checked export: the scenario after overrides, the settings as typed, where to write. */
export interface ExportSettings {
  readonly scenario: Scenario;
  readonly bench: ExportedBench;
  readonly outDir: string;
  /** False when `--target` was left out (k6 export): the runner gets the registry URL from its environment. */
  readonly targetGiven: boolean;
}

/**
 * Stands in for a left-out `--target` while the settings are checked (nothing is contacted during an export); the
 * `.invalid` top-level domain never resolves (RFC 6761), and the export writes no URL when `--target` is absent.
 */
const unnamedTarget = 'https://registry.invalid';

/** Checks the flags as `regatta bench` would; throws UsageError/ConfigError naming what to fix. */
export async function resolveExportSettings(
  scenarioId: string,
  flags: ExportFlags,
  io: CliIo,
  extraFlags: { threads?: string; targetOptional?: boolean } = {},
): Promise<ExportSettings> {
  const found = findScenario(scenarioId);
  if (found === undefined) {
    throw new UsageError(`unknown scenario "${scenarioId}"; one of: ${scenarios.map((s) => s.id).join(', ')}`);
  }
  if (flags.target === undefined && extraFlags.targetOptional !== true) {
    throw new UsageError('--target is required: the registry URL every exported phase runs against');
  }
  if (flags.out === undefined) {
    throw new UsageError('--out is required: the directory the export is written to');
  }
  const { config, targets } = await loadRunConfig({
    flags: {
      target: [flags.target ?? unnamedTarget],
      ...(flags.namespace === undefined ? {} : { namespace: flags.namespace }),
      ...(flags.vus === undefined ? {} : { vus: flags.vus }),
      ...(flags.duration === undefined ? {} : { duration: flags.duration }),
      ...(flags.rate === undefined ? {} : { rate: flags.rate }),
      ...(flags.size === undefined ? {} : { size: flags.size }),
      ...(extraFlags.threads === undefined ? {} : { threads: extraFlags.threads }),
      ...(flags.runId === undefined ? {} : { runId: flags.runId }),
      ...(flags.insecure === true ? { insecure: true } : {}),
    },
    env: {},
    cwd: io.cwd,
    // An export names no expectation profile, so no check id is ever looked up.
    checkIds: [],
  });
  const target = targets[0];
  if (target === undefined || targets.length !== 1) {
    throw new UsageError('--target: an export runs against exactly one registry');
  }
  let iterations: number | undefined;
  if (flags.iterations !== undefined) {
    iterations = Number(flags.iterations);
    if (!/^\d+$/.test(flags.iterations.trim()) || !Number.isSafeInteger(iterations) || iterations < 1) {
      throw new UsageError(`--iterations: "${flags.iterations}" is not a positive whole number`);
    }
  }
  const overrides: ScenarioOverrides = {
    ...(config.load.durationMs === undefined ? {} : { durationMs: config.load.durationMs }),
    ...(config.load.vus === undefined ? {} : { vus: config.load.vus }),
    ...(config.load.rate === undefined ? {} : { rate: config.load.rate }),
    ...(config.load.sizeBytes === undefined ? {} : { sizeBytes: config.load.sizeBytes }),
    ...(flags.verify === false ? { verify: false } : {}),
    ...(iterations === undefined ? {} : { iterations }),
  };
  const scenario = applyOverrides(found, overrides);
  const bench: ExportedBench = {
    scenario: found.id,
    targetUrl: target.url,
    ...(flags.namespace === undefined ? {} : { namespace: flags.namespace }),
    runId: config.runId ?? createRunId(),
    ...(flags.vus === undefined ? {} : { vus: flags.vus }),
    ...(flags.duration === undefined ? {} : { duration: flags.duration }),
    ...(flags.rate === undefined ? {} : { rate: flags.rate }),
    ...(flags.size === undefined ? {} : { size: flags.size }),
    ...(flags.iterations === undefined ? {} : { iterations: flags.iterations }),
    ...(extraFlags.threads === undefined ? {} : { threads: extraFlags.threads }),
    ...(flags.verify === false ? { noVerify: true } : {}),
    ...(flags.insecure === true ? { insecure: true } : {}),
  };
  return { scenario, bench, outDir: flags.out, targetGiven: flags.target !== undefined };
}
