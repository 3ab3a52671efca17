import type { ResolvedTarget } from '../config/target.js';
import { runNamespace, runTagPrefixOf } from '../model/run-id.js';
import { benchRepositoryPrefix } from '../load/run-scenario.js';

/** Where one target of a run in progress may hold what the run pushed. */
export interface RunLeftoverPlace {
  readonly target: string;
  readonly url: string;
  /**
   * Repository pattern, e.g. `team/regatta-k3x9a1b2/*` or `team/regatta-bench-push-blobs-*`; in a fixed layout the
   * run's tags of a repository, `regatta/one:regatta-k3x9a1b2-*`.
   */
  readonly repositories: string;
}

/** What a run announces once it knows its id, before it pushes anything. */
export interface RunInProgress {
  readonly runId: string;
  readonly places: readonly RunLeftoverPlace[];
}

/**
 * Every place a run pushes to, per target: the run namespace of its checks (when it runs suites) and the
 * repositories of each scenario (when it runs load).
 */
export function runPlaces(
  targets: readonly ResolvedTarget[],
  runId: string,
  stages: { readonly conformance: boolean; readonly scenarioIds: readonly string[] },
): RunLeftoverPlace[] {
  return targets.flatMap((target) => [
    ...(!stages.conformance
      ? []
      : target.layout?.kind === 'fixed'
        ? target.layout.repositories.map((repo) => `${repo}:${runTagPrefixOf(runId)}-*`)
        : [`${runNamespace(target.namespace, runId)}/*`]),
    ...stages.scenarioIds.map((id) => `${benchRepositoryPrefix(target.namespace, id)}*`),
  ].map((repositories) => ({ target: target.name, url: target.url, repositories })));
}
