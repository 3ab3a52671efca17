import type { RegistryClient } from '../client/types.js';
import { HarnessError, TimeoutError } from '../errors/index.js';

/** Timeouts in a row, with no answer in between, after which a target counts as stalled. */
export const defaultBreakerThreshold = 3;

/**
 * The target stopped answering, so the request was not sent: the run ends this target at once instead of waiting a
 * request timeout per remaining request (issue 11 item 8: a hung registry took ~23 minutes to run through).
 */
export class TargetStalledError extends HarnessError {
  readonly code = 'OCI_TARGET_STALLED';
}

/**
 * A per-target circuit breaker. It watches every request made through {@link wrap}: a timeout counts, any answer (or
 * any other failure) resets the count; at `threshold` timeouts in a row it opens for good, aborts {@link signal} and
 * every later request fails at once with one {@link TargetStalledError} naming why.
 */
export class CircuitBreaker {
  private readonly threshold: number;
  private readonly controller = new AbortController();
  private consecutive = 0;
  private why: string | undefined;

  constructor(threshold = defaultBreakerThreshold) {
    this.threshold = threshold;
  }

  /** True once the target counts as stalled. */
  get open(): boolean {
    return this.why !== undefined;
  }

  /** Why it opened (one line for every check it stops), or undefined while closed. */
  get reason(): string | undefined {
    return this.why;
  }

  /** Aborted when the breaker opens. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** A client whose every call goes through the breaker (views from `withRecorder` too). */
  wrap(client: RegistryClient): RegistryClient {
    return new Proxy(client, {
      get: (target, property, receiver) => {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function' || property === 'close' || property === 'resolveLocation' || property === 'observations') {
          return value;
        }
        if (property === 'withRecorder') {
          return (...args: unknown[]): RegistryClient =>
            this.wrap(Reflect.apply(value as (...a: unknown[]) => RegistryClient, target, args));
        }
        return (...args: unknown[]): unknown => {
          if (this.why !== undefined) {
            return Promise.reject(this.stalled());
          }
          const result: unknown = Reflect.apply(value as (...a: unknown[]) => unknown, target, args);
          return result instanceof Promise ? result.then(this.answered, this.failed) : result;
        };
      },
    });
  }

  /** The error of a request refused because the breaker is open. */
  stalled(): TargetStalledError {
    return new TargetStalledError(this.why ?? 'the registry stopped answering', {
      hint: 'check that the registry is up and answering; regatta stopped sending to it',
    });
  }

  private readonly answered = <T>(value: T): T => {
    this.consecutive = 0;
    return value;
  };

  private readonly failed = (error: unknown): never => {
    if (error instanceof TimeoutError) {
      this.consecutive += 1;
      if (this.consecutive >= this.threshold && this.why === undefined) {
        this.why =
          `the registry stopped answering: ${this.consecutive} requests in a row timed out ` +
          `(the last: ${error.message}); the remaining requests to this target were not sent`;
        this.controller.abort(this.stalled());
      }
    } else if (!(error instanceof TargetStalledError)) {
      this.consecutive = 0;
    }
    throw error;
  };
}
