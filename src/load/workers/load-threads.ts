import { availableParallelism } from 'node:os';
import { loadLimits } from '../load-limits.js';
import { UsageError } from '../../errors/index.js';
import type { Scenario } from '../define-scenario.js';
import { flowKindOf } from '../flows/flow-kinds.js';

/** Environment variable that overrides the default number of load threads. */
export const loadThreadsVariable = 'REGATTA_LOAD_THREADS';

/**
 * True when the client does real work per byte (hashing pulled bodies, generating and hashing pushed ones), which a
 * second core can take over. Without it (a manifest storm, a pull without verification) the registry is the
 * bottleneck: measured on the 2-core lab, a second thread only adds client CPU per request (~45% for manifest GETs)
 * that a registry on the same machine then lacks, and lowers the rate (manifest GET 3337 → 2809 req/s, unverified
 * pull 1323 → 1048 MB/s), while a verified pull gains (519–730 → ~800 MB/s).
 */
function hasPerByteWork(scenario: Pick<Scenario, 'flow' | 'verify'>): boolean {
  return flowKindOf(scenario.flow).perByteWork(scenario.flow, scenario.verify);
}

/**
 * How many threads a scenario's virtual users are spread over: `REGATTA_LOAD_THREADS` when set (1 = everything in the
 * main thread, as before worker threads existed); else the machine's available parallelism when the client does work
 * per byte (see {@link hasPerByteWork}), and 1 when it does not. A value that is not a positive integer is a
 * UsageError.
 */
export function defaultLoadThreads(
  scenario: Pick<Scenario, 'flow' | 'verify'>,
  env: Readonly<Record<string, string | undefined>> = process.env,
): number {
  const text = env[loadThreadsVariable];
  if (text === undefined || text.trim() === '') {
    return hasPerByteWork(scenario) ? Math.max(1, availableParallelism()) : 1;
  }
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > loadLimits.maxThreads) {
    throw new UsageError(`${loadThreadsVariable} must be a whole number from 1 to ${loadLimits.maxThreads}, got "${text}"`);
  }
  return value;
}
