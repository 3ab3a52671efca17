import { HarnessError } from './harness-error.js';

/** Credentials could not be obtained or were rejected (helper failed, token server down, wrong password). */
export class AuthError extends HarnessError {
  readonly code = 'OCI_AUTH';
}
