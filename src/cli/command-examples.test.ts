import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { redactOutgoing } from '../client/redact-outgoing.js';
import type { CliIo } from './cli-io.js';
import { commandExamples, commandPath } from './command-examples.js';
import { createProgram } from './program.js';

/** A program whose help text is captured. */
async function program(): Promise<{ readonly root: Command; readonly out: string[] }> {
  const out: string[] = [];
  const io: CliIo = { stdout: (text) => out.push(text), stderr: (text) => out.push(text), env: {}, cwd: '/', isTty: false, signal: new AbortController().signal };
  return { root: await createProgram(io, { exitCode: 0 }), out };
}

/** Every command below the program, depth first. */
function allCommands(root: Command): Command[] {
  return root.commands.flatMap((command) => [command, ...allCommands(command)]);
}

describe('command examples', () => {
  it("end every command's --help with two or three examples", async () => {
    const { root } = await program();
    const commands = allCommands(root);
    expect(commands.length).toBeGreaterThan(10);
    for (const command of commands) {
      const help = command.helpInformation() + '';
      const { root: fresh, out } = await program();
      const path = commandPath(command).split(' ');
      try {
        fresh.parse([...path, '--help'], { from: 'user' });
      } catch {
        // commander's exitOverride throws after printing the help
      }
      const text = out.join('');
      expect(help.length, commandPath(command)).toBeGreaterThan(0);
      const tail = text.trimEnd().split('\n');
      const start = tail.lastIndexOf('Examples:');
      expect(start, `${commandPath(command)} has an Examples: block`).toBeGreaterThan(-1);
      const examples = tail.slice(start + 1);
      expect(examples.length, commandPath(command)).toBeGreaterThanOrEqual(2);
      expect(examples.length, commandPath(command)).toBeLessThanOrEqual(3);
      for (const line of examples) {
        expect(line, commandPath(command)).toMatch(/^ {2}\$ (aws ecr get-login-password \| )?regatta /);
      }
    }
  });

  it('name only commands and long flags that exist', async () => {
    const { root } = await program();
    const byPath = new Map(allCommands(root).map((command) => [commandPath(command), command]));
    for (const [path, examples] of Object.entries(commandExamples)) {
      expect(byPath.has(path), path).toBe(true);
      for (const example of examples) {
        // Each `regatta …` part of the line (a pipe or && may join two), comments dropped.
        for (const part of example.replace(/#.*$/, '').split(/\||&&/).map((text) => text.trim()).filter((text) => text.startsWith('regatta '))) {
          const words = part.split(/\s+/).slice(1);
          let command: Command = root;
          for (const word of words) {
            const sub = command.commands.find((candidate) => candidate.name() === word);
            if (sub === undefined) {
              break;
            }
            command = sub;
          }
          const known = new Set(command.options.flatMap((option) => [option.long, option.short]).filter((flag) => flag !== undefined));
          for (const flag of words.filter((word) => word.startsWith('-'))) {
            expect(known.has(flag), `${example}: ${flag} is not an option of regatta ${commandPath(command)}`).toBe(true);
          }
        }
      }
    }
  });

  it('never shows help text cut by the console redaction (every line goes through it)', async () => {
    for (const command of allCommands((await program()).root)) {
      const help = command.helpInformation();
      expect(redactOutgoing(help), commandPath(command)).toBe(help);
    }
  });
});
