import { CommanderError } from 'commander';
import { redactOutgoing } from '../client/redact-outgoing.js';
import { ConfigError, HarnessError, InterruptedError } from '../errors/index.js';
import type { CliIo, CommandOutcome } from './cli-io.js';
import { ExitCode } from './exit-codes.js';
import { createProgram } from './program.js';

/** Exit code for a harness error raised before or outside any check. */
function exitCodeFor(error: HarnessError): number {
  if (error instanceof InterruptedError) {
    return ExitCode.interrupted;
  }
  // Config, usage, lab, auth and network errors at this level all mean "fix a setting": exit 2 per DESIGN.md.
  return ExitCode.usage;
}

/** Prints one clear error: the message, every config issue, and the hint. Never a stack trace unless debugging. */
function printError(io: CliIo, error: HarnessError): void {
  io.stderr(`regatta: ${error.message}\n`);
  if (error instanceof ConfigError) {
    for (const issue of error.issues) {
      io.stderr(`  - ${issue.path}: ${issue.message}\n`);
    }
  }
  if (error.hint !== undefined) {
    io.stderr(`  hint: ${error.hint}\n`);
  }
}

/**
 * Runs the CLI on `argv` (without the node and script entries) and returns the exit code. Never throws and never
 * calls `process.exit`, so tests can run it in-process.
 */
export async function runCli(argv: readonly string[], unredactedIo: CliIo): Promise<number> {
  // Every console line (progress, summaries, errors, hints) goes through the one redaction path. The one exception
  // is `lab`: it talks to no user registry, and printing the throwaway lab's generated passwords (text and --json)
  // is how the user logs in to it.
  const io: CliIo =
    argv[0] === 'lab'
      ? unredactedIo
      : {
          ...unredactedIo,
          stdout: (text) => unredactedIo.stdout(redactOutgoing(text)),
          stderr: (text) => unredactedIo.stderr(redactOutgoing(text)),
        };
  const outcome: CommandOutcome = { exitCode: ExitCode.ok };
  try {
    const program = await createProgram(io, outcome, argv);
    await program.parseAsync([...argv], { from: 'user' });
    return outcome.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      const benign = ['commander.helpDisplayed', 'commander.version', 'commander.help'];
      return benign.includes(error.code) ? ExitCode.ok : ExitCode.usage;
    }
    if (error instanceof HarnessError) {
      printError(io, error);
      return exitCodeFor(error);
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`regatta: internal error: ${message}\n`);
    if (io.env['REGATTA_DEBUG'] !== undefined && error instanceof Error && error.stack !== undefined) {
      io.stderr(`${error.stack}\n`);
    } else {
      io.stderr('  hint: this is a bug in regatta; set REGATTA_DEBUG=1 for the stack trace and report it\n');
    }
    return ExitCode.harnessError;
  }
}
