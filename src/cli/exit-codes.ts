/** Named exit codes (DESIGN.md). Documented in the README. */
export const ExitCode = {
  /** Every check passed (warnings allowed), every threshold held. */
  ok: 0,
  /** A check failed, a threshold was crossed, or a regression was found. */
  failed: 1,
  /** Invalid configuration or usage: the message names the setting to fix. */
  usage: 2,
  /** The harness itself errored (our bug, or the network): never blamed on the registry. */
  harnessError: 3,
  /** Interrupted by Ctrl-C or SIGTERM; partial results were written. */
  interrupted: 130,
} as const;

/** One of the exit codes above. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
