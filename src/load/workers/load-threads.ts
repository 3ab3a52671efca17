import { availableParallelism } from 'node:os';
import { isLoopbackHost } from '../../client/location.js';
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
 * Cores the client may take for itself. A registry on loopback runs on this machine and needs cores too: it gets half.
 * Measured on the 2-core lab (distribution-3 on loopback, 3 to 5 interleaved pairs, issue 17): a second thread cost
 * +85 MiB peak RSS (+55 %) on push 16 MiB × 64 and was slower in every pair; on a verified pull 16 MiB × 8 it cost
 * +55 MiB (+50 %) for a median +20 % rate. A thread that buys less speed than it costs memory is not a default.
 */
function clientCores(targetUrl: string | undefined, cores: number): number {
  const loopback = targetUrl !== undefined && URL.canParse(targetUrl) && isLoopbackHost(new URL(targetUrl).hostname);
  return Math.max(1, loopback ? Math.floor(cores / 2) : cores);
}

/**
 * How many threads a scenario's virtual users are spread over: `REGATTA_LOAD_THREADS` when set (1 = everything in the
 * main thread, as before worker threads existed); else, when the client does work per byte (see
 * {@link hasPerByteWork}), the machine's available parallelism (half of it for a loopback target, which shares the
 * machine), and 1 when it does not. A value that is not a positive integer is a UsageError.
 */
export function defaultLoadThreads(
  scenario: Pick<Scenario, 'flow' | 'verify'>,
  env: Readonly<Record<string, string | undefined>> = process.env,
  targetUrl?: string,
  cores: number = availableParallelism(),
): number {
  const text = env[loadThreadsVariable];
  if (text === undefined || text.trim() === '') {
    return hasPerByteWork(scenario) ? clientCores(targetUrl, cores) : 1;
  }
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > loadLimits.maxThreads) {
    throw new UsageError(`${loadThreadsVariable} must be a whole number from 1 to ${loadLimits.maxThreads}, got "${text}"`);
  }
  return value;
}
