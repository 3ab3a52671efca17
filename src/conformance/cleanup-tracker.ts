import { setMaxListeners } from 'node:events';
import type { RegistryClient } from '../client/types.js';
import type { TargetResult } from '../model/index.js';
import type { CapabilityMap } from './capabilities.js';
import type { CleanupRegistry } from './define-suite.js';
import { forEachLimited } from './for-each-limited.js';
import { scanOtherTags, type OtherTagsScan, type ScanLimits } from './layout/other-tags-scan.js';
import { UploadSessions } from './upload-sessions.js';

/** What cleanup did, as stored in the target result. */
export type CleanupSummary = NonNullable<TargetResult['cleanup']>;

/** How long cleanup may still take once the run is interrupted (DESIGN: Ctrl-C stops within seconds). */
export const defaultAfterStopMs = 3000;

/**
 * The time a cleanup may take: a deadline that an interrupt pulls in, and a signal that aborts the requests still in
 * flight when it passes.
 */
class CleanupBudget {
  private readonly controller = new AbortController();
  private deadline: number;
  private timer: NodeJS.Timeout;
  private readonly stop: AbortSignal | undefined;
  private readonly onStop: () => void;
  /** Why the budget is spent, for leftovers. */
  why = 'the cleanup time budget ran out';

  constructor(deadlineMs: number, stop: AbortSignal | undefined, afterStopMs: number, concurrency: number) {
    // Every delete in flight listens to this signal until its exchange ends: past Node's default of 10 listeners (a
    // cleanup at --concurrency 16) it would print a leak warning for what is no leak.
    setMaxListeners(concurrency + 10, this.controller.signal);
    this.deadline = Date.now() + deadlineMs;
    this.timer = setTimeout(() => this.controller.abort(), deadlineMs);
    this.stop = stop;
    this.onStop = () => {
      this.why = `interrupted: cleanup was cut to ${afterStopMs} ms`;
      const until = Date.now() + afterStopMs;
      if (until < this.deadline) {
        this.deadline = until;
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.controller.abort(), afterStopMs);
      }
    };
    if (stop?.aborted === true) {
      this.onStop();
    } else {
      stop?.addEventListener('abort', this.onStop, { once: true });
    }
  }

  /** Aborted when the budget runs out. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** True once the deadline has passed. */
  get spent(): boolean {
    return this.controller.signal.aborted || Date.now() > this.deadline;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.stop?.removeEventListener('abort', this.onStop);
  }
}

/** What cleanup may touch: the run's repositories, and in a shared (fixed-layout) repository only the run's own tags. */
export interface CleanupScope {
  /** True when references in `repo` may be deleted (the run namespace, or the fixed repositories). */
  ownsRepository(repo: string): boolean;
  /**
   * Fixed layout: the repositories hold other tags and content. Only tags starting with `runTagPrefix-` are the run's;
   * a manifest is deleted by digest only when no other tag points at it (a digest delete removes every tag on it);
   * blobs are never deleted (a blob may be shared with content outside the run, which no API lists: the registry's
   * garbage collection takes them once nothing refers to them).
   */
  readonly shared?: { readonly runTagPrefix: string; readonly scanLimits?: ScanLimits };
}

/** Statuses that mean "it is gone" (deleted now, or already gone: GC'd, or deleted with its manifest). */
const goneStatuses = new Set([200, 202, 204, 404]);

/**
 * Remembers everything a run pushed (per repository, in push order) and deletes it at the end: tags are resolved
 * to digests, manifests are deleted by digest newest first (referrers and indexes before what they point at), then
 * blobs. 404 counts as gone; 400/405 (deletes disabled) and failures become leftovers, never errors.
 */
export class CleanupTracker implements CleanupRegistry {
  /** Only these repositories are ever deleted from (DESIGN: a run never deletes outside its namespace). */
  private readonly scope: CleanupScope;
  private readonly manifests: { repo: string; digest: string }[] = [];
  private readonly blobs: { repo: string; digest: string }[] = [];
  private readonly tags: { repo: string; tag: string; digest?: string }[] = [];
  /** Upload sessions the run opened and did not end: cancelled at cleanup, or listed as left open. */
  readonly uploads = new UploadSessions();

