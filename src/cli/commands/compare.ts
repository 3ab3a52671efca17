import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliIo, CommandOutcome } from '../cli-io.js';
import { ExitCode } from '../exit-codes.js';
import { readCompareExpectations, resolveThresholds } from '../../compare/compare-expectations.js';
import { compareRuns, hasUnjudgedLoad } from '../../compare/compare-runs.js';
import type { Comparison } from '../../compare/comparison.js';
import { UsageError } from '../../errors/index.js';
import { loadRunResult } from '../../../reports/json/load-run-result.js';
import { changeKindLabels } from '../../../reports/compare/compare-view.js';
import { renderWorkflowCommands } from '../../../reports/compare/workflow-commands.js';
import { appendStepSummary, writeCompareReports } from '../../../reports/compare/write-compare-reports.js';

/** Flags of `regatta compare`. */
interface CompareFlags {
  readonly expect?: string;
  readonly failOn?: string;
  readonly out?: string;
  readonly allowMismatch?: boolean;
  readonly threshold?: string[];
  readonly baselineTarget?: string;
  readonly candidateTarget?: string;
}

/** Collects a repeatable option. */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** `results/compare-<timestamp>` under the working directory. */
function defaultOutDir(cwd: string, now: Date): string {
  return resolve(cwd, 'results', `compare-${now.toISOString().replace(/[:.]/g, '-')}`);
}

/** The console lines of a comparison: the verdict, each regression, notices and a count per change kind. */
function consoleSummary(comparison: Comparison): string {
  const lines = [`baseline ${comparison.baseline.runId} -> candidate ${comparison.candidate.runId}`];
  const counts = new Map<string, number>();
  for (const change of comparison.conformance) {
    const label = changeKindLabels[change.kind];
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  if (counts.size > 0) {
    lines.push(`conformance: ${[...counts].map(([label, count]) => `${count} ${label}`).join(', ')}`);
  }
  for (const change of comparison.conformance.filter((entry) => !entry.regression)) {
    lines.push(`  ${changeKindLabels[change.kind]}: ${change.target} ${change.id} (${change.baseline} -> ${change.candidate})${change.accepted === undefined ? '' : ` accepted: ${change.accepted}`}`);
  }
  const verdicts = new Map<string, number>();
  for (const metric of comparison.load) {
    verdicts.set(metric.verdict, (verdicts.get(metric.verdict) ?? 0) + 1);
  }
  if (verdicts.size > 0) {
    lines.push(`load: ${[...verdicts].map(([verdict, count]) => `${count} ${verdict.replace(/-/g, ' ')}`).join(', ')}`);
  }
  for (const notice of comparison.notices) {
    lines.push(`notice: ${notice}`);
  }
  if (comparison.regressions.length === 0) {
    lines.push('no regression');
  } else {
    lines.push(`${comparison.regressions.length} regression${comparison.regressions.length === 1 ? '' : 's'}:`);
    lines.push(...comparison.regressions.map((line) => `  REGRESSION ${line}`));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Registers `regatta compare BASELINE.json CANDIDATE.json`: what changed between two runs, and whether any change is a
 * regression. Exit 0 no regression, 1 a regression, 2 invalid input or runs that are not like for like (or load
 * figures with too few trials to judge).
 */
export function registerCompareCommand(program: Command, io: CliIo, outcome: CommandOutcome): void {
  program
    .command('compare')
    .description('compare a candidate run with a baseline: new failures, lost capabilities, slower figures (with confidence intervals)')
    .argument('<baseline>', 'results.json of the baseline run')
    .argument('[candidate]', 'results.json of the candidate run (default: the baseline file, with --baseline-target and --candidate-target)')
    .option('--expect <file>', 'YAML/JSON file of accepted changes (accept: [{check, target, reason}]) and per-metric thresholds')
    .option('--fail-on <level>', 'failed (default): new failures are regressions; warned: newly warned checks too')
    .option('--threshold <metric=value>', 'worse-than threshold of one metric: mbps, opsPerSec, p50, p95, p99 in % (default 10), errorRate, throttleRate in points (default 1); repeatable', collect)
    .option('--baseline-target <name>', 'compare this target of the baseline run (with --candidate-target) instead of matching targets by name')
    .option(
      '--candidate-target <name>',
      'against this target of the candidate run; two targets of one `bench --trials N` run (interleaved trials) are judged as pairs, so drift cancels',
    )
    .option('--allow-mismatch', 'compare load figures even when the runs were not set up alike (the differences are listed)')
    .option('-o, --out <dir>', 'directory for report.html, summary.md, junit.xml, comparison.json and benchmark exports (default: results/compare-<timestamp>)')
    .action(async (baselineFile: string, candidateArgument: string | undefined, flags: CompareFlags) => {
      const failOn = flags.failOn ?? 'failed';
      if ((flags.baselineTarget === undefined) !== (flags.candidateTarget === undefined)) {
        throw new UsageError('--baseline-target and --candidate-target go together: name the target of each side');
      }
      if (candidateArgument === undefined && flags.baselineTarget === undefined) {
        throw new UsageError('compare needs a candidate results.json, or --baseline-target and --candidate-target to compare two targets of one run');
      }
      const candidateFile = candidateArgument ?? baselineFile;
      if (failOn !== 'failed' && failOn !== 'warned') {
        throw new UsageError(`--fail-on must be failed or warned, not "${failOn}"`);
      }
      const expectations = flags.expect === undefined ? undefined : await readCompareExpectations(flags.expect, io.cwd);
      const thresholds = resolveThresholds(expectations?.thresholds ?? {}, flags.threshold ?? []);
      const baselinePath = resolve(io.cwd, baselineFile);
      const candidatePath = resolve(io.cwd, candidateFile);
      const baseline = await loadRunResult(baselinePath);
      const candidate = await loadRunResult(candidatePath);
      const comparison = compareRuns(baseline, candidate, {
        baselinePath: baselineFile,
        candidatePath: candidateFile,
        failOn,
        thresholds,
        allowMismatch: flags.allowMismatch === true,
        accept: expectations?.accept ?? [],
        ...(flags.baselineTarget === undefined || flags.candidateTarget === undefined ? {} : { targets: { baseline: flags.baselineTarget, candidate: flags.candidateTarget } }),
      });
      const outDir = flags.out === undefined ? defaultOutDir(io.cwd, new Date()) : resolve(io.cwd, flags.out);
      await writeCompareReports(comparison, outDir);
      const summaryFile = io.env['GITHUB_STEP_SUMMARY'];
      if (summaryFile !== undefined && summaryFile !== '') {
        const appended = await appendStepSummary(comparison, resolve(io.cwd, summaryFile));
        if (!appended) {
          io.stderr('regatta: the step summary is full (1 MiB); the comparison is in summary.md\n');
        }
      }
      if (io.env['GITHUB_ACTIONS'] === 'true') {
        for (const line of renderWorkflowCommands(comparison)) {
          io.stdout(`${line}\n`);
        }
      }
      io.stdout(consoleSummary(comparison));
      io.stdout(`comparison written to ${outDir}\n`);
      if (comparison.regressions.length > 0) {
        outcome.exitCode = ExitCode.failed;
      } else if (hasUnjudgedLoad(comparison)) {
        io.stderr(
          `regatta: load figures could not be judged (--trials: at least ${comparison.minTrials} per side); rerun both benches with --trials 5\n`,
        );
        outcome.exitCode = ExitCode.usage;
      } else {
        outcome.exitCode = ExitCode.ok;
      }
    });
}
