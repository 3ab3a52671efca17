import { join } from 'node:path';
import { redactOutgoing } from '../../src/client/redact-outgoing.js';
import type { RunResult } from '../../src/model/index.js';
import type { RunCheckpoints } from '../../src/run/run-pipeline.js';
import { serializeRunResult } from './serialize-run-result.js';
import { writeFileAtomic } from './write-file-atomic.js';

/** results.json rewritten while a run goes on: the pipeline's {@link RunCheckpoints}, and a last wait. */
export interface ResultsCheckpoint extends RunCheckpoints {
  /** Stops writing and waits for a write in flight, so the final results.json is not overwritten by a late one. */
  settle(): Promise<void>;
}

/**
 * Keeps `outDir/results.json` up to date as the run goes (after each check, scenario and target, at most once per
 * `minIntervalMs`, or less often when a snapshot is costly, and never while a load scenario runs), each write atomic
 * ({@link writeFileAtomic}) and redacted like the final one, so a run that is killed (SIGKILL, a lost CI runner)
 * leaves a valid results.json with what it had. A failed write is not fatal here: the final write reports it.
 */
export function createResultsCheckpoint(outDir: string, minIntervalMs = 1000): ResultsCheckpoint {
  const path = join(outDir, 'results.json');
  let pending: (() => RunResult) | undefined;
  let writing: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let lastWriteAt = 0;
  let intervalMs = minIntervalMs;
  let closed = false;
  let held = false;

  const flush = (): void => {
    timer = undefined;
    if (held) {
      // The snapshot stays pending with no timer armed: `release` writes it.
      return;
    }
    const snapshot = pending;
    pending = undefined;
    if (snapshot === undefined || closed) {
      return;
    }
    // Built here, not in a promise callback, so a write due at `release` is done before the next scenario starts.
    let text: string | undefined;
    try {
      const started = performance.now();
      text = serializeRunResult(redactOutgoing(snapshot()));
      // A big run's snapshot costs more to build, check and serialise: space writes so they stay a small share of
      // the run's CPU (about 1/20) instead of growing with every check.
      intervalMs = Math.max(minIntervalMs, 20 * (performance.now() - started));
    } catch {
      // Not fatal here: the final write builds the same result and reports what fails.
    }
    writing = (text === undefined ? Promise.resolve() : writeFileAtomic(path, text))
      .catch(() => undefined)
      .finally(() => {
        writing = undefined;
        lastWriteAt = Date.now();
        schedule();
      });
  };

  const schedule = (): void => {
    if (closed || pending === undefined || writing !== undefined || timer !== undefined) {
      return;
    }
    timer = setTimeout(flush, Math.max(0, lastWriteAt + intervalMs - Date.now()));
    timer.unref();
  };

  return {
    write(snapshot) {
      if (!closed) {
        pending = snapshot;
        schedule();
      }
    },
    hold() {
      held = true;
    },
    release() {
      held = false;
      // A snapshot pending with no timer and no write in flight came due during the hold (flush with none is a no-op).
      if (timer === undefined && writing === undefined) {
        flush();
      }
    },
    async settle() {
      closed = true;
      clearTimeout(timer);
      timer = undefined;
      pending = undefined;
      await writing;
    },
  };
}
