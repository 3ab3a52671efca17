import { HarnessError, type HarnessErrorOptions } from './harness-error.js';

/** A request or phase exceeded its time budget. The undici error, if any, is in `cause`. */
export class TimeoutError extends HarnessError {
  readonly code = 'OCI_TIMEOUT';
  readonly timeoutMs: number;

  constructor(message: string, timeoutMs: number, options: HarnessErrorOptions = {}) {
    super(message, options);
    this.timeoutMs = timeoutMs;
  }
}
