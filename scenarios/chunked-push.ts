/**
 * chunked-push: blobs uploaded as several PATCHes with `Content-Range: start-end` (the bare form every registry
 * parses, registry-quirks §2), 5 MiB chunks (the ECR minimum part). Catches registries that are slow per request or
 * lose chunks (the digest check at PUT fails then). Chunk size is `flow.chunkBytes`.
 */
import { defineScenario, MiB } from '../src/load/define-scenario.js';

export default defineScenario({
  id: 'chunked-push',
  description: 'Push unique 32 MiB blobs in 5 MiB Content-Range chunks from 4 workers',
  executor: { type: 'constant-vus', vus: 4, durationMs: 30_000 },
  flow: { kind: 'push-blobs', size: 32 * MiB, strategy: 'chunked', chunkBytes: 5 * MiB },
  thresholds: { 'errors.rate': '<1%', 'latency.p99': '<15s' },
});
