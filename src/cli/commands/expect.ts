import type { Command } from 'commander';
import { stringify as toYaml } from 'yaml';
import type { CliIo, CommandOutcome } from '../cli-io.js';
import { allCheckIds } from '../../conformance/check-filter.js';
import { loadProfile, shippedProfileNames } from '../../profiles/load-profile.js';
import { profileJsonSchema } from '../../profiles/profile-schema.js';
import { suites } from '../../../suites/index.js';

/** Loads a profile by shipped name or file, validated against the check ids like `--expect` does. */
function load(reference: string, io: CliIo): ReturnType<typeof loadProfile> {
  return loadProfile(reference, { cwd: io.cwd, setting: 'regatta expect show', checkIds: allCheckIds(suites) });
}

/**
 * Registers `regatta expect`: `--schema` prints the JSON Schema of a profile file, `list` the shipped profiles (name,
 * then description), `show NAME|FILE` one profile as YAML with its content hash.
 */
export function registerExpectCommand(program: Command, io: CliIo, outcome: CommandOutcome): void {
  const command = program
    .command('expect')
    .description('expectation profiles: what a registry is expected to offer and its documented deviations')
    .option('--schema', 'print the JSON Schema of a profile file')
    .action((flags: { schema?: boolean }) => {
      if (flags.schema === true) {
        io.stdout(profileJsonSchema());
        return;
      }
      io.stdout(command.helpInformation());
      outcome.exitCode = 2;
    });
  command
    .command('list')
    .description('list the shipped profiles: one name per line, then its description')
    .action(async () => {
      for (const name of await shippedProfileNames()) {
        const { profile } = await load(name, io);
        io.stdout(`${name}\n  ${profile.description}\n`);
      }
    });
  command
    .command('show')
    .description('print one profile (a shipped name or a file) as YAML, with its content hash')
    .argument('<name|file>', 'shipped profile name (see expect list) or a YAML/JSON file')
    .action(async (reference: string) => {
      const loaded = await load(reference, io);
      io.stdout(`# ${loaded.profile.name} ${loaded.hash} (${loaded.source})\n${toYaml(loaded.profile, { lineWidth: 0 })}`);
    });
}
