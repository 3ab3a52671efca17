import type { ScenarioTick } from '../../model/index.js';

/** Seconds with one decimal. */
function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}

/** One plain progress line: `[target] scenario 12.0s/30.0s 512.3 MB/s 93.0 req/s 0 errors` (req/s as in every report). */
export function formatTickLine(tick: ScenarioTick): string {
  return (
    `[${tick.target}] ${tick.scenario} ${seconds(tick.elapsedMs)}s/${seconds(tick.totalMs)}s ` +
    `${tick.mbps.toFixed(1)} MB/s ${tick.requestsPerSec.toFixed(1)} req/s ${tick.errors} errors`
  );
}
