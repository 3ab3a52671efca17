/**
 * The teardown phase of a distributed run: deletes what the run wrote in its repository, once, after every share
 * ended. Every tag's manifest goes with the blobs it references (the set-up pools and every image an iteration
 * pushed), then the set-up's loose blobs. Blobs that no manifest references and no seed plan names (push-blobs
 * iterations) cannot be listed through the distribution API; the report says so rather than claiming a clean slate.
 */
import { systemClock } from '../clock.js';
import type { ResolvedTarget } from '../../config/target.js';
import type { Scenario } from '../define-scenario.js';
import { headerValue, LoadTarget } from '../http/load-target.js';
import { MetricsCollector } from '../metrics/metrics-collector.js';
import { repoScope } from '../ops/op-context.js';
import { manifestAcceptTypes } from '../../oci/media-types.js';
import { digestOf } from '../../oci/digest.js';
import { flowKindOf } from '../flows/flow-kinds.js';
import { segmentEnv } from './run-phases.js';

/** Most tag-list pages read (1000 tags each): a bound, far above what a bench run pushes. */
const maxTagPages = 100;

/** Reads every tag of `repository` (none when it does not exist). */
async function listTags(http: LoadTarget, repository: string, signal: AbortSignal): Promise<string[]> {
  const tags: string[] = [];
  let path: string | undefined = `/v2/${repository}/tags/list?n=1000`;
  for (let page = 0; path !== undefined && page < maxTagPages; page += 1) {
    const response = await http.send({ method: 'GET', path, scope: repoScope(repository, false), signal });
    if (response.status === 404) {
      await response.body.dump();
      return tags;
    }
    if (response.status !== 200) {
      await response.body.dump();
      throw new Error(`tags/list: unexpected status ${response.status}`);
    }
    const body = (await response.body.json()) as { tags?: unknown };
    tags.push(...(Array.isArray(body.tags) ? body.tags.filter((tag): tag is string => typeof tag === 'string') : []));
    const next = /<([^>]+)>\s*;\s*rel="?next"?/.exec(headerValue(response.headers, 'link') ?? '')?.[1];
    path = next === undefined ? undefined : http.resolve(next);
  }
  return tags;
}

/** DELETEs one object; true when the registry removed it (or it was already gone). */
async function remove(http: LoadTarget, repository: string, path: string, signal: AbortSignal): Promise<boolean> {
  const response = await http.send({ method: 'DELETE', path, scope: `repository:${repository}:pull,push,delete`, signal });
  await response.body.dump();
  return response.status === 202 || response.status === 200 || response.status === 404;
}

/** Runs the teardown on one target; returns its one-line report. Throws when something could not be deleted. */
export async function runTeardownPhase(target: ResolvedTarget, scenario: Scenario, runId: string, signal: AbortSignal): Promise<string> {
  const env = segmentEnv(target, scenario.id, runId);
  const http = new LoadTarget(target, 4, systemClock, new MetricsCollector(systemClock));
  const leftovers: string[] = [];
  let manifests = 0;
  const blobs = new Set<string>();
  try {
    for (const tag of await listTags(http, env.repository, signal)) {
      const response = await http.send({ method: 'GET', path: `/v2/${env.repository}/manifests/${tag}`, headers: { accept: manifestAcceptTypes.join(', ') }, scope: repoScope(env.repository, false), signal });
      if (response.status !== 200) {
        await response.body.dump();
        leftovers.push(`manifest ${tag} (GET ${response.status})`);
        continue;
      }
      const bytes = Buffer.from(await response.body.arrayBuffer());
      const manifest = JSON.parse(bytes.toString('utf8')) as { config?: { digest?: string }; layers?: { digest?: string }[] };
      for (const digest of [manifest.config?.digest, ...(manifest.layers ?? []).map((layer) => layer.digest)]) {
        if (typeof digest === 'string') {
          blobs.add(digest);
        }
      }
      const digest = headerValue(response.headers, 'docker-content-digest') ?? digestOf(bytes);
      if (await remove(http, env.repository, `/v2/${env.repository}/manifests/${digest}`, signal)) {
        manifests += 1;
      } else {
        leftovers.push(`manifest ${tag}`);
      }
    }
    const state = await flowKindOf(scenario.flow).plan(scenario.flow, env);
    for (const digest of state.kind === 'blobs' ? state.digests : []) {
      blobs.add(digest);
    }
    let deletedBlobs = 0;
    for (const digest of blobs) {
      if (await remove(http, env.repository, `/v2/${env.repository}/blobs/${digest}`, signal)) {
        deletedBlobs += 1;
      } else {
        leftovers.push(`blob ${digest}`);
      }
    }
    if (leftovers.length > 0) {
      throw new Error(`could not delete ${leftovers.length} objects: ${leftovers.slice(0, 5).join(', ')}${leftovers.length > 5 ? ', …' : ''}`);
    }
    const loose = scenario.flow.kind === 'push-blobs' ? '; blobs pushed by push-blobs iterations are referenced by no manifest and cannot be listed: the registry garbage-collects them' : '';
    return `deleted ${manifests} manifests and ${deletedBlobs} blobs${loose}`;
  } finally {
    await http.close().catch(() => undefined);
  }
}
