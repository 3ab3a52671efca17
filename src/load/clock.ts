/**
 * Time source of the load engine. Injected so that executor logic runs under `vi.useFakeTimers()`: tests pass a clock
 * built on the faked `Date.now` and `setTimeout`, production uses the monotonic `performance.now()`.
 */
export interface Clock {
  /** Milliseconds from an arbitrary origin; only differences are meaningful. */
  now(): number;
  /** Resolves after `ms`, or early (without throwing) when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Sleep on `setTimeout`, cut short by an abort. */
function sleepOnTimers(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted === true || ms <= 0) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** The real clock: monotonic, immune to wall-clock jumps. */
export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: sleepOnTimers,
};

/** A clock on `Date.now()` + `setTimeout`, both of which `vi.useFakeTimers()` controls. */
export const timerClock: Clock = {
  now: () => Date.now(),
  sleep: sleepOnTimers,
};
