/**
 * A synchronised start for the shares of one distributed run: every share is given the same wall-clock instant
 * (`bench --start-at`), gets ready (set-up check, worker threads loaded, connections about to open) and then waits
 * for that instant, so N shares of a fixed-duration run overlap in time instead of spreading by however long each
 * process took to start. The machines' clocks must agree (NTP; a Kubernetes cluster's nodes do); each share's skew
 * against the registry is recorded, so a badly set clock shows in the merge.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { UsageError } from '../../errors/index.js';

/** Furthest ahead a start may be set: a day, like the longest run (and far below Node's ~24.8-day timer limit). */
export const maxStartAheadMs = 24 * 60 * 60 * 1000;

/**
 * Parses `--start-at`: an ISO 8601 date-time with a zone (`2026-12-02T14:00:00Z`, `…+01:00`). A time without a zone
 * would be read in each machine's own zone, so it is refused; so is one more than a day ahead. A time already past is
 * allowed (a pod scheduled late starts at once and says how late).
 */
export function parseStartAt(text: string, nowMs: number): number {
  const trimmed = text.trim();
  const withZone = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(trimmed);
  const at = Date.parse(trimmed);
  if (!withZone || Number.isNaN(at)) {
    throw new UsageError(`--start-at: "${text}" is not an ISO 8601 time with a zone (e.g. 2026-12-02T14:00:00Z)`, {
      hint: 'every share gets the same instant; date -u -d "+1 minute" +%Y-%m-%dT%H:%M:%SZ prints one',
    });
  }
  if (at - nowMs > maxStartAheadMs) {
    throw new UsageError(`--start-at: ${trimmed} is more than 24 hours ahead`);
  }
  return at;
}

/**
 * Waits until the wall clock reads `atMs` (or `signal` aborts); returns how late the caller was, ms (0 when it was
 * early enough to wait). The wait is a timer, not a busy loop: Node's timers fire within a millisecond or two of
 * their time on an idle machine, far below the start spread of separate processes.
 */
export async function waitUntil(atMs: number, signal: AbortSignal, now: () => number = Date.now): Promise<number> {
  const aheadMs = atMs - now();
  if (aheadMs <= 0) {
    return -aheadMs;
  }
  // Timers run on the monotonic clock, so one may fire a millisecond before the wall clock reads `atMs`: sleep again
  // for what is left, so the wait never ends early.
  for (let left = aheadMs; left > 0 && !signal.aborted; left = atMs - now()) {
    await sleep(left, undefined, { signal }).catch(() => undefined);
  }
  return 0;
}
