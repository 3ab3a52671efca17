import { formatBytes, formatNumber } from '../model/format-number.js';
import type { Flow, Scenario } from './define-scenario.js';
import type { ExecutorConfig } from './executors/executor-config.js';

/** `30 s`, `1.5 s`, `250 ms`. */
function duration(ms: number): string {
  return ms >= 1000 ? `${formatNumber(ms / 1000, 1)} s` : `${ms} ms`;
}

/** `1 VU`, `8 VUs`. */
function vus(count: number): string {
  return `${count} VU${count === 1 ? '' : 's'}`;
}

/** What one iteration does, from the flow's settings. */
function describeFlow(flow: Flow, verify: boolean): string {
  const checked = verify ? 'digest checked' : 'not verified';
  switch (flow.kind) {
    case 'push-blobs': {
      const what = `${flow.reuse ? 'the same' : 'unique'} ${formatBytes(flow.size)} blobs`;
      if (flow.strategy === 'chunked') {
        return `Push ${what} in ${formatBytes(flow.chunkBytes ?? flow.size)} Content-Range chunks (${checked})`;
      }
      return `Push ${what} (${flow.strategy === 'stream' ? 'streamed PATCH' : 'monolithic PUT'}, ${checked})`;
    }
    case 'pull-blobs':
      return `Pull ${formatBytes(flow.size)} blobs from a pool of ${flow.blobs} (${checked})`;
    case 'push-image':
      return `Push images (config + ${flow.layers.length} layers of ${flow.layers.map(formatBytes).join(', ')} in parallel, then the manifest; ${checked})`;
    case 'pull-image':
      return `Pull images from a pool of ${flow.images} (manifest, then config + ${flow.layers.length} layers of ${flow.layers.map(formatBytes).join(', ')} in parallel; ${checked})`;
    case 'mixed':
      return (
        `Mix of ${formatNumber(flow.readRatio * 100, 1)}% image pulls and ${formatNumber((1 - flow.readRatio) * 100, 1)}% pushes, ` +
        `${flow.layersPerImage} layers per image sized log-normally (median ${formatBytes(flow.medianBytes * flow.scale)}, ` +
        `p90 ${formatBytes(flow.p90Bytes * flow.scale)}, at most ${formatBytes(flow.maxLayerBytes)}; ${checked})`
      );
    case 'manifest-storm':
      return `${flow.method === 'both' ? 'HEAD and GET' : flow.method} ${flow.manifests} small manifests`;
  }
}

/** How hard and how long, from the executor's settings. */
function describeExecutor(executor: ExecutorConfig): string {
  switch (executor.type) {
    case 'constant-vus': {
      const bound = [
        ...(executor.durationMs === undefined ? [] : [`for ${duration(executor.durationMs)}`]),
        ...(executor.iterations === undefined ? [] : [`${executor.iterations} iterations`]),
      ];
      return `${vus(executor.vus)} ${bound.join(' or ')}`;
    }
    case 'constant-arrival-rate':
      return `${formatNumber(executor.rate)} iterations/s for ${duration(executor.durationMs)} (open model, up to ${vus(executor.maxVUs)})`;
    case 'ramping-vus': {
      const total = executor.stages.reduce((sum, stage) => sum + stage.durationMs, 0);
      const peak = Math.max(executor.startVUs, ...executor.stages.map((stage) => stage.target));
      return `${executor.startVUs} → ${executor.stages.map((stage) => stage.target).join(' → ')} VUs over ${duration(total)} (peak ${vus(peak)})`;
    }
  }
}

/**
 * One-line description of a scenario written from the settings it actually runs with (after `--vus`, `--size`,
 * `--duration`, `--rate`, `--no-verify`), so a report never repeats a default the run did not use.
 * @example "Push unique 16 MiB blobs (streamed PATCH, digest checked), 4 VUs for 30 s"
 */
export function describeScenario(scenario: Scenario): string {
  return `${describeFlow(scenario.flow, scenario.verify)}, ${describeExecutor(scenario.executor)}`;
}

/** Bytes one iteration moves (blob size or the sum of an image's layers); undefined when sizes vary or are tiny manifests. */
export function iterationBytes(flow: Flow): number | undefined {
  switch (flow.kind) {
    case 'push-blobs':
    case 'pull-blobs':
      return flow.size;
    case 'push-image':
    case 'pull-image':
      return flow.layers.reduce((sum, size) => sum + size, 0);
    default:
      return undefined;
  }
}
