import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliIo, CommandOutcome } from '../cli-io.js';
import { ExitCode } from '../exit-codes.js';
import { UsageError } from '../../errors/index.js';
import { foldOfficialResults, type OfficialImport } from '../../official-suite/fold-official-results.js';
import { readOfficialResults } from '../../official-suite/read-official-results.js';
import { officialSuiteLine } from '../../../reports/common/official-suite-line.js';
import { loadRunResult } from '../../../reports/json/load-run-result.js';
import { renderConsoleSummary } from '../../../reports/console/render-summary.js';
import { useColor } from '../../../reports/console/use-color.js';
import { writeReports } from '../../../reports/write-reports.js';
import { importCommandGroup } from './import-group.js';

/** Flags of `regatta import oci-conformance`. */
interface ImportOciFlags {
  readonly results?: string;
  readonly target?: string;
  readonly out?: string;
}

/**
 * Registers `regatta import oci-conformance RESULTS_DIR... --results results.json --out DIR`: folds what the official
 * OCI conformance suite wrote (results.yaml, junit.xml) into a regatta run, beside regatta's verdicts for the same
 * registry, and writes every report. Exit 0 when written (the verdicts are in the reports); 2 on bad input, with one
 * line naming the setting.
 */
export function registerImportOciConformanceCommand(program: Command, io: CliIo, outcome: CommandOutcome): void {
  importCommandGroup(program)
    .command('oci-conformance')
    .description("show the official OCI conformance suite's results (its OCI_RESULTS_DIR) beside regatta's for the same registry")
    .argument('<results-dirs...>', 'directories the official suite wrote results.yaml and junit.xml to (OCI_RESULTS_DIR), one per registry')
    .option('--results <file>', "regatta's results.json of a conformance run against the same registries")
    .option('--target <name>', 'the regatta target the official results belong to (default: the one at the host:port the suite ran against); one directory only')
    .option('-o, --out <dir>', 'directory for the combined reports')
    .action(async (dirs: string[], flags: ImportOciFlags) => {
      if (flags.results === undefined) {
        throw new UsageError("--results is required: regatta's results.json to show the official suite's results beside");
      }
      if (flags.out === undefined) {
        throw new UsageError('--out is required: the directory the combined reports are written to');
      }
      if (flags.target !== undefined && dirs.length > 1) {
        throw new UsageError(`--target names the target of one results directory; ${dirs.length} were given (leave --target out to match each by host:port)`);
      }
      const run = await loadRunResult(resolve(io.cwd, flags.results));
      const imports: OfficialImport[] = [];
      for (const dir of dirs) {
        const result = await readOfficialResults(resolve(io.cwd, dir));
        imports.push({ result, ...(flags.target === undefined ? {} : { target: flags.target }) });
      }
      const folded = foldOfficialResults(run, imports);
      const outDir = resolve(io.cwd, flags.out);
      await writeReports(folded, outDir);
      io.stdout(renderConsoleSummary(folded, { color: useColor(io.env, io.isTty) }));
      for (const target of folded.targets) {
        if (target.officialSuite !== undefined) {
          io.stdout(`${target.name}: ${officialSuiteLine(target.officialSuite)}\n`);
        }
      }
      io.stdout(`reports written to ${outDir}\n`);
      outcome.exitCode = ExitCode.ok;
    });
}
