import { TimeoutError } from '../errors/index.js';

/** Options of {@link waitForRegistryReady}. */
export interface WaitReadyOptions {
  /** @default 30000 */
  readonly timeoutMs?: number;
  /** @default 100 */
  readonly intervalMs?: number;
  /** Returns why the process is gone, if it is: stops the wait at once. */
  readonly exited?: () => string | undefined;
  readonly signal?: AbortSignal;
}

/** What ended the wait early. */
export class RegistryExitedError extends Error {
  readonly exitStatus: string;

  constructor(exitStatus: string) {
    super(`registry exited (${exitStatus})`);
    this.exitStatus = exitStatus;
  }
}

/**
 * Polls `GET <url>/v2/` until the registry answers 200 or 401 (a registry behind auth is up too). Bounded by
 * `timeoutMs` and by an attempt count; each request has its own 1 s timeout.
 */
export async function waitForRegistryReady(url: string, options: WaitReadyOptions = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const intervalMs = options.intervalMs ?? 100;
  const deadline = Date.now() + timeoutMs;
  const maxAttempts = Math.ceil(timeoutMs / intervalMs) + 1;
  let last = 'no answer yet';
  for (let attempt = 0; attempt < maxAttempts && Date.now() < deadline; attempt += 1) {
    options.signal?.throwIfAborted();
    const exitStatus = options.exited?.();
    if (exitStatus !== undefined) {
      throw new RegistryExitedError(exitStatus);
    }
    try {
      const response = await fetch(`${url}/v2/`, { signal: AbortSignal.timeout(1000) });
      await response.body?.cancel();
      if (response.status === 200 || response.status === 401) {
        return;
      }
      last = `GET /v2/ answered ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new TimeoutError(`${url}/v2/ did not answer within ${timeoutMs} ms (last: ${last})`, timeoutMs);
}
