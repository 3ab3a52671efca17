import type { Flow } from '../define-scenario.js';
import type { OpContext } from '../ops/op-context.js';
import type { FlowEnv, PreparedFlow } from './flow-types.js';
import { preparePullImage, preparePushImage } from './image-flows.js';
import { prepareManifestStorm } from './manifest-storm-flow.js';
import { prepareMixed } from './mixed-flow.js';
import { preparePullBlobs } from './pull-blobs-flow.js';
import { preparePushBlobs } from './push-blobs-flow.js';

/** Runs the flow's setup (not measured) and returns its per-iteration step. */
export async function prepareFlow(flow: Flow, env: FlowEnv, setup: OpContext): Promise<PreparedFlow> {
  switch (flow.kind) {
    case 'push-blobs':
      return preparePushBlobs(flow, env);
    case 'pull-blobs':
      return preparePullBlobs(flow, env, setup);
    case 'push-image':
      return preparePushImage(flow, env);
    case 'pull-image':
      return preparePullImage(flow, env, setup);
    case 'mixed':
      return prepareMixed(flow, env, setup);
    case 'manifest-storm':
      return prepareManifestStorm(flow, env, setup);
  }
}
