/**
 * k6 for k6 users (issue 16 item 4): `regatta k6 export SCENARIO --out DIR` writes a k6 TypeScript script and a
 * k6-operator TestRun for it; `regatta import k6 SUMMARY...` turns the summaries its runners wrote into one regatta
 * result. regatta never builds, downloads or runs k6 (AGPL): the user's k6 does.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import type { CliIo, CommandOutcome } from '../cli-io.js';
import { ExitCode } from '../exit-codes.js';
import { UsageError } from '../../errors/index.js';
import { importK6 } from '../../k6/import-k6.js';
import { readK6Summary } from '../../k6/k6-summary.js';
import { renderK6Script } from '../../k6/render-k6-script.js';
import { exportTestRun } from '../../k6/test-run.js';
import { jobBaseName } from '../../k8s/job-manifests.js';
import { segmentExecutor, maxSegments } from '../../load/segments/segment.js';
import { exitPolicies, runExitCode } from '../../model/index.js';
import { readPackageVersion } from '../../package/package-info.js';
import { renderConsoleSummary } from '../../../reports/console/render-summary.js';
import { useColor } from '../../../reports/console/use-color.js';
import { writeReports } from '../../../reports/write-reports.js';
import { declareExportFlags, resolveExportSettings, type ExportFlags } from './export-settings.js';
import { importCommandGroup } from './import-group.js';

/** Flags of `k6 export` beyond the shared ones. */
interface K6ExportFlags extends ExportFlags {
  readonly parallelism?: string;
  readonly secret?: string;
}

/** Registers `regatta k6 export` and `regatta import k6`. */
export function registerK6Commands(program: Command, io: CliIo, outcome: CommandOutcome): void {
  const k6 = program.command('k6').description('k6 scripts for k6 users (regatta never runs k6 itself)');
  const exportCommand = k6.command('export').description('write a k6 TypeScript script of a scenario and a k6-operator TestRun for it');
  declareExportFlags(exportCommand)
    .option('--parallelism <count>', 'k6-operator runners in the TestRun (default 1)')
    .option('--secret <name>', 'a Secret with optional keys username, password, token for the TestRun runners');
  exportCommand.action(async (scenarioId: string, flags: K6ExportFlags) => {
    const parallelism = flags.parallelism === undefined ? 1 : Number(flags.parallelism);
    if (!Number.isSafeInteger(parallelism) || parallelism < 1 || parallelism > maxSegments || !/^\d+$/.test((flags.parallelism ?? '1').trim())) {
      throw new UsageError(`--parallelism: "${flags.parallelism ?? ''}" is not a whole number from 1 to ${maxSegments}`);
    }
    const settings = await resolveExportSettings(scenarioId, flags, io, { targetOptional: true });
    // k6-operator cuts the scenario into as many segments: too small a scenario is refused now, as bench --segment does.
    segmentExecutor(settings.scenario.executor, { index: 0, count: parallelism });
    const script = renderK6Script(settings.scenario, { regattaVersion: readPackageVersion(), scenario: settings.scenario });
    const scriptFile = `${settings.scenario.id}.k6.ts`;
    const name = jobBaseName(settings.bench);
    const testRun = exportTestRun({
      name,
      parallelism,
      scriptFile,
      ...(settings.targetGiven ? { targetUrl: settings.bench.targetUrl } : {}),
      runId: settings.bench.runId,
      ...(settings.bench.namespace === undefined ? {} : { namespace: settings.bench.namespace }),
      ...(flags.secret === undefined ? {} : { secret: flags.secret }),
    });
    const outDir = resolve(io.cwd, settings.outDir);
    await mkdir(outDir, { recursive: true });
    await writeFile(resolve(outDir, scriptFile), script);
    await writeFile(resolve(outDir, 'testrun.yaml'), stringify(testRun, { aliasDuplicateObjects: false }));
    const targetText = settings.targetGiven ? settings.bench.targetUrl : '<registry URL>';
    if (!settings.targetGiven && flags.secret === undefined) {
      io.stderr('note: without --target or --secret, testrun.yaml names no registry: add REGATTA_TARGET to spec.runner.env\n');
    }
    io.stdout(
      `wrote ${scriptFile} and testrun.yaml to ${outDir}\n` +
        `locally:    REGATTA_TARGET=${targetText} REGATTA_RUN_ID=${settings.bench.runId} k6 run ${scriptFile}\n` +
        `k6-operator: kubectl create configmap ${name}-script --from-file=${scriptFile} && kubectl apply -f testrun.yaml\n` +
        'then:       regatta import k6 <each runner\'s summary file or log> --out DIR\n',
    );
    outcome.exitCode = ExitCode.ok;
  });

  const importCommand = importCommandGroup(program);
  importCommand
    .command('k6')
    .description('one regatta result from the summaries of the k6 runners of one exported script (merged exactly)')
    .argument('<summaries...>', 'summary JSON files (REGATTA_SUMMARY) or runner logs with a regatta-k6-summary line')
    .option('-o, --out <dir>', 'directory for the reports')
    .action(async (files: string[], flags: { out?: string }) => {
      if (flags.out === undefined) {
        throw new UsageError('--out is required: the directory the imported result is written to');
      }
      const summaries = [];
      for (const file of files) {
        summaries.push({ file, summary: await readK6Summary(resolve(io.cwd, file)) });
      }
      const run = importK6(summaries);
      const outDir = resolve(io.cwd, flags.out);
      await writeReports(run, outDir);
      io.stdout(renderConsoleSummary(run, { color: useColor(io.env, io.isTty) }));
      io.stdout(`reports written to ${outDir}\n`);
      outcome.exitCode = runExitCode(run, exitPolicies.bench);
    });
}
