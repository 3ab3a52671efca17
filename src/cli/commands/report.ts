import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliIo, CommandOutcome } from '../cli-io.js';
import { UsageError } from '../../errors/index.js';
import { renderConsoleSummary } from '../../../reports/console/render-summary.js';
import { useColor } from '../../../reports/console/use-color.js';
import { loadRunResult } from '../../../reports/json/load-run-result.js';
import { runResultJsonSchema } from '../../../reports/json/run-result-json-schema.js';
import { mergeRunResults } from '../../../reports/merge-run-results.js';
import { mergeShares } from '../../load/segments/merge-shares.js';
import { exitPolicies, runExitCode } from '../../model/index.js';
import { writeReports } from '../../../reports/write-reports.js';

/** Flags of `regatta report`. */
interface ReportFlags {
  readonly out?: string;
  readonly schema?: boolean;
  readonly mergeShares?: boolean;
}

/** `results/report-<timestamp>` under the working directory. */
function defaultOutDir(cwd: string, now: Date): string {
  return resolve(cwd, 'results', `report-${now.toISOString().replace(/[:.]/g, '-')}`);
}

/**
 * Registers `regatta report RESULTS.json... [--out DIR]`: re-renders every format from saved results; several files
 * merge into one comparison report. `--schema` prints the JSON Schema of results.json instead. Exit 0 on success,
 * 2 on a missing or invalid file (one line naming it).
 */
export function registerReportCommand(program: Command, io: CliIo, outcome: CommandOutcome): void {
  program
    .command('report')
    .description('re-render reports from saved results.json files; several files merge into one comparison')
    .argument('[results...]', 'results.json files written by conformance, bench or demo')
    .option('-o, --out <dir>', 'directory for the reports (default: results/report-<timestamp>)')
    .option('--schema', 'print the JSON Schema of results.json and exit')
    .option('--merge-shares', 'the files are the shares of one distributed run (bench --segment I/N): fold them into that one run')
    .action(async (files: string[], flags: ReportFlags) => {
      if (flags.schema === true) {
        io.stdout(runResultJsonSchema());
        outcome.exitCode = 0;
        return;
      }
      if (files.length === 0) {
        throw new UsageError('regatta report needs at least one results.json file', { hint: 'regatta report results/<run>/results.json [--out DIR]' });
      }
      const runs = [];
      for (const file of files) {
        runs.push(await loadRunResult(resolve(io.cwd, file)));
      }
      const run = flags.mergeShares === true ? mergeShares(runs.map((result, index) => ({ file: files[index] ?? '', run: result }))) : mergeRunResults(runs);
      const outDir = flags.out === undefined ? defaultOutDir(io.cwd, new Date()) : resolve(io.cwd, flags.out);
      await writeReports(run, outDir);
      io.stdout(renderConsoleSummary(run, { color: useColor(io.env, io.isTty) }));
      io.stdout(`reports written to ${outDir}\n`);
      // A merged distributed run is judged like the bench it is (thresholds, errored shares); a re-render is not.
      outcome.exitCode = flags.mergeShares === true ? runExitCode(run, exitPolicies.bench) : 0;
    });
}
