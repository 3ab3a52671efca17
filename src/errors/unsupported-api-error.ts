import { HarnessError, type HarnessErrorOptions } from './harness-error.js';

/**
 * The registry does not offer an optional API or capability (catalog, deletes, referrers, mount, …). A check that
 * throws it is *skipped* with the reason, never failed.
 */
export class UnsupportedApiError extends HarnessError {
  readonly code = 'OCI_UNSUPPORTED_API';
  /** Capability id from the probe, e.g. `delete-manifest`. */
  readonly capability: string;

  constructor(message: string, capability: string, options: HarnessErrorOptions = {}) {
    super(message, options);
    this.capability = capability;
  }
}
