import { randomBytes } from 'node:crypto';
import { worst, type RunResult, type TargetResult } from '../src/model/index.js';

/** Options of {@link mergeRunResults}. */
export interface MergeOptions {
  /**
   * Id of the merged run.
   * @default a random 8-hex-digit id
   */
  readonly runId?: string;
}

/** `2026-01-02` + run id: the suffix that tells two same-named targets apart. */
function suffix(run: RunResult): string {
  return `${run.startedAt.slice(0, 10)} ${run.runId}`;
}

/**
 * Merges several runs into one comparison run (kind `report`): the targets of each in order. When a target name
 * occurs in more than one run, every occurrence gets ` (<date> <runId>)` appended so columns stay distinct.
 * One run is returned unchanged.
 */
export function mergeRunResults(runs: readonly RunResult[], options: MergeOptions = {}): RunResult {
  const [first] = runs;
  if (first === undefined) {
    throw new Error('mergeRunResults needs at least one run');
  }
  if (runs.length === 1) {
    return first;
  }
  const owners = new Map<string, Set<number>>();
  runs.forEach((run, index) => {
    for (const target of run.targets) {
      owners.set(target.name, (owners.get(target.name) ?? new Set()).add(index));
    }
  });
  const used = new Set<string>();
  const targets: TargetResult[] = runs.flatMap((run) =>
    run.targets.map((target) => {
      let name = (owners.get(target.name)?.size ?? 0) > 1 ? `${target.name} (${suffix(run)})` : target.name;
      // Same name, same date and id (one file given twice): number the copies.
      for (let copy = 2; used.has(name) && copy < 1000; copy += 1) {
        name = `${target.name} (${suffix(run)} #${copy})`;
      }
      used.add(name);
      // Keep which run each target came from: the comparison is only fair if the reader can see it.
      return { ...target, name };
    }),
  );
  const starts = runs.map((run) => run.startedAt).sort();
  const ends = runs.map((run) => run.endedAt).sort();
  const startedAt = starts[0] ?? first.startedAt;
  const endedAt = ends[ends.length - 1] ?? first.endedAt;
  return {
    schemaVersion: first.schemaVersion,
    runId: options.runId ?? randomBytes(4).toString('hex'),
    kind: 'report',
    startedAt,
    endedAt,
    durationMs: runs.reduce((sum, run) => sum + run.durationMs, 0),
    status: worst(runs.map((run) => run.status)),
    interrupted: runs.some((run) => run.interrupted),
    environment: first.environment,
    config: { merged: runs.map((run) => ({ runId: run.runId, kind: run.kind, startedAt: run.startedAt, hostname: run.environment.hostname, config: run.config })) },
    targets,
  };
}
