import type { IterationContext } from '../executors/executor-types.js';
import type { OpContext } from '../ops/op-context.js';
import type { PushedImage } from '../ops/image-ops.js';

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

/**
 * What a flow's setup produced, as plain data: the setup runs once (on the main thread) and every load worker thread
 * rebuilds the same {@link PreparedFlow} from this without touching the registry again.
 */
export type FlowState =
  | { readonly kind: 'none' }
  | { readonly kind: 'blobs'; readonly digests: readonly string[] }
  | { readonly kind: 'images'; readonly images: readonly PushedImage[] }
  | { readonly kind: 'tags'; readonly tags: readonly { readonly tag: string; readonly digest: string }[] };
