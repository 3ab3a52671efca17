/**
 * The teardown phase of a distributed run: deletes what the run wrote in its repository, once, after every share
 * ended. Every tag's manifest goes with the blobs it references (the set-up pools and every image an iteration
 * pushed), then the set-up's loose blobs. Blobs that no manifest references and no seed plan names (push-blobs
 * iterations) cannot be listed through the distribution API; the report says so rather than claiming a clean slate.
 */
import { systemClock } from '../clock.js';
import type { ResolvedTarget } from '../../config/target.js';
import type { Scenario } from '../define-scenario.js';
import { LoadTarget } from '../http/load-target.js';
import { deleteRunContent } from '../ops/delete-run-content.js';
import { MetricsCollector } from '../metrics/metrics-collector.js';
import { flowKindOf } from '../flows/flow-kinds.js';
import { segmentEnv } from './run-phases.js';

/** Runs the teardown on one target; returns its one-line report. Throws when something could not be deleted. */
export async function runTeardownPhase(target: ResolvedTarget, scenario: Scenario, runId: string, signal: AbortSignal): Promise<string> {
  const env = segmentEnv(target, scenario.id, runId);
  const http = new LoadTarget(target, 4, systemClock, new MetricsCollector(systemClock));
  try {
    const state = await flowKindOf(scenario.flow).plan(scenario.flow, env);
    const { manifests, blobs, leftovers } = await deleteRunContent(http, env.repository, state.kind === 'blobs' ? state.digests : [], signal);
    if (leftovers.length > 0) {
      throw new Error(`could not delete ${leftovers.length} objects: ${leftovers.slice(0, 5).join(', ')}${leftovers.length > 5 ? ', …' : ''}`);
    }
    const loose = scenario.flow.kind === 'push-blobs' ? '; blobs pushed by push-blobs iterations are referenced by no manifest and cannot be listed: the registry garbage-collects them' : '';
    return `deleted ${manifests} manifests and ${blobs} blobs${loose}`;
  } finally {
    await http.close().catch(() => undefined);
  }
}
