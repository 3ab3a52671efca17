import { HarnessError } from './harness-error.js';

/** Thrown for bad command-line usage or input that names a setting to fix (exit code 2). */
export class UsageError extends HarnessError {
  readonly code = 'OCI_USAGE';
}
