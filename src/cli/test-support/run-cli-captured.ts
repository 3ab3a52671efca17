import type { CliIo } from '../cli-io.js';
import { runCli } from '../run-cli.js';

/** What one in-process CLI run wrote, and its exit code. */
export interface CapturedRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/**
 * Runs the CLI in-process in `cwd` with an empty environment (unless given) and no TTY, collecting stdout and stderr:
 * the harness every CLI-level test needs.
 */
export async function runCliCaptured(args: readonly string[], cwd: string, env: CliIo["env"] = {}): Promise<CapturedRun> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (text) => out.push(text), stderr: (text) => err.push(text), env, cwd, isTty: false, signal: new AbortController().signal };
  const code = await runCli(args, io);
  return { code, out: out.join(''), err: err.join('') };
}
