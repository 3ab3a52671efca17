import type { RunInProgress } from '../run/run-places.js';

/**
 * Where a command writes and what it reads from its environment. Passed in, never taken from `process`, so that
 * tests run the real program in-process and capture its output.
 */
export interface CliIo {
  /** Writes to standard output (no newline added). */
  readonly stdout: (text: string) => void;
  /** Writes to standard error (no newline added). */
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Working directory that relative paths resolve against. */
  readonly cwd: string;
  /** True when stdout is an interactive terminal (live progress display). */
  readonly isTty: boolean;
  /** Aborted on Ctrl-C / SIGTERM; long-running commands stop, clean up and still write results. */
  readonly signal: AbortSignal;
  /**
   * Told the run id and where the run will push, before it pushes anything, so that a forced exit (a second
   * Ctrl-C) can say what to clean up.
   */
  readonly onRunStarted?: (run: RunInProgress) => void;
  /** Reads standard input to its end (`--password-stdin`); absent means there is none. */
  readonly readStdin?: () => Promise<string>;
}

/** Mutable outcome a command action sets; the CLI turns it into the process exit code. */
export interface CommandOutcome {
  exitCode: number;
}
