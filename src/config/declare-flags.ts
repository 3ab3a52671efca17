import type { Command } from 'commander';
import type { FlagSpec } from './flag-table.js';

/** Collects a repeatable option into an array. */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Declares on `command` every flag of the given tables (entries that are `null` have no flag). */
export function declareFlags(command: Command, ...tables: readonly Readonly<Record<string, FlagSpec | null>>[]): Command {
  for (const table of tables) {
    for (const spec of Object.values(table)) {
      if (spec === null) {
        continue;
      }
      if (spec.repeatable === true) {
        command.option(spec.flags, spec.description, collect);
      } else {
        command.option(spec.flags, spec.description);
      }
    }
  }
  return command;
}
