import type { RegistryClient } from '../client/types.js';
import type { ResolvedTarget } from '../config/target.js';
import type { Level, SpecVersion } from '../model/index.js';
import type { SpecStatement, VersionGrade } from './grade-check.js';
import type { ApiId } from '../model/api.js';
import type { CapabilityId, CapabilityMap } from './capabilities.js';
import type { Rule } from './expect.js';

/** Kebab-case id grammar for suites and checks. */
export const idPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Things a check pushed, to be deleted at the end of the run (unless `--keep`). */
export interface CleanupRegistry {
  /** Remember a manifest (by digest) pushed to `repo`. */
  manifest(repo: string, digest: string): void;
  /** Remember a blob pushed to `repo`. */
  blob(repo: string, digest: string): void;
  /**
   * Remember a tag pushed to `repo`; `digest`: the digest the registry answered to that push (Docker-Content-Digest).
   * Cleanup deletes manifests by digest, which removes their tags too, so it asks the registry what a tag points at
   * only when that answer names no manifest remembered in `repo`.
   */
  tag(repo: string, tag: string, digest?: string): void;
  /**
   * Forget what was remembered of a reference a check has seen deleted (its DELETE accepted, then a read missing it):
   * cleanup has nothing left to do there. What is remembered of it later counts again.
   */
  forget(kind: 'manifest' | 'blob' | 'tag', repo: string, reference: string): void;
}

/**
 * Everything a check may use. Each check gets its own: its own transcript, repositories and seed, so checks can run
 * at the same time (unless marked `serial`).
 */
export interface CheckContext {
  /** Client bound to this check's transcript. */
  readonly client: RegistryClient;
  readonly target: ResolvedTarget;
  /** The run namespace, `<prefix>/regatta-<runid>`: everything pushed lives under it. */
  readonly namespace: string;
  /**
   * The check's repository (no suffix) or a second one (a suffix). Per-check layout: a repository of its own under
   * the run namespace, `<namespace>/<suite>-<check>[-<suffix>]`, every suffix a different one. Fixed layout: the first
   * configured repository, and the second for any suffix; the check's tags are then its own through `client` (a
   * prefix it never sees) and its digests through `seed`. Checks build their own data, so one failure does not
   * cascade.
   */
  repo(suffix?: string): string;
  /** A repository name that does not exist (the run never pushes to it), for "unknown repository" checks. */
  absentRepo(): string;
  /** Where the check pushes: a repository of its own (`per-check`) or two shared ones (`fixed`). */
  readonly layout: 'per-check' | 'fixed';
  /**
   * Seed derived from the full check id: same check, same bytes, same digests, run after run (fixed layout: and the
   * run id, so no other run in the shared repositories has the same digests).
   */
  readonly seed: string;
  readonly capabilities: CapabilityMap;
  readonly cleanup: CleanupRegistry;
  /** Record an informational note in the result (never a verdict). */
  note(text: string): void;
  /**
   * The check's own rule, handed out by the runner: its title as the sentence and its spec sections. A check states
   * its rule once, in its definition; its body asserts with `ctx.rule`.
   */
  readonly rule: Rule;
  /**
   * A sub-step of the check's rule: its own sentence, the check's spec sections unless given, and `SHOULD` when that
   * part only SHOULD hold inside a MUST check.
   */
  step(text: string, options?: StepOptions): Rule;
  /** Aborted on Ctrl-C or when the check's time budget runs out. */
  readonly signal: AbortSignal;
  /**
   * The spec version the run grades against (`--spec-version`), for a sub-step whose level moves with it: e.g.
   * `Docker-Content-Digest` on a pull is SHOULD in 1.1 and MUST on main: `level: isAtLeast(ctx.specVersion, 'main') ?
   * undefined : 'SHOULD'` (`isAtLeast` from src/model/spec-version.ts).
   */
  readonly specVersion: SpecVersion;
}

/** How a sub-step differs from its check's rule. */
export interface StepOptions {
  /** Spec sections of the step, when not the check's. */
  readonly spec?: readonly string[];
  /** `SHOULD` makes a miss of this step warn even inside a MUST check; undefined keeps the check's level. */
  readonly level?: 'SHOULD' | undefined;
}

