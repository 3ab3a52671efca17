import { HarnessError, type HarnessErrorOptions } from './harness-error.js';

/**
 * A request could not be completed at the transport level (connection refused, reset, DNS, TLS). The undici error is
 * kept in `cause`. A network error is never the registry breaking the spec: checks that hit it are *errored*.
 */
export class NetworkError extends HarnessError {
  readonly code = 'OCI_NETWORK';
  /** `METHOD url` of the request that failed (redacted). */
  readonly request: string | undefined;

  constructor(message: string, options: HarnessErrorOptions & { readonly request?: string } = {}) {
    super(message, options);
    this.request = options.request;
  }
}
