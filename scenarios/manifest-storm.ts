/**
 * manifest-storm: HEAD of small manifests at a fixed arrival rate (open model: iterations the registry cannot keep up
 * with are dropped and counted, not queued). This is the "does it exist / what digest" traffic of CI systems and
 * runtimes checking for updates. The peer benchmark drives the same URLs with autocannon for the ceiling.
 */
import { defineScenario } from '../src/load/define-scenario.js';

export default defineScenario({
  id: 'manifest-storm',
  description: 'HEAD 16 small manifests at 500/s (open model, up to 64 in flight)',
  executor: { type: 'constant-arrival-rate', rate: 500, durationMs: 30_000, maxVUs: 64 },
  flow: { kind: 'manifest-storm', method: 'HEAD', manifests: 16 },
  thresholds: { 'errors.rate': '<1%', 'latency.p99': '<250ms', 'iterations.dropped': '<1' },
});