  /** `scope`: the run namespace (per-check layout), or what the run may touch. */
  constructor(scope: string | CleanupScope) {
    this.scope = typeof scope === 'string' ? { ownsRepository: (repo) => repo.startsWith(`${scope}/`) } : scope;
  }

  /** True when `tag` in `repo` is the run's to delete. */
  private isRunTag(repo: string, tag: string): boolean {
    const shared = this.scope.shared;
    return this.scope.ownsRepository(repo) && (shared === undefined || tag.startsWith(`${shared.runTagPrefix}-`));
  }

  manifest(repo: string, digest: string): void {
    this.manifests.push({ repo, digest });
  }

  blob(repo: string, digest: string): void {
    this.blobs.push({ repo, digest });
  }

  tag(repo: string, tag: string, digest?: string): void {
    this.tags.push({ repo, tag, ...(digest === undefined ? {} : { digest }) });
  }

  forget(kind: 'manifest' | 'blob' | 'tag', repo: string, reference: string): void {
    if (kind === 'tag') {
      removeWhere(this.tags, (entry) => entry.repo === repo && entry.tag === reference);
    } else {
      removeWhere(kind === 'manifest' ? this.manifests : this.blobs, (entry) => entry.repo === repo && entry.digest === reference);
    }
  }

  /** Number of references recorded so far. */
  get size(): number {
    return this.manifests.length + this.blobs.length + this.tags.length;
  }

  /** A summary for `--keep`: nothing deleted, everything listed as left behind. */
  keep(): CleanupSummary {
    return { deleted: 0, leftovers: this.references(), kept: true };
  }

  /**
   * A summary for a target that stopped answering: nothing is sent, everything is listed as left behind with `why`.
   */
  abandon(why: string): CleanupSummary {
    return { deleted: 0, leftovers: this.references().map((reference) => `${reference} (not deleted: ${why})`), kept: false };
  }

  /**
   * Deletes everything recorded, within `deadlineMs`; what could not be deleted is listed. Repositories are cleaned up
   * to `concurrency` at once, each in the serial order (its manifests newest first, then its blobs); nothing a run
   * pushes refers across repositories, so only that order matters. Leftovers are listed in the serial order too. Once
   * `options.stop` aborts (Ctrl-C), whether before or during the cleanup, what is left of the budget shrinks to
   * `options.afterStopMs` and requests still in flight are aborted when it runs out: an interrupt never waits a
   * request timeout per deletion.
   */
  async run(
    client: RegistryClient,
    capabilities: CapabilityMap,
    deadlineMs = 120_000,
    concurrency = 1,
    options: { readonly stop?: AbortSignal; readonly afterStopMs?: number } = {},
  ): Promise<CleanupSummary> {
    const budget = new CleanupBudget(deadlineMs, options.stop, options.afterStopMs ?? defaultAfterStopMs, concurrency);
    try {
      const sessions = await this.cancelUploads(client, capabilities, budget);
      const manifests = await this.manifestTargets(client, budget, concurrency);
      // No digest delete goes out where the registry refuses them (GHCR): then there is nothing to guard.
      const held =
        capabilities['manifest-delete'] === 'unsupported' ? () => undefined : await this.heldByOtherTags(client, manifests, budget);
      const shared = this.scope.shared !== undefined;
      const deletions: Deletion[] = [
        ...manifests.reverse().map(({ repo, digest }): Deletion => {
          const keep = held(repo, digest);
          return {
            repo,
            reference: `${repo}@${digest}`,
            supported: capabilities['manifest-delete'] !== 'unsupported',
            ...(keep === undefined ? {} : { keep }),
            remove: () => client.deleteManifest(repo, digest, { signal: budget.signal }),
          };
        }),
        ...unique(this.blobs, (entry) => `${entry.repo}@${entry.digest}`)
          .reverse()
          .map(({ repo, digest }) => ({
            repo,
            reference: `${repo}@${digest}`,
            supported: capabilities['blob-delete'] !== 'unsupported',
            ...(shared ? { keep: 'fixed layout: blobs are left to the registry\'s garbage collection' } : {}),
            remove: () => client.deleteBlob(repo, digest, { signal: budget.signal }),
          })),
      ];
      // Outcome of each deletion by its serial position: the summary must not depend on which repository ended first.
      const outcomes: DeletionOutcome[] = deletions.map(() => ({ kind: 'gone' }));
      await forEachLimited([...groupByRepo(deletions).values()], concurrency, async (indexes) => {
        for (const index of indexes) {
          const deletion = deletions[index];
          if (deletion !== undefined) {
            outcomes[index] = await this.attempt(deletion, budget);
          }
        }
      });
      const all = [...sessions, ...outcomes];
      return {
        deleted: all.filter((outcome) => outcome.kind === 'deleted').length,
        leftovers: all.flatMap((outcome) => (outcome.kind === 'leftover' ? [outcome.text] : [])),
        kept: false,
      };
    } finally {
      budget.dispose();
    }
  }

