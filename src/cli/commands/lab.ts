import type { Command } from 'commander';
import type { CliIo, CommandOutcome } from '../cli-io.js';
import { UsageError } from '../../errors/index.js';

/** Registers `regatta lab`. Placeholder until its issue lands: it says so and exits 2. */
export function registerLabCommand(program: Command, _io: CliIo, _outcome: CommandOutcome): void {
  program
    .command('lab')
    .description('(not yet available)')
    .action(() => {
      throw new UsageError('regatta lab is not available in this build yet');
    });
}
