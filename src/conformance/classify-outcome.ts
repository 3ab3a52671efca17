import { ConformanceFailure, HarnessError, LayoutLimitError, UnsupportedApiError } from '../errors/index.js';
import type { CheckError, Level } from '../model/index.js';

/** How a check ended, before its result is assembled. */
export type CheckOutcome =
  | { readonly status: 'passed'; readonly note?: string }
  | { readonly status: 'warned' | 'failed' | 'errored'; readonly errors: CheckError[] }
  | { readonly status: 'skipped'; readonly reason: string };

/** A CheckError from a ConformanceFailure: message, expected/actual and where. */
function failureError(failure: ConformanceFailure): CheckError {
  const { expected, actual, method, url, spec } = failure.details;
  return {
    message: failure.message,
    expected,
    actual,
    ...(method === undefined ? {} : { method }),
    ...(url === undefined ? {} : { url }),
    ...(spec === undefined ? {} : { spec: [...spec] }),
  };
}

/** A CheckError for something the harness or the network broke. */
export function harnessErrorOf(error: unknown): CheckError {
  if (error instanceof HarnessError) {
    return { message: error.message, code: error.code };
  }
  if (error instanceof Error) {
    return { message: `${error.name}: ${error.message}`, code: 'OCI_INTERNAL' };
  }
  return { message: String(error), code: 'OCI_INTERNAL' };
}

/**
 * Classifies what a check's `run` did (STYLE 21): a ConformanceFailure is *failed* for MUST, *warned* for SHOULD (or
 * when the failure says `level: 'SHOULD'`); a MAY check is a capability, so its miss is *skipped* "not supported";
 * UnsupportedApiError and LayoutLimitError are *skipped*; anything else is *errored*, never blamed on the registry.
 */
export function classifyOutcome(level: Level, thrown: unknown, completed: boolean): CheckOutcome {
  if (completed) {
    return level === 'MAY' ? { status: 'passed', note: 'supported' } : { status: 'passed' };
  }
  if (thrown instanceof LayoutLimitError) {
    return { status: 'skipped', reason: `not run in the fixed layout: ${thrown.message}` };
  }
  if (thrown instanceof UnsupportedApiError) {
    return { status: 'skipped', reason: `capability not supported: ${thrown.capability} (${thrown.message})` };
  }
  if (thrown instanceof ConformanceFailure) {
    if (level === 'MAY') {
      return { status: 'skipped', reason: `capability not supported: ${thrown.message}` };
    }
    const warns = level === 'SHOULD' || thrown.details.level === 'SHOULD';
    return { status: warns ? 'warned' : 'failed', errors: [failureError(thrown)] };
  }
  return { status: 'errored', errors: [harnessErrorOf(thrown)] };
}
