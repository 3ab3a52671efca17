import { setTimeout as sleep } from 'node:timers/promises';
import { classifyError, LoadFailure } from './http/load-failure.js';

/** Statuses a registry or its proxy sends for a passing overload or restart: the set-up tries again. */
const transientStatuses = new Set([429, 502, 503, 504]);

/** Pauses before the second and third attempt: bounded, so a registry that stays down fails the set-up in seconds. */
export const setupRetryDelaysMs: readonly number[] = [500, 2000];

/**
 * True for a failure worth one more try: a transient status (429, 502, 503, 504) or a dropped connection (a reset,
 * a socket closed). A refusal (4xx) or a timeout is not: trying again would only repeat it, or wait as long again.
 */
export function isTransientSetupFailure(error: unknown): boolean {
  if (error instanceof LoadFailure) {
    return error.status !== undefined && transientStatuses.has(error.status);
  }
  return classifyError(error) === 'OCI_NETWORK';
}

/**
 * Runs a scenario's set-up, trying again (after each of `delaysMs`) when it fails on something transient. Set-up
 * pushes are content-addressed and tags are overwritten, so running it again is safe. Nothing of it is measured.
 */
export async function withSetupRetries<T>(
  setup: () => Promise<T>,
  signal: AbortSignal,
  delaysMs: readonly number[] = setupRetryDelaysMs,
): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await setup();
    } catch (error) {
      const delay = delaysMs[attempt];
      if (delay === undefined || signal.aborted || !isTransientSetupFailure(error)) {
        throw error;
      }
      await sleep(delay, undefined, { signal }).catch(() => undefined);
      if (signal.aborted) {
        throw error;
      }
    }
  }
}
