import { registerSeedVerifyCommands } from './commands/seed-verify.js';
import { Command } from 'commander';
import { readPackageVersion } from '../package/package-info.js';
import type { CliIo, CommandOutcome } from './cli-io.js';
import { registerLabCommand } from './commands/lab.js';
import { registerConformanceCommand } from './commands/conformance.js';
import { registerBenchCommand } from './commands/bench.js';
import { registerReportCommand } from './commands/report.js';
import { registerFixturesCommand } from './commands/fixtures.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerCompareCommand } from './commands/compare.js';
import { registerExpectCommand } from './commands/expect.js';
import { registerK8sCommand } from './commands/k8s.js';
import { addCommandExamples } from './command-examples.js';
import { registerK6Commands } from './commands/k6.js';
import { registerImportOciConformanceCommand } from './commands/import-oci-conformance.js';

/**
 * Builds the `regatta` command tree with no side effects: nothing is parsed, read or written until `parseAsync`.
 * Each subcommand lives in its own file under `commands/` and sets `outcome.exitCode`.
 */
export function createProgram(io: CliIo, outcome: CommandOutcome): Command {
  const program = new Command('regatta')
    .description('Race container registries against the OCI distribution spec and against each other.')
    .version(readPackageVersion(), '-V, --version', 'print the regatta version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();
  program.addHelpText(
    'after',
    '\nExit codes: 0 passed · 1 a check failed or a threshold was crossed · 2 invalid config or usage · ' +
      '3 the harness errored · 130 interrupted',
  );
  registerConformanceCommand(program, io, outcome);
  registerBenchCommand(program, io, outcome);
  registerReportCommand(program, io, outcome);
  registerFixturesCommand(program, io, outcome);
  registerLabCommand(program, io, outcome);
  registerDemoCommand(program, io, outcome);
  registerCompareCommand(program, io, outcome);
  registerExpectCommand(program, io, outcome);
  registerK8sCommand(program, io, outcome);
  registerSeedVerifyCommands(program, io, outcome);
  registerK6Commands(program, io, outcome);
  registerImportOciConformanceCommand(program, io, outcome);
  addCommandExamples(program);
  for (const command of program.commands) {
    command.configureOutput({ writeOut: io.stdout, writeErr: io.stderr }).exitOverride();
  }
  return program;
}
