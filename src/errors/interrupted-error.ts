import { HarnessError } from './harness-error.js';

/** The run was interrupted (Ctrl-C / SIGTERM / abort signal). Exit code 130. */
export class InterruptedError extends HarnessError {
  readonly code = 'OCI_INTERRUPTED';
}
