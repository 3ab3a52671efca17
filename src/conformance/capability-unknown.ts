import type { CheckError } from '../model/index.js';
import type { CheckDefinition } from './define-suite.js';
import type { SkipContext } from './check-skip-reason.js';

/** Error code of a check that did not run because the probe could not tell whether a capability it needs exists. */
export const capabilityUnknownCode = 'OCI_CAPABILITY_UNKNOWN';

/**
 * The error of a check that requires a capability the probe could not decide (network error, 5xx or 429 that
 * persisted, or an answer that says nothing about the feature), or undefined when every required one was decided.
 * Such a check is *errored* with the probe's reason: neither the registry's fault (failed) nor a known absence
 * (skipped). Call it after {@link checkSkipReason}: a capability known to be absent skips first.
 */
export function capabilityUnknownError(context: Pick<SkipContext, 'capabilities' | 'capabilityResults'>, check: CheckDefinition): CheckError | undefined {
  for (const capability of check.requires ?? []) {
    if (context.capabilities[capability] === 'unknown') {
      const seen = context.capabilityResults.find((result) => result.id === capability)?.detail;
      return {
        message: `requires capability ${capability}, which the probe could not determine${seen === undefined ? '' : ` (${seen})`}`,
        code: capabilityUnknownCode,
      };
    }
  }
  return undefined;
}
