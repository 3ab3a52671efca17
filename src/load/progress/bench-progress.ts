import { SingleBar } from 'cli-progress';
import type { RunEvents, ScenarioResult } from '../../model/index.js';
import { formatTickLine } from './format-tick.js';

/** Options of {@link createBenchProgress}. */
export interface BenchProgressOptions {
  readonly write: (text: string) => void;
  /** Live bar on a terminal; otherwise plain lines every `plainEveryTicks` ticks. */
  readonly isTty: boolean;
  /** @default 5 */
  readonly plainEveryTicks?: number;
  /** Stream the bar is drawn on (a TTY). @default process.stdout */
  readonly stream?: NodeJS.WritableStream;
}

/** One line per finished scenario; one that measured nothing says why instead of printing zeros. */
export function formatScenarioEnd(target: string, result: ScenarioResult): string {
  if (result.durationMs === 0 && result.requests.total === 0 && result.reason !== undefined) {
    return `[${target}] ${result.id}: ${result.status} — ${result.reason}\n`;
  }
  const crossed = result.thresholds.filter((threshold) => !threshold.passed);
  const detail = crossed.map((threshold) => `${threshold.metric} ${threshold.condition} (was ${threshold.actual.toFixed(2)})`);
  const classes = Object.entries(result.errorClasses)
    .sort(([, a], [, b]) => b - a)
    .map(([name, count]) => `${name}: ${count}`);
  return (
    `[${target}] ${result.id}: ${result.status} — ${result.throughput.mbps.toFixed(1)} MB/s, ` +
    `${result.requests.perSec.toFixed(1)} req/s, p99 ${result.latency.p99.toFixed(1)} ms, ${result.errors} errors${classes.length > 0 ? ` (${classes.join(', ')})` : ''}` +
    `${detail.length > 0 ? `; crossed: ${detail.join(', ')}` : ''}${result.reason === undefined ? '' : ` (${result.reason})`}\n`
  );
}

/**
 * Progress of `regatta bench`: on a TTY a cli-progress bar (elapsed of total, MB/s, req/s, errors) redrawn on every
 * tick; elsewhere (CI logs) a plain line every few ticks so logs stay short. Both print a line per finished scenario.
 */
export function createBenchProgress(options: BenchProgressOptions): RunEvents {
  const every = options.plainEveryTicks ?? 5;
  let bar: SingleBar | undefined;
  let ticks = 0;
  return {
    onScenarioTick(tick) {
      ticks += 1;
      if (!options.isTty) {
        if (ticks % every === 0) {
          options.write(`${formatTickLine(tick)}\n`);
        }
        return;
      }
      const payload = {
        label: `${tick.target} ${tick.scenario}`,
        mbps: tick.mbps.toFixed(1),
        requests: tick.requestsPerSec.toFixed(1),
        errors: tick.errors,
      };
      const total = Math.max(1, Math.round(tick.totalMs / 1000));
      const value = Math.min(total, Math.round(tick.elapsedMs / 1000));
      if (bar === undefined) {
        bar = new SingleBar({
          format: '{label} [{bar}] {value}/{total}s | {mbps} MB/s | {requests} req/s | {errors} errors',
          stream: options.stream ?? process.stdout,
          hideCursor: true,
          clearOnComplete: true,
        });
        bar.start(total, value, payload);
      } else {
        bar.update(value, payload);
      }
    },
    onScenarioEnd(target, result) {
      bar?.stop();
      bar = undefined;
      ticks = 0;
      options.write(formatScenarioEnd(target, result));
    },
  };
}
