/**
 * pull-blobs: setup pushes a pool of blobs (unmeasured); then N workers GET them round-robin, checking every body
 * against its digest (compared with a verified copy of the pushed bytes, or hashed when the copies' budget is spent).
 * Size and concurrency via --size and --vus. The peer benchmark compares this against wrk.
 */
import { defineScenario, MiB } from '../src/load/define-scenario.js';

export default defineScenario({
  id: 'pull-blobs',
  description: 'Pull 16 MiB blobs from 8 workers, every body digest-verified',
  executor: { type: 'constant-vus', vus: 8, durationMs: 30_000 },
  flow: { kind: 'pull-blobs', size: 16 * MiB, blobs: 8 },
  thresholds: { 'errors.rate': '<1%', 'latency.p99': '<5s' },
});
