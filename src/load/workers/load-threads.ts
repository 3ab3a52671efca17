import { availableParallelism } from 'node:os';
import { UsageError } from '../../errors/index.js';

/** Environment variable that overrides the default number of load threads. */
export const loadThreadsVariable = 'REGATTA_LOAD_THREADS';

/**
 * How many threads a scenario's virtual users are spread over: `REGATTA_LOAD_THREADS` when set (1 = everything in the
 * main thread, as before worker threads existed), else the machine's available parallelism. A value that is not a
 * positive integer is a UsageError.
 */
export function defaultLoadThreads(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const text = env[loadThreadsVariable];
  if (text === undefined || text.trim() === '') {
    return Math.max(1, availableParallelism());
  }
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new UsageError(`${loadThreadsVariable} must be a positive integer, got "${text}"`);
  }
  return value;
}
