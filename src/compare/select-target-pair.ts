/**
 * `regatta compare --baseline-target A --candidate-target B`: one target of each run set against each other, most
 * usefully two targets of one `bench --trials N` run, whose trials interleaved them (A B, then B A, ...) so that drift
 * of the machine or the network falls on both alike. Such trials are pairs, and compare resamples them as pairs.
 */
import { UsageError } from '../errors/index.js';
import type { RunResult } from '../model/index.js';

/** The target names picked from each run. */
export interface TargetPair {
  readonly baseline: string;
  readonly candidate: string;
}

/** Both runs narrowed to the picked target, under one shared name; `paired` when the two came from one run. */
export interface SelectedPair {
  readonly baseline: RunResult;
  readonly candidate: RunResult;
  /** One run holds both targets, so trial i of each was measured back to back. */
  readonly paired: boolean;
  /** The name both narrowed runs give the target: `A->B`, or the name itself when both sides use one. */
  readonly name: string;
}

function pick(run: RunResult, name: string, flag: string, path: string): RunResult {
  const target = run.targets.find((entry) => entry.name === name);
  if (target === undefined) {
    throw new UsageError(`${flag} ${name}: ${path} has no target of that name (its targets: ${run.targets.map((entry) => entry.name).join(', ') || 'none'})`);
  }
  return { ...run, targets: [target] };
}

/** Narrows each run to its picked target and gives both the same name, so compare matches them. */
export function selectTargetPair(baseline: RunResult, candidate: RunResult, pair: TargetPair, paths: { readonly baseline: string; readonly candidate: string }): SelectedPair {
  const name = pair.baseline === pair.candidate ? pair.baseline : `${pair.baseline}->${pair.candidate}`;
  const rename = (run: RunResult): RunResult => ({ ...run, targets: run.targets.map((target) => ({ ...target, name })) });
  return {
    baseline: rename(pick(baseline, pair.baseline, '--baseline-target', paths.baseline)),
    candidate: rename(pick(candidate, pair.candidate, '--candidate-target', paths.candidate)),
    paired: baseline.runId === candidate.runId && pair.baseline !== pair.candidate,
    name,
  };
}
