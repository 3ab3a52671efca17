import type { RepositoryHooks } from '../../config/target.js';
import { HarnessError } from '../../errors/index.js';
import { runCommand, type RunCommandResult } from '../../lab/run-command.js';
import { isValidRepositoryName } from '../../oci/names.js';

/** Stands for the repository name in a hook command. */
export const repositoryPlaceholder = '{repository}';

/** A hook command that failed; the check that needed the repository is errored with it. */
export class HookError extends HarnessError {
  readonly code = 'OCI_HOOK_FAILED';
}

/**
 * Splits a hook command into argv the way a POSIX shell splits words, without running a shell: whitespace separates
 * words, single quotes keep everything literally, double quotes keep everything but `\"` and `\\`, a backslash outside
 * quotes escapes the next character. No expansion, pipe or redirection exists, so nothing in the command (or in a
 * repository name put into it) can start another program.
 *
 * @throws HookError on an unterminated quote or a trailing backslash.
 */
export function splitCommand(command: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: "'" | '"' | undefined;
  for (let index = 0; index < command.length; index += 1) {
    const char = command[index] ?? '';
    if (quote === "'") {
      if (char === "'") {
        quote = undefined;
      } else {
        word = (word ?? '') + char;
      }
    } else if (quote === '"') {
      if (char === '"') {
        quote = undefined;
      } else if (char === '\\' && (command[index + 1] === '"' || command[index + 1] === '\\')) {
        index += 1;
        word = (word ?? '') + (command[index] ?? '');
      } else {
        word = (word ?? '') + char;
      }
    } else if (char === "'" || char === '"') {
      quote = char;
      word ??= '';
    } else if (char === '\\') {
      if (index + 1 >= command.length) {
        throw new HookError(`hook command ends with a lone backslash: ${command}`);
      }
      index += 1;
      word = (word ?? '') + (command[index] ?? '');
    } else if (/\s/.test(char)) {
      if (word !== undefined) {
        words.push(word);
        word = undefined;
      }
    } else {
      word = (word ?? '') + char;
    }
  }
  if (quote !== undefined) {
    throw new HookError(`hook command has an unterminated ${quote} quote: ${command}`);
  }
  if (word !== undefined) {
    words.push(word);
  }
  return words;
}

/** Runs argv, bounded in time; the shape of lab's runCommand so tests can stand in for it. */
export type CommandRunner = (command: string, args: readonly string[], options: { readonly cwd: string; readonly timeoutMs: number }) => Promise<RunCommandResult>;

/** Options of {@link RepositoryHookRunner}. */
export interface RepositoryHookOptions {
  readonly hooks: RepositoryHooks;
  /** Only these repositories get hooks (the run namespace): never a name outside it. */
  readonly owns: (repo: string) => boolean;
  /** Directory the commands run in. @default process.cwd() */
  readonly cwd?: string;
  /** Longest a hook may run. @default 120000 */
  readonly timeoutMs?: number;
  /** @default lab's runCommand */
  readonly run?: CommandRunner;
}

/** The last line of a command's output, for a one-line error. */
function lastLine(output: string): string {
  const lines = output.trim().split('\n');
  return (lines[lines.length - 1] ?? '').slice(0, 300);
}

/**
 * The per-check layout's `preCreate` / `postDelete` hooks: `preCreate` runs once per repository, before the first
 * write to it (a registry that needs repositories to exist, like ECR without a creation template); `postDelete` runs
 * after cleanup for every repository `preCreate` was asked about. Each command is split into argv once and
 * `{repository}` replaced inside the words, so a name is always one argument; a name that is not a valid repository
 * name or lies outside the run namespace is never handed to a command.
 */
export class RepositoryHookRunner {
  private readonly options: RepositoryHookOptions;
  private readonly created = new Map<string, Promise<void>>();
  private readonly preCreate: readonly string[] | undefined;
  private readonly postDelete: readonly string[] | undefined;

  constructor(options: RepositoryHookOptions) {
    this.options = options;
    this.preCreate = options.hooks.preCreate === undefined ? undefined : splitCommand(options.hooks.preCreate);
    this.postDelete = options.hooks.postDelete === undefined ? undefined : splitCommand(options.hooks.postDelete);
  }

  /** True when `repo` is one the hooks may be run for. */
  private eligible(repo: string): boolean {
    return this.options.owns(repo) && isValidRepositoryName(repo);
  }

  /** Runs `preCreate` for `repo` the first time it is asked (later calls share that run); rejects with a HookError. */
  ensure(repo: string): Promise<void> {
    if (!this.eligible(repo)) {
      return Promise.resolve();
    }
    let pending = this.created.get(repo);
    if (pending === undefined) {
      pending = this.preCreate === undefined ? Promise.resolve() : this.invoke('preCreate', this.preCreate, repo);
      this.created.set(repo, pending);
    }
    return pending;
  }

  /** Runs `postDelete` for every repository seen, one after another; returns a line per failure. */
  async deleteAll(): Promise<string[]> {
    const problems: string[] = [];
    if (this.postDelete === undefined) {
      return problems;
    }
    for (const repo of this.created.keys()) {
      try {
        await this.invoke('postDelete', this.postDelete, repo);
      } catch (error) {
        problems.push(error instanceof Error ? error.message : String(error));
      }
    }
    return problems;
  }

  private async invoke(name: 'preCreate' | 'postDelete', argv: readonly string[], repo: string): Promise<void> {
    const [command, ...args] = argv.map((word) => word.split(repositoryPlaceholder).join(repo));
    if (command === undefined) {
      throw new HookError(`${name} hook is empty`);
    }
    const run = this.options.run ?? runCommand;
    const result = await run(command, args, { cwd: this.options.cwd ?? process.cwd(), timeoutMs: this.options.timeoutMs ?? 120_000 });
    if (result.code !== 0) {
      const why = result.timedOut ? 'timed out' : result.code === null ? 'could not be started' : `exited ${result.code}`;
      const detail = lastLine(result.output);
      throw new HookError(`${name} hook for ${repo} ${why} (${command})${detail === '' ? '' : `: ${detail}`}`, {
        hint: `fix the ${name} command (--${name === 'preCreate' ? 'pre-create' : 'post-delete'}, hooks.${name}); it runs without a shell`,
      });
    }
  }
}
