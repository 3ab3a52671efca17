import type { ScenarioResult, TargetTraffic } from '../model/index.js';

/** A target's traffic before any request: nothing met. */
const quiet: TargetTraffic = {
  throttled: 0,
  throttleRetries: 0,
  throttleWaitMs: 0,
  throttledWithoutRetryAfter: 0,
  throttledNonJson: 0,
  warnings: [],
};

/**
 * The target's traffic with its load scenarios' 429s and Warning texts added: one figure per target, whether the
 * 429s came from checks or from load.
 */
export function withScenarioTraffic(traffic: TargetTraffic | undefined, scenarios: readonly ScenarioResult[]): TargetTraffic | undefined {
  const fromLoad = scenarios.filter((scenario) => scenario.throttle !== undefined || (scenario.warnings ?? []).length > 0);
  if (fromLoad.length === 0) {
    return traffic;
  }
  const base = traffic ?? quiet;
  const warnings = new Map(base.warnings.map((warning) => [warning.text, warning.count]));
  let { throttled, throttleRetries, throttleWaitMs } = base;
  for (const scenario of fromLoad) {
    throttled += scenario.throttle?.throttled ?? 0;
    throttleRetries += scenario.throttle?.retries ?? 0;
    throttleWaitMs += scenario.throttle?.waitMs ?? 0;
    for (const warning of scenario.warnings ?? []) {
      warnings.set(warning.text, (warnings.get(warning.text) ?? 0) + warning.count);
    }
  }
  return { ...base, throttled, throttleRetries, throttleWaitMs, warnings: [...warnings].map(([text, count]) => ({ text, count })) };
}