/** One assertion about one behaviour. Steps contain no skip logic: `requires` and `dependsOn` say when to skip. */
export interface CheckDefinition {
  /** Kebab-case id, unique in its suite; the full id is `<suite>/<id>`. */
  readonly id: string;
  /** Behaviour sentence: "HEAD on a missing blob returns 404". */
  readonly title: string;
  /**
   * MUST: a miss fails. SHOULD: a miss warns. MAY: a capability, reported supported / unsupported. The level at the
   * default spec version (1.1); `versions` says where it differs. MUST only where `statement` puts MUST or MUST NOT on
   * the registry (a test holds every check to it).
   */
  readonly level: Level;
  /**
   * The normative statement the check enforces at the default spec version: its section, keyword and words.
   * Required for MUST checks; give it for SHOULD and MAY checks too.
   */
  readonly statement?: SpecStatement;
  /** First spec version that has the behaviour (referrers: `1.1`); at older versions the check is skipped. @default '1.0' */
  readonly since?: SpecVersion;
  /** Level and statement at the spec versions where they differ from the default (e.g. `main: { level: 'MUST', … }`). */
  readonly versions?: { readonly [V in SpecVersion]?: VersionGrade };
  /**
   * For a rule the spec only implies (or states as SHOULD): why regatta's strict profile (`--grading strict`) grades it MUST.
   * Without it the check keeps `level`.
   */
  readonly strict?: string;
  /** Spec sections enforced, e.g. `['end-2', 'code-1']`. */
  readonly spec: readonly string[];
  /** OCI API exercised, for the per-API matrix: `ping`, `blob-head`, `blob-get`, `blob-upload`, `manifest-put`, … */
  readonly api: ApiId;
  /** Capabilities that must be present; otherwise *skipped* naming the capability. */
  readonly requires?: readonly CapabilityId[];
  /** Ids of earlier checks in this suite that must have passed (or warned); otherwise *skipped* naming them. */
  readonly dependsOn?: readonly string[];
  /**
   * Ids of earlier checks in this suite that must have ended (with any verdict, or not run) before this one starts:
   * an order for checks that take turns on shared data, never a prerequisite. A check that needs the data in some
   * state verifies that state itself and makes its own when it is not so, so its verdict never follows theirs.
   */
  readonly runsAfter?: readonly string[];
  /**
   * Why the check needs a repository of its own (it reads state every check of the repository shares, such as the
   * catalog): in a fixed layout it is *skipped* with this reason. @default undefined (runs in every layout)
   */
  readonly needsOwnRepository?: string;
  /** Overrides the default per-check time budget. */
  readonly timeoutMs?: number;
  /**
   * Runs alone: after every check declared before it (in any suite) has ended, and before any check declared after
   * it starts. For checks that read state other checks change, such as the catalog listing every repository. The
   * runner otherwise runs up to `concurrency` checks of a target at once. @default false
   */
  readonly serial?: boolean;
  /**
   * The check. It throws `ConformanceFailure` when the registry breaks the rule, `UnsupportedApiError` when an
   * optional API is absent; anything else it throws is *errored* (the harness's fault).
   */
  run(ctx: CheckContext): Promise<void>;
}

/** An ordered list of checks for one workflow. */
export interface SuiteDefinition {
  /** Kebab-case id: `ping`, `push`, `pull`, `tags`, `delete`, … */
  readonly id: string;
  readonly title: string;
  /** Block-comment style summary naming the spec sections the suite covers. */
  readonly description: string;
  readonly checks: readonly CheckDefinition[];
}

/** Declares a suite. Validates ids at definition time so a typo fails fast, in tests, not mid-run. */
export function defineSuite(suite: SuiteDefinition): SuiteDefinition {
  const problems: string[] = [];
  if (!idPattern.test(suite.id)) {
    problems.push(`suite id "${suite.id}" is not kebab-case`);
  }
  const seen = new Set<string>();
  for (const check of suite.checks) {
    if (!idPattern.test(check.id)) {
      problems.push(`check id "${suite.id}/${check.id}" is not kebab-case`);
    }
    if (seen.has(check.id)) {
      problems.push(`check id "${suite.id}/${check.id}" is duplicated`);
    }
    for (const dependency of check.dependsOn ?? []) {
      if (!seen.has(dependency)) {
        problems.push(`check "${suite.id}/${check.id}" depends on "${dependency}", which does not come before it`);
      }
    }
    for (const earlier of check.runsAfter ?? []) {
      if (!seen.has(earlier)) {
        problems.push(`check "${suite.id}/${check.id}" runs after "${earlier}", which does not come before it`);
      }
    }
    seen.add(check.id);
  }
  if (problems.length > 0) {
    throw new Error(`invalid suite definition: ${problems.join('; ')}`);
  }
  return suite;
}
