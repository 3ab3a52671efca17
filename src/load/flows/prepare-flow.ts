import type { Flow } from '../define-scenario.js';
import type { OpContext } from '../ops/op-context.js';
import type { FlowEnv, FlowState, PreparedFlow } from './flow-types.js';
import { bindPullImage, preparePushImage, setupPullImage } from './image-flows.js';
import { bindManifestStorm, setupManifestStorm } from './manifest-storm-flow.js';
import { bindMixed, setupMixed } from './mixed-flow.js';
import { bindPullBlobs, setupPullBlobs } from './pull-blobs-flow.js';
import { preparePushBlobs } from './push-blobs-flow.js';

/** Runs the flow's setup (not measured: pushes the pools iterations read) and returns what it made, as plain data. */
export async function setupFlow(flow: Flow, env: FlowEnv, setup: OpContext): Promise<FlowState> {
  switch (flow.kind) {
    case 'push-blobs':
    case 'push-image':
      return { kind: 'none' };
    case 'pull-blobs':
      return { kind: 'blobs', digests: await setupPullBlobs(flow, env, setup) };
    case 'pull-image':
      return { kind: 'images', images: await setupPullImage(flow, env, setup) };
    case 'mixed':
      return { kind: 'images', images: await setupMixed(flow, env, setup) };
    case 'manifest-storm':
      return { kind: 'tags', tags: await setupManifestStorm(flow, env, setup) };
  }
}

/** The per-iteration step of `flow` over what {@link setupFlow} made (in this thread or another). */
export function bindFlow(flow: Flow, env: FlowEnv, state: FlowState): PreparedFlow {
  switch (flow.kind) {
    case 'push-blobs':
      return preparePushBlobs(flow, env);
    case 'push-image':
      return preparePushImage(flow, env);
    case 'pull-blobs':
      return bindPullBlobs(flow, env, state.kind === 'blobs' ? state.digests : []);
    case 'pull-image':
      return bindPullImage(env, state.kind === 'images' ? state.images : []);
    case 'mixed':
      return bindMixed(flow, env, state.kind === 'images' ? state.images : []);
    case 'manifest-storm':
      return bindManifestStorm(flow, env, state.kind === 'tags' ? state.tags : []);
  }
}

