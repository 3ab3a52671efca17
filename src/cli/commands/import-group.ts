import type { Command } from 'commander';

/**
 * The `regatta import` command group (results of other tools turned into regatta results), created by whichever
 * importer registers first, so each importer lives in its own file.
 */
export function importCommandGroup(program: Command): Command {
  return (
    program.commands.find((command) => command.name() === 'import') ??
    program.command('import').description('turn results of other tools into regatta results')
  );
}
