import { runConstantArrivalRate } from './constant-arrival-rate.js';
import { runConstantVus } from './constant-vus.js';
import type { ExecutorConfig } from './executor-config.js';
import type { ExecutorOutcome, ExecutorRunOptions } from './executor-types.js';
import { runRampingVus } from './ramping-vus.js';

/** Runs the executor the config names. */
export function runExecutor(config: ExecutorConfig, options: ExecutorRunOptions): Promise<ExecutorOutcome> {
  switch (config.type) {
    case 'constant-vus':
      return runConstantVus(config, options);
    case 'constant-arrival-rate':
      return runConstantArrivalRate(config, options);
    case 'ramping-vus':
      return runRampingVus(config, options);
  }
}

/** Planned length of a run, for progress displays (count-only constant-vus runs report their time cap). */
export function plannedDurationMs(config: ExecutorConfig): number {
  switch (config.type) {
    case 'constant-vus':
      return config.durationMs ?? config.maxDurationMs;
    case 'constant-arrival-rate':
      return config.durationMs;
    case 'ramping-vus':
      return config.stages.reduce((sum, stage) => sum + stage.durationMs, 0);
  }
}

/** Most iterations that may run at once: the pool size the engine needs. */
export function peakConcurrency(config: ExecutorConfig): number {
  switch (config.type) {
    case 'constant-vus':
      return config.vus;
    case 'constant-arrival-rate':
      return config.maxVUs;
    case 'ramping-vus':
      return Math.max(config.startVUs, ...config.stages.map((stage) => stage.target), 1);
  }
}
