import type { CapabilityResult, CheckResult } from '../model/index.js';
import type { CapabilityId, CapabilityMap } from './capabilities.js';
import type { CheckDefinition, SuiteDefinition } from './define-suite.js';
import { gradeCheck, type Grading } from './grade-check.js';

/** What decides whether a check may run, besides the filter and an interrupt. */
export interface SkipContext {
  readonly suite: SuiteDefinition;
  readonly capabilities: CapabilityMap;
  /** Capability results, for skip reasons that say what the probe saw. */
  readonly capabilityResults: readonly CapabilityResult[];
  /** Results of the checks of this suite that have ended, by check id. */
  readonly done: ReadonlyMap<string, CheckResult>;
  /** Capabilities the target's expectation profile requires: their absence is a failure, not a plain skip. */
  readonly required?: RequiredCapabilities;
  /** The run's spec version: a check whose behaviour it lacks is skipped. @default {@link defaultGrading} */
  readonly grading?: Grading;
}

/** The capabilities an expectation profile requires, and the profile's name for messages. */
export interface RequiredCapabilities {
  readonly profile: string;
  readonly capabilities: ReadonlySet<CapabilityId>;
}

/**
 * Why a check must not run, or undefined when it may. Steps carry no skip logic: the runner decides (STYLE 9). Only
 * call it once every `dependsOn` of the check has ended: a dependency not in `done` reads as "did not run".
 */
export function checkSkipReason(context: SkipContext, check: CheckDefinition): string | undefined {
  const absent = gradeCheck(check, context.grading).absent;
  if (absent !== undefined) {
    return absent;
  }
  for (const capability of check.requires ?? []) {
    if (context.capabilities[capability] === 'unsupported') {
      const seen = context.capabilityResults.find((result) => result.id === capability)?.detail;
      if (context.required?.capabilities.has(capability) === true) {
        return (
          `skipped because a required capability is missing: ${capability} (profile ${context.required.profile} requires it; ` +
          `the failure is expectations/requires-${capability})${seen === undefined ? '' : `; probe: ${seen}`}`
        );
      }
      return `requires capability ${capability}, which the registry does not support${seen === undefined ? '' : ` (${seen})`}`;
    }
  }
  for (const dependency of check.dependsOn ?? []) {
    const result = context.done.get(dependency);
    if (result === undefined || (result.status !== 'passed' && result.status !== 'warned')) {
      return `depends on ${context.suite.id}/${dependency}, which ${result === undefined ? 'did not run' : result.status}`;
    }
  }
  return undefined;
}
