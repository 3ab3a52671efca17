import type { ScenarioResult } from '../../src/model/index.js';

/**
 * False for a scenario that measured nothing (its set-up failed, or it was interrupted before the first request):
 * its figures are not zeros, they do not exist, so reports show its reason instead of numbers or bars.
 */
export function scenarioMeasured(scenario: ScenarioResult): boolean {
  return scenario.requests.total > 0 || scenario.iterations > 0 || scenario.durationMs > 0;
}

/** `errored: set-up failed: …`, what a report shows in place of the figures of an unmeasured scenario. */
export function notMeasuredText(scenario: ScenarioResult): string {
  return `${scenario.status}: ${scenario.reason ?? 'nothing was measured'}`;
}
