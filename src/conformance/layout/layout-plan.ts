import { createHash } from 'node:crypto';
import type { RepositoryLayout } from '../../config/target.js';
import { runTagPrefixOf } from '../../model/run-id.js';

/** Where one check pushes: its repositories, its seed and (in a shared repository) its tag prefix. */
export interface CheckPlaces {
  /**
   * The check's repository (no suffix) or a second one (any suffix). Per-check layout: `<namespace>/<suite>-<check>`
   * and `…-<suffix>`, every suffix its own repository. Fixed layout: the first repository, and the second for every
   * suffix.
   */
  readonly repo: (suffix?: string) => string;
  /** A repository name that does not exist: the run never pushes to it, and it carries the run id. */
  readonly absentRepo: () => string;
  /** Seed of the check's content. Fixed layout adds the run id, so no other run (or leftover) shares a digest. */
  readonly seed: string;
  /** Fixed layout: the prefix of every tag of the check (`regatta-<runid>-<hash of the check id>`). */
  readonly tagPrefix?: string;
  /** Fixed layout: the repositories shared with other checks (and other users), whose tag lists are scoped. */
  readonly shared?: ReadonlySet<string>;
}

/** Where the capability probe pushes. */
export interface ProbePlaces {
  readonly repo: string;
  /** Target of the probe's cross-repository mount (`from` is `repo`). */
  readonly mountRepo: string;
  /** Text mixed into the probe's content so its digests belong to this run. */
  readonly label: string;
  /** Fixed layout: the prefix of the probe's tags. */
  readonly tagPrefix?: string;
}

/** A target's layout resolved for one run: where each check and the probe push, and what cleanup may touch. */
export interface LayoutPlan {
  readonly kind: RepositoryLayout['kind'];
  /** Fixed layout: the two repositories. */
  readonly repositories?: readonly [string, string];
  /** Fixed layout: every tag of the run starts with it (`regatta-<runid>-`). */
  readonly runTagPrefix?: string;
  /** Fixed layout: the two repositories as a set. */
  readonly shared?: ReadonlySet<string>;
  readonly probe: ProbePlaces;
  /** Places of the check `<suiteId>/<checkId>`. */
  readonly forCheck: (suiteId: string, checkId: string) => CheckPlaces;
  /** True when cleanup may delete in `repo`: under the run namespace, or one of the fixed repositories. */
  readonly ownsRepository: (repo: string) => boolean;
}

/** A repository path component made of a free suffix: lower case, invalid runs replaced by `-`. */
function sanitizeComponent(text: string): string {
  const cleaned = text
    .toLowerCase()
    .replace(/[^a-z0-9._/-]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  return cleaned === '' ? 'x' : cleaned;
}

/** Eight hex characters naming a check: short enough for a tag prefix, distinct across the ~200 checks. */
function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}

/**
 * Resolves a target's layout for the run `runId` whose namespace (per-check layout) is `namespace`.
 */
export function planLayout(layout: RepositoryLayout | undefined, namespace: string, runId: string): LayoutPlan {
  if (layout?.kind === 'fixed') {
    const [first, second] = layout.repositories;
    const runTagPrefix = runTagPrefixOf(runId);
    const shared: ReadonlySet<string> = new Set(layout.repositories);
    return {
      kind: 'fixed',
      repositories: layout.repositories,
      runTagPrefix,
      shared,
      probe: { repo: first, mountRepo: second, label: `${first} ${runId}`, tagPrefix: `${runTagPrefix}-probe` },
      forCheck: (suiteId, checkId) => {
        const fullId = `${suiteId}/${checkId}`;
        return {
          repo: (suffix?: string) => (suffix === undefined ? first : second),
          // A sibling of the first repository (same depth, so the profile's naming rule holds) that nothing creates.
          absentRepo: () => `${first}-absent-${runId}`,
          seed: `${runId}/${fullId}`,
          tagPrefix: `${runTagPrefix}-${shortHash(fullId)}`,
          shared,
        };
      },
      ownsRepository: (repo) => repo === first || repo === second,
    };
  }
  const probeRepo = `${namespace}/capability-probe`;
  return {
    kind: 'per-check',
    probe: { repo: probeRepo, mountRepo: `${probeRepo}-mount`, label: probeRepo },
    forCheck: (suiteId, checkId) => {
      const repo = (suffix?: string): string =>
        `${namespace}/${suiteId}-${checkId}${suffix === undefined ? '' : `-${sanitizeComponent(suffix)}`}`;
      return { repo, absentRepo: () => repo('never-pushed'), seed: `${suiteId}/${checkId}` };
    },
    ownsRepository: (repo) => repo.startsWith(`${namespace}/`),
  };
}
