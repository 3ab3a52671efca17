import type { RegistryClient } from '../client/types.js';
import type { TargetResult } from '../model/index.js';
import type { CapabilityMap } from './capabilities.js';
import type { CleanupRegistry } from './define-suite.js';
import { forEachLimited } from './for-each-limited.js';

/** What cleanup did, as stored in the target result. */
export type CleanupSummary = NonNullable<TargetResult['cleanup']>;

/** Statuses that mean "it is gone" (deleted now, or already gone: GC'd, or deleted with its manifest). */
const goneStatuses = new Set([200, 202, 204, 404]);

/**
 * Remembers everything a run pushed (per repository, in push order) and deletes it at the end: tags are resolved
 * to digests, manifests are deleted by digest newest first (referrers and indexes before what they point at), then
 * blobs. 404 counts as gone; 400/405 (deletes disabled) and failures become leftovers, never errors.
 */
export class CleanupTracker implements CleanupRegistry {
  /** Only repositories under this prefix are ever deleted from (DESIGN: a run never deletes outside its namespace). */
  private readonly namespace: string;
  private readonly manifests: { repo: string; digest: string }[] = [];
  private readonly blobs: { repo: string; digest: string }[] = [];
  private readonly tags: { repo: string; tag: string }[] = [];

  constructor(namespace: string) {
    this.namespace = namespace;
  }

  manifest(repo: string, digest: string): void {
    this.manifests.push({ repo, digest });
  }

  blob(repo: string, digest: string): void {
    this.blobs.push({ repo, digest });
  }

  tag(repo: string, tag: string): void {
    this.tags.push({ repo, tag });
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
   * Deletes everything recorded, within `deadlineMs`; what could not be deleted is listed. Repositories are cleaned up
   * to `concurrency` at once, each in the serial order (its manifests newest first, then its blobs); nothing a run
   * pushes refers across repositories, so only that order matters. Leftovers are listed in the serial order too.
   */
  async run(client: RegistryClient, capabilities: CapabilityMap, deadlineMs = 120_000, concurrency = 1): Promise<CleanupSummary> {
    const deadline = Date.now() + deadlineMs;
    const manifests = await this.manifestTargets(client, deadline, concurrency);
    const deletions: Deletion[] = [
      ...manifests.reverse().map(({ repo, digest }) => ({
        repo,
        reference: `${repo}@${digest}`,
        supported: capabilities['manifest-delete'] !== 'unsupported',
        remove: () => client.deleteManifest(repo, digest),
      })),
      ...unique(this.blobs, (entry) => `${entry.repo}@${entry.digest}`)
        .reverse()
        .map(({ repo, digest }) => ({
          repo,
          reference: `${repo}@${digest}`,
          supported: capabilities['blob-delete'] !== 'unsupported',
          remove: () => client.deleteBlob(repo, digest),
        })),
    ];
    // Outcome of each deletion by its serial position: the summary must not depend on which repository ended first.
    const outcomes: DeletionOutcome[] = deletions.map(() => ({ kind: 'gone' }));
    await forEachLimited([...groupByRepo(deletions).values()], concurrency, async (indexes) => {
      for (const index of indexes) {
        const deletion = deletions[index];
        if (deletion !== undefined) {
          outcomes[index] = await this.attempt(deletion, deadline);
        }
      }
    });
    return {
      deleted: outcomes.filter((outcome) => outcome.kind === 'deleted').length,
      leftovers: outcomes.flatMap((outcome) => (outcome.kind === 'leftover' ? [outcome.text] : [])),
      kept: false,
    };
  }

  /** Deletes one thing, never throwing: deleted, already gone, or a leftover saying why. */
  private async attempt(deletion: Deletion, deadline: number): Promise<DeletionOutcome> {
    const { reference } = deletion;
    if (!deletion.supported) {
      return { kind: 'leftover', text: reference };
    }
    if (!reference.startsWith(`${this.namespace}/`)) {
      return { kind: 'leftover', text: `${reference} (outside the run namespace: not deleted)` };
    }
    if (Date.now() > deadline) {
      return { kind: 'leftover', text: reference };
    }
    try {
      const { status } = await deletion.remove();
      if (status === 404) {
        return { kind: 'gone' };
      }
      return goneStatuses.has(status) ? { kind: 'deleted' } : { kind: 'leftover', text: `${reference} (${status})` };
    } catch (error) {
      return { kind: 'leftover', text: `${reference} (${error instanceof Error ? error.message : String(error)})` };
    }
  }

  /** Manifest digests to delete: those recorded plus those the recorded tags point at, de-duplicated. */
  private async manifestTargets(
    client: RegistryClient,
    deadline: number,
    concurrency: number,
  ): Promise<{ repo: string; digest: string }[]> {
    const tags = unique(this.tags, (entry) => `${entry.repo}:${entry.tag}`).filter(({ repo }) =>
      repo.startsWith(`${this.namespace}/`),
    );
    // By position, so the resolved list (and the deletion order built from it) is the serial one.
    const resolved: ({ repo: string; digest: string } | undefined)[] = tags.map(() => undefined);
    await forEachLimited(
      tags.map((tag, index) => ({ ...tag, index })),
      concurrency,
      async ({ repo, tag, index }) => {
        if (Date.now() > deadline) {
          return;
        }
        try {
          const head = await client.headManifest(repo, tag);
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

  private references(): string[] {
    return [
      ...this.manifests.map(({ repo, digest }) => `${repo}@${digest}`),
      ...this.tags.map(({ repo, tag }) => `${repo}:${tag}`),
      ...this.blobs.map(({ repo, digest }) => `${repo}@${digest}`),
    ];
  }
}

/** One thing to delete. */
interface Deletion {
  readonly repo: string;
  /** `repo@digest`, as listed when it is left over. */
  readonly reference: string;
  /** False when the registry refuses this kind of delete (probed): listed as a leftover without trying. */
  readonly supported: boolean;
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
