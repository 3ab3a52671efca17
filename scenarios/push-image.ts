/**
 * push-image: each iteration pushes a new image as a client does — config and layers uploaded in parallel, then the
 * manifest. Layer sizes echo a small application image (one base layer, a few thin ones).
 */
import { defineScenario, MiB } from '../src/load/define-scenario.js';

export default defineScenario({
  id: 'push-image',
  description: 'Push images (config + 4 layers in parallel, then manifest) from 4 workers',
  executor: { type: 'constant-vus', vus: 4, durationMs: 30_000 },
  flow: { kind: 'push-image', layers: [24 * MiB, 4 * MiB, 1 * MiB, 256 * 1024] },
  thresholds: { 'errors.rate': '<1%', 'latency.p99': '<15s' },
});
