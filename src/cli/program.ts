import { Command } from 'commander';
import { readPackageVersion } from '../package/package-info.js';
import type { CliIo, CommandOutcome } from './cli-io.js';
import { addCommandExamples } from './command-examples.js';

/** Adds one file's command(s) to the program. */
type RegisterCommands = (program: Command, io: CliIo, outcome: CommandOutcome) => void;

/** A file under `commands/` and the top-level command names it registers. */
interface CommandModule {
  readonly names: readonly string[];
  readonly load: () => Promise<RegisterCommands>;
}

/**
 * Every command file, in the order `--help` lists them. They are imported on demand: together (the load engine,
 * autocannon, the k8s and k6 exporters, every report renderer) they take ~0.8 s to import on the 2-core lab machine,
 * while a call needs only its own command's (`--version` none: ~0.15 s).
 */
const commandModules: readonly CommandModule[] = [
  { names: ['conformance'], load: async () => (await import('./commands/conformance.js')).registerConformanceCommand },
  { names: ['bench'], load: async () => (await import('./commands/bench.js')).registerBenchCommand },
  { names: ['report'], load: async () => (await import('./commands/report.js')).registerReportCommand },
  { names: ['fixtures'], load: async () => (await import('./commands/fixtures.js')).registerFixturesCommand },
  { names: ['lab'], load: async () => (await import('./commands/lab.js')).registerLabCommand },
  { names: ['demo'], load: async () => (await import('./commands/demo.js')).registerDemoCommand },
  { names: ['compare'], load: async () => (await import('./commands/compare.js')).registerCompareCommand },
  { names: ['expect'], load: async () => (await import('./commands/expect.js')).registerExpectCommand },
  { names: ['k8s'], load: async () => (await import('./commands/k8s.js')).registerK8sCommand },
  { names: ['seed', 'verify'], load: async () => (await import('./commands/seed-verify.js')).registerSeedVerifyCommands },
  { names: ['k6', 'import'], load: async () => (await import('./commands/k6.js')).registerK6Commands },
  {
    names: ['import'],
    load: async () => (await import('./commands/import-oci-conformance.js')).registerImportOciConformanceCommand,
  },
];

/** The command files a call needs: its command's, none for `--version`, every one otherwise. */
function commandModulesFor(argv: readonly string[]): readonly CommandModule[] {
  const first = argv[0];
  if (first === '-V' || first === '--version') {
    return [];
  }
  const named = commandModules.filter((module) => first !== undefined && module.names.includes(first));
  return named.length > 0 ? named : commandModules;
}

/**
 * Builds the `regatta` command tree with no side effects: nothing is parsed, read or written until `parseAsync`.
 * Each subcommand lives in its own file under `commands/` and sets `outcome.exitCode`. With `argv`, only the command
 * it names is built when that is a known command (so a call loads only its own code), and none for `--version`;
 * `--help`, `help` and anything unknown get the whole tree, so listings and "did you mean" suggestions see every
 * command.
 */
export async function createProgram(io: CliIo, outcome: CommandOutcome, argv: readonly string[] = []): Promise<Command> {
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
  const registrars = await Promise.all(commandModulesFor(argv).map((module) => module.load()));
  for (const register of registrars) {
    register(program, io, outcome);
  }
  addCommandExamples(program);
  for (const command of program.commands) {
    command.configureOutput({ writeOut: io.stdout, writeErr: io.stderr }).exitOverride();
  }
  return program;
}
