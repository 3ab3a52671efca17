/** Public surface of the load engine: run scenarios programmatically (the demo and other runners use this). */
export { runScenario, type RunScenarioOptions } from './run-scenario.js';
export { defineScenario, type Scenario, type ScenarioInput, type Flow, KiB, MiB, GiB } from './define-scenario.js';
export type { ScenarioOverrides } from './apply-overrides.js';
export type { ExecutorConfig, ExecutorConfigInput } from './executors/executor-config.js';
export { decodeHistogram, encodeHistogram, mergeHistograms, summarize } from './metrics/latency-histogram.js';
export { createBenchProgress } from './progress/bench-progress.js';
export { systemClock, timerClock, type Clock } from './clock.js';
