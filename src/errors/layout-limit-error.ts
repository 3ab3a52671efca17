import { HarnessError } from './harness-error.js';

/**
 * A check cannot be judged correctly in the repository layout it runs in (a fixed layout's shared repositories hide
 * what it needs to read). It is *skipped* with the reason, never failed: the registry did nothing wrong.
 */
export class LayoutLimitError extends HarnessError {
  readonly code = 'OCI_LAYOUT_LIMIT';
}