  /** Deletes one thing, never throwing: deleted, already gone, or a leftover saying why. */
  private async attempt(deletion: Deletion, budget: CleanupBudget): Promise<DeletionOutcome> {
    const { reference } = deletion;
    if (!this.scope.ownsRepository(deletion.repo)) {
      return { kind: 'leftover', text: `${reference} (outside the run namespace: not deleted)` };
    }
    if (deletion.keep !== undefined) {
      return { kind: 'leftover', text: `${reference} (not deleted: ${deletion.keep})` };
    }
    if (!deletion.supported) {
      return { kind: 'leftover', text: reference };
    }
    if (budget.spent) {
      return { kind: 'leftover', text: `${reference} (not deleted: ${budget.why})` };
    }
    try {
      const { status } = await deletion.remove();
      if (status === 404) {
        return { kind: 'gone' };
      }
      return goneStatuses.has(status) ? { kind: 'deleted' } : { kind: 'leftover', text: `${reference} (${status})` };
    } catch (error) {
      const why = budget.spent ? `not deleted: ${budget.why}` : error instanceof Error ? error.message : String(error);
      return { kind: 'leftover', text: `${reference} (${why})` };
    }
  }

  /**
   * Cancels each upload session still open (end-14 DELETE of its Location); one the registry will not cancel, or that
   * the budget leaves no time for, is a leftover naming the session (its path, never its `_state`).
   */
  private async cancelUploads(client: RegistryClient, capabilities: CapabilityMap, budget: CleanupBudget): Promise<DeletionOutcome[]> {
    const outcomes: DeletionOutcome[] = [];
    for (const session of this.uploads.list()) {
      const name = UploadSessions.describe(session);
      if (!this.scope.ownsRepository(session.repo)) {
        outcomes.push({ kind: 'leftover', text: `${name} (outside the run namespace: not cancelled)` });
      } else if (capabilities['upload-cancel'] === 'unsupported') {
        outcomes.push({ kind: 'leftover', text: `${name} (left open: the registry does not cancel uploads; it expires them)` });
      } else if (budget.spent) {
        outcomes.push({ kind: 'leftover', text: `${name} (left open: ${budget.why})` });
      } else {
        try {
          const { status } = await client.cancelUpload(session.location, { signal: budget.signal });
          outcomes.push(status >= 200 && status < 300 ? { kind: 'deleted' } : status === 404 ? { kind: 'gone' } : { kind: 'leftover', text: `${name} (left open: cancel answered ${status})` });
        } catch (error) {
          const why = budget.spent ? budget.why : error instanceof Error ? error.message : String(error);
          outcomes.push({ kind: 'leftover', text: `${name} (left open: ${why})` });
        }
      }
    }
    return outcomes;
  }

