import { ConfigError } from '../errors/index.js';
import { runNamespace } from '../model/run-id.js';
import { namingProblem } from '../profiles/naming-problem.js';
import type { RunConfig } from './schema.js';
import type { ResolvedTarget } from './target.js';

/** A per-check repository name as the run will make it, for counting its path components. */
function samplePerCheckName(namespace: string, runId: string): string {
  return `${runNamespace(namespace, runId)}/suite-check`;
}

/**
 * Checks, before anything is pushed, that every repository name a target's layout makes keeps the naming rule of its
 * expectation profile (Docker Hub: `namespace/repo`); the spec's grammar was checked by the schema. Throws a
 * ConfigError (exit 2) naming the setting to change.
 */
export function checkRepositoryNames(config: RunConfig, targets: readonly ResolvedTarget[]): void {
  const issues = targets.flatMap((target, index) => {
    const naming = target.expect?.profile.naming;
    if (naming === undefined || target.expect === undefined) {
      return [];
    }
    const profile = target.expect.profile.name;
    if (target.layout?.kind === 'fixed') {
      return target.layout.repositories.flatMap((repository) => {
        const problem = namingProblem(profile, naming, repository);
        return problem === undefined ? [] : [{ path: `targets[${index}].repositories (--repositories)`, message: problem }];
      });
    }
    const sample = samplePerCheckName(target.namespace, config.runId ?? 'runid');
    const problem = namingProblem(profile, naming, sample);
    return problem === undefined
      ? []
      : [
          {
            path: `targets[${index}].layout (--layout)`,
            message: `the per-check layout names repositories like ${sample}: ${problem}`,
          },
        ];
  });
  const [first] = issues;
  if (first !== undefined) {
    // One line for one problem; the list only when there are more.
    throw new ConfigError(`${first.path}: ${first.message}`, issues.length > 1 ? issues : [], {
      hint: 'use --layout fixed --repositories <a>,<b> naming two existing repositories that keep the rule',
    });
  }
}
