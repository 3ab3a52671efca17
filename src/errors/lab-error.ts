import { HarnessError } from './harness-error.js';

/** A lab component could not be installed or started (binary missing, exits at start, port taken). */
export class LabError extends HarnessError {
  readonly code = 'OCI_LAB';
}
