/**
 * pull-image: a container runtime's pull — manifest by tag, then config and every layer in parallel, each digest
 * verified. Setup pushes a few images (unmeasured) that the workers pull round-robin.
 */
import { defineScenario, MiB } from '../src/load/define-scenario.js';

export default defineScenario({
  id: 'pull-image',
  description: 'Pull images (manifest, then config + 4 layers in parallel) from 8 workers',
  executor: { type: 'constant-vus', vus: 8, durationMs: 30_000 },
  flow: { kind: 'pull-image', layers: [24 * MiB, 4 * MiB, 1 * MiB, 256 * 1024], images: 4 },
  thresholds: { 'errors.rate': '<1%', 'latency.p99': '<10s' },
});
