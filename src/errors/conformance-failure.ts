import { HarnessError, type HarnessErrorOptions } from './harness-error.js';

/** Details of a conformance miss: what the rule expected, what came back, and on which request. */
export interface ConformanceFailureDetails {
  /** What the spec requires, e.g. `status 404`. */
  readonly expected: string;
  /** What the registry did, e.g. `status 200`. */
  readonly actual: string;
  readonly method?: string;
  /** Redacted URL of the request. */
  readonly url?: string;
  /** Spec section ids the rule comes from, e.g. `['end-2', 'code-1']`. */
  readonly spec?: readonly string[];
  /**
   * Force the severity of this miss regardless of the check's level: a MUST check can contain a SHOULD assertion
   * (e.g. "Content-Length SHOULD be present") whose miss only warns.
   */
  readonly level?: 'MUST' | 'SHOULD';
}

/**
 * Thrown by a check when the registry broke a rule. The runner turns it into *failed* (MUST) or *warned* (SHOULD).
 */
export class ConformanceFailure extends HarnessError {
  readonly code = 'OCI_CONFORMANCE_FAILURE';
  readonly details: ConformanceFailureDetails;

  constructor(message: string, details: ConformanceFailureDetails, options: HarnessErrorOptions = {}) {
    super(message, options);
    this.details = details;
  }
}
