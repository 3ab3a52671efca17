import { availableParallelism } from 'node:os';
import { UsageError } from '../../errors/index.js';
import type { Flow } from '../define-scenario.js';

/** Environment variable that overrides the default number of load threads. */
export const loadThreadsVariable = 'REGATTA_LOAD_THREADS';

/**
 * How many threads a scenario's virtual users are spread over: `REGATTA_LOAD_THREADS` when set (1 = everything in the
 * main thread, as before worker threads existed), else the machine's available parallelism for flows that move blobs
 * (hashing and body parsing then run on every core), and 1 for `manifest-storm`: its requests are tiny, the registry
 * is the bottleneck (profiled: the client thread idles two thirds of the time at 64 VUs), and a second thread only
 * doubles the client's CPU per request, which a registry on the same machine then lacks. A value that is not a
 * positive integer is a UsageError.
 */
export function defaultLoadThreads(flow: Flow['kind'], env: Readonly<Record<string, string | undefined>> = process.env): number {
  const text = env[loadThreadsVariable];
  if (text === undefined || text.trim() === '') {
    return flow === 'manifest-storm' ? 1 : Math.max(1, availableParallelism());
  }
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new UsageError(`${loadThreadsVariable} must be a positive integer, got "${text}"`);
  }
  return value;
}
