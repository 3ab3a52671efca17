/**
 * Ctrl-C (or SIGTERM) in the node runners of this folder. Lab registries run in process groups of their own (so
 * `lab up --detach` can outlive its shell), and so do the peer tools the bench times (a hung one is killed as a group),
 * which means a terminal's Ctrl-C reaches none of them: before this, an interrupted `npm run bench` left its
 * registries and tools running and their data (GiBs after the push rows) in the temp dir. The first signal stops every
 * lab the script started, kills its tools and runs its other clean-ups, then exits 130; a second signal exits at once.
 */
import { startLab, type Lab, type StartLabOptions } from '../lab/index.js';
import { ExitCode } from '../model/exit-codes.js';

/** Longest the clean-ups may take before the script exits anyway (a registry gets SIGKILL after 5 s in `stop`). */
const cleanupBudgetMs = 30_000;

const cleanups = new Set<() => Promise<unknown>>();
/** Aborted by the first signal: a lab still starting then stops what it started. */
const interrupted = new AbortController();
let installed = false;

function onSignal(signal: NodeJS.Signals): void {
  if (interrupted.signal.aborted) {
    process.stderr.write(`${signal} again: exiting now; lab registries may still be running (see \`ps\`)\n`);
    process.exit(ExitCode.interrupted);
  }
  process.stderr.write(`\n${signal}: stopping the lab registries this run started (${signal} again to exit at once)\n`);
  interrupted.abort();
  const budget = new Promise((resolve) => setTimeout(resolve, cleanupBudgetMs).unref());
  void Promise.race([Promise.allSettled([...cleanups].map((cleanup) => cleanup())), budget]).finally(() => process.exit(ExitCode.interrupted));
}

function installHandlers(): void {
  if (!installed) {
    installed = true;
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
}

/**
 * True once the script was interrupted: its main flow keeps running until the clean-ups end and must not start new
 * processes meanwhile (they would be left behind).
 */
export function scriptInterrupted(): boolean {
  return interrupted.signal.aborted;
}

/**
 * Runs `cleanup` if the script is interrupted before it ends; the returned function unregisters it (for what ends
 * before the script does). Clean-ups must be safe to run after a normal one.
 */
export function cleanUpOnInterrupt(cleanup: () => Promise<unknown>): () => void {
  installHandlers();
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/**
 * {@link startLab}, stopped (idempotently) if the script is interrupted. An interrupt while it is still starting aborts
 * the start, which stops what it started; the clean-up waits for that before the script exits.
 */
export function startScriptLab(options: Omit<StartLabOptions, 'signal'>): Promise<Lab> {
  const starting = startLab({ ...options, signal: interrupted.signal });
  cleanUpOnInterrupt(async () => (await starting).stop());
  return starting;
}