  /**
   * Manifest digests to delete: those recorded plus those the recorded tags point at, de-duplicated. A tag whose push
   * was answered with the digest of a recorded manifest is not resolved: deleting that manifest by digest removes the
   * tag, and a later push of the tag was recorded after it (the last record of a tag counts).
   */
  private async manifestTargets(
    client: RegistryClient,
    budget: CleanupBudget,
    concurrency: number,
  ): Promise<{ repo: string; digest: string }[]> {
    const recorded = new Set(this.manifests.map(({ repo, digest }) => `${repo}@${digest}`));
    const tags = unique(this.tags, (entry) => `${entry.repo}:${entry.tag}`).filter(
      ({ repo, tag, digest }) => this.isRunTag(repo, tag) && (digest === undefined || !recorded.has(`${repo}@${digest}`)),
    );
    // By position, so the resolved list (and the deletion order built from it) is the serial one.
    const resolved: ({ repo: string; digest: string } | undefined)[] = tags.map(() => undefined);
    await forEachLimited(
      tags.map((tag, index) => ({ ...tag, index })),
      concurrency,
      async ({ repo, tag, index }) => {
        if (budget.spent) {
          return;
        }
        try {
          const head = await client.headManifest(repo, tag, { signal: budget.signal });
          const digest = head.headers['docker-content-digest'];
          if (head.status === 200 && digest !== undefined) {
            resolved[index] = { repo, digest };
          }
        } catch {
          // A tag we cannot resolve is cleaned up with its manifest, if that was recorded; nothing else to do.
        }
      },
    );
    const found = resolved.flatMap((entry) => (entry === undefined ? [] : [entry]));
    return unique([...found, ...this.manifests], (entry) => `${entry.repo}@${entry.digest}`);
  }

  /**
   * Fixed layout: for each shared repository of `manifests`, the digests tags outside the run point at (read once per
   * repository); returns why a manifest must be kept, or undefined when it may go. Per-check layout: nothing is held.
   */
  private async heldByOtherTags(
    client: RegistryClient,
    manifests: readonly { repo: string; digest: string }[],
    budget: CleanupBudget,
  ): Promise<(repo: string, digest: string) => string | undefined> {
    const shared = this.scope.shared;
    if (shared === undefined) {
      return () => undefined;
    }
    const scans = new Map<string, OtherTagsScan>();
    for (const repo of new Set(manifests.map((entry) => entry.repo))) {
      if (this.scope.ownsRepository(repo) && !budget.spent) {
        scans.set(repo, await scanOtherTags(client, repo, (tag) => tag.startsWith(`${shared.runTagPrefix}-`), budget.signal, shared.scanLimits));
      }
    }
    return (repo, digest) => {
      const scan = scans.get(repo);
      if (scan === undefined) {
        return `the tags of ${repo} were not read (${budget.why})`;
      }
      if (!scan.ok) {
        return `cannot rule out that a tag outside the run points at it: ${scan.why}`;
      }
      const other = scan.digests.get(digest);
      return other === undefined ? undefined : `tag ${other}, not the run's, points at it`;
    };
  }

  private references(): string[] {
    return [
      ...this.uploads.list().map((session) => `${UploadSessions.describe(session)} (left open)`),
      ...this.manifests.map(({ repo, digest }) => `${repo}@${digest}`),
      ...this.tags.map(({ repo, tag }) => `${repo}:${tag}`),
      ...this.blobs.map(({ repo, digest }) => `${repo}@${digest}`),
    ];
  }
}

/** Removes, in place, every entry of `list` that `matches`. */
function removeWhere<T>(list: T[], matches: (entry: T) => boolean): void {
  let kept = 0;
  for (const entry of list) {
    if (!matches(entry)) {
      list[kept] = entry;
      kept += 1;
    }
  }
  list.length = kept;
}

/** One thing to delete. */
interface Deletion {
  readonly repo: string;
  /** `repo@digest`, as listed when it is left over. */
  readonly reference: string;
  /** False when the registry refuses this kind of delete (probed): listed as a leftover without trying. */
  readonly supported: boolean;
  /** Why it must not be deleted (fixed layout: another tag needs it, or it is a blob): a leftover saying so. */
  readonly keep?: string;
  readonly remove: () => Promise<{ status: number }>;
}

/** How one deletion ended. */
type DeletionOutcome = { readonly kind: 'deleted' | 'gone' } | { readonly kind: 'leftover'; readonly text: string };

/** Positions of the deletions of each repository, in order; repositories in order of first appearance. */
function groupByRepo(deletions: readonly Deletion[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  deletions.forEach((deletion, index) => {
    const group = groups.get(deletion.repo);
    if (group === undefined) {
      groups.set(deletion.repo, [index]);
    } else {
      group.push(index);
    }
  });
  return groups;
}

/** Entries de-duplicated by key, keeping the last occurrence's position (later pushes are deleted first). */
function unique<T>(entries: readonly T[], key: (entry: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const entry of entries) {
    byKey.delete(key(entry));
    byKey.set(key(entry), entry);
  }
  return [...byKey.values()];
}
