import type { IterationContext } from '../executors/executor-types.js';
import type { OpContext } from '../ops/op-context.js';

/** Where a flow works: its own repository and a run-unique seed prefix. */
export interface FlowEnv {
  readonly repository: string;
  /** Prefix of every content seed, unique per run, so separate runs never deduplicate against each other. */
  readonly seedPrefix: string;
}

/** A flow after setup: one call per iteration; throws to fail the iteration (the engine classifies the error). */
export interface PreparedFlow {
  iterate(ctx: OpContext, iteration: IterationContext): Promise<void>;
}
