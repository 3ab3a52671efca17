import type { Command } from 'commander';
import type { CliIo, CommandOutcome } from '../cli-io.js';
import { UsageError } from '../../errors/index.js';

/** Registers `regatta fixtures`. Placeholder until its issue lands: it says so and exits 2. */
export function registerFixturesCommand(program: Command, _io: CliIo, _outcome: CommandOutcome): void {
  program
    .command('fixtures')
    .description('(not yet available)')
    .action(() => {
      throw new UsageError('regatta fixtures is not available in this build yet');
    });
}
