import type { RunInProgress } from '../run/run-places.js';

/** What the handler does to the outside world; the bin entry passes the real process. */
export interface InterruptHandlerIo {
  readonly stderr: (text: string) => void;
  /** Stops the process now (the second Ctrl-C). */
  readonly exit: (code: number) => void;
  /** Asks the running command to stop, clean up and write partial results (the first Ctrl-C). */
  readonly abort: () => void;
}

/** Ctrl-C handling of the bin entry: the first signal asks for a clean stop, the second exits at once. */
export interface InterruptHandler {
  readonly onSignal: () => void;
  readonly onRunStarted: (run: RunInProgress) => void;
}

/**
 * The bin entry's Ctrl-C policy. The first SIGINT/SIGTERM aborts the run (cleanup and partial reports follow); the
 * second exits with 130 at once, skipping cleanup, so it first prints the run id and every place the run may have
 * left data in: without them the user could not find what to delete.
 */
export function createInterruptHandler(io: InterruptHandlerIo): InterruptHandler {
  let interrupts = 0;
  let current: RunInProgress | undefined;
  return {
    onRunStarted: (run) => {
      current = run;
    },
    onSignal: () => {
      interrupts += 1;
      if (interrupts === 1) {
        io.stderr('\nregatta: interrupted, cleaning up and writing partial results (Ctrl-C again to force)\n');
        io.abort();
        return;
      }
      if (current === undefined) {
        io.stderr('regatta: interrupted twice, exiting now\n');
      } else {
        io.stderr(`regatta: interrupted twice, exiting now without cleaning up run ${current.runId}; what it pushed may remain in:\n`);
        for (const place of current.places) {
          io.stderr(`  ${place.target} (${place.url}): ${place.repositories}\n`);
        }
      }
      io.exit(130);
    },
  };
}
