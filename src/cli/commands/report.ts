import type { Command } from 'commander';
import type { CliIo, CommandOutcome } from '../cli-io.js';
import { UsageError } from '../../errors/index.js';

/** Registers `regatta report`. Placeholder until its issue lands: it says so and exits 2. */
export function registerReportCommand(program: Command, _io: CliIo, _outcome: CommandOutcome): void {
  program
    .command('report')
    .description('(not yet available)')
    .action(() => {
      throw new UsageError('regatta report is not available in this build yet');
    });
}
