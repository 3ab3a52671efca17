/**
 * push-blobs: N workers each pushing a fresh blob per iteration (POST, one streamed PATCH hashed on the way, PUT
 * ?digest=). Content is unique per iteration, so the registry cannot deduplicate. Size and concurrency via --size and
 * --vus. Measures upload throughput and the registry's commit latency.
 */
import { defineScenario, MiB } from '../src/load/define-scenario.js';

export default defineScenario({
  id: 'push-blobs',
  description: 'Push unique 16 MiB blobs from 8 workers (streamed PATCH, digest checked)',
  executor: { type: 'constant-vus', vus: 8, durationMs: 30_000 },
  flow: { kind: 'push-blobs', size: 16 * MiB, strategy: 'stream' },
  thresholds: { 'errors.rate': '<1%', 'latency.p99': '<10s' },
});
