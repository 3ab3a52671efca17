import type { RunResult } from '../model/index.js';
import type { CliIo } from './cli-io.js';

/**
 * Prints one stderr line per target that could not be run (unreachable, not a registry, credentials missing or
 * refused) and returns how many there were.
 */
export function printTargetErrors(run: RunResult, io: CliIo): number {
  const notRun = run.targets.filter((target) => target.status === 'errored' && target.error !== undefined);
  for (const target of notRun) {
    io.stderr(`regatta: ${target.error ?? ''}\n`);
  }
  return notRun.length;
}
