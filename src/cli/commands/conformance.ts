import type { Command } from 'commander';
import type { CliIo, CommandOutcome } from '../cli-io.js';
import { UsageError } from '../../errors/index.js';

/** Registers `regatta conformance`. Placeholder until its issue lands: it says so and exits 2. */
export function registerConformanceCommand(program: Command, _io: CliIo, _outcome: CommandOutcome): void {
  program
    .command('conformance')
    .description('(not yet available)')
    .action(() => {
      throw new UsageError('regatta conformance is not available in this build yet');
    });
}
