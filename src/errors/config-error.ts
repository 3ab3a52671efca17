import { HarnessError, type HarnessErrorOptions } from './harness-error.js';

/** One problem found while validating configuration: where it is and what is wrong. */
export interface ConfigIssue {
  /** Dotted path of the setting, e.g. `targets.0.url`, or the flag / env var name. */
  readonly path: string;
  readonly message: string;
}

/**
 * Thrown when configuration (file, env or flags) is invalid. Carries every issue found, not only the first.
 * Exit code 2. Never a registry error.
 */
export class ConfigError extends HarnessError {
  readonly code = 'OCI_CONFIG_INVALID';
  readonly issues: readonly ConfigIssue[];

  constructor(message: string, issues: readonly ConfigIssue[] = [], options: HarnessErrorOptions = {}) {
    super(message, options);
    this.issues = issues;
  }
}
