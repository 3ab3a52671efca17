import { spawn } from 'node:child_process';

/** Options of {@link runCommand}. */
export interface RunCommandOptions {
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Kill the command (its whole process group) after this long. */
  readonly timeoutMs: number;
}

/** What a finished command left behind. */
export interface RunCommandResult {
  /** Exit code; `null` when it was killed (timeout) or could not be spawned. */
  readonly code: number | null;
  /** Interleaved stdout and stderr, capped to the last 64 KiB so a chatty build cannot exhaust memory. */
  readonly output: string;
  readonly timedOut: boolean;
}

const maxOutputChars = 64 * 1024;

/** Runs a command to completion, bounded in time, and never throws: spawn failures come back as `code: null`. */
export async function runCommand(
  command: string,
  args: readonly string[],
  options: RunCommandOptions,
): Promise<RunCommandResult> {
  return new Promise((resolve) => {
    let output = '';
    let timedOut = false;
    const append = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-maxOutputChars);
    };
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env: options.env === undefined ? process.env : { ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Own process group, so a timeout kills the compiler children too.
      detached: true,
    });
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    }, options.timeoutMs);
    child.stdout.on('data', append);
    child.stderr.on('data', append);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: null, output: `${output}${error.message}`, timedOut });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output, timedOut });
    });
  });
}

/** The last `lines` non-empty lines of `text`, for error messages. */
export function tailLines(text: string, lines: number): string {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .slice(-lines)
    .join('\n');
}
