/** Options every harness error accepts. */
export interface HarnessErrorOptions {
  /** The lower-level error this one wraps (an undici error, a spawn failure, …). */
  readonly cause?: unknown;
  /** One sentence telling the user how to fix the problem, printed under the message. */
  readonly hint?: string;
}

/**
 * Base class of every error regatta raises on purpose. Each subclass has a stable `code`, so that callers and tests
 * branch on the code rather than on message text. Anything that is not a `HarnessError` is a bug of ours.
 */
export abstract class HarnessError extends Error {
  /** Stable machine-readable code, such as `OCI_CONFIG_INVALID`. */
  abstract readonly code: string;
  /** How to fix it, when we know. */
  readonly hint: string | undefined;

  constructor(message: string, options: HarnessErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.hint = options.hint;
  }
}
