import type { RegistryClient } from '../client/types.js';
import type { TargetResult } from '../model/index.js';
import type { CapabilityMap } from './capabilities.js';
import type { CleanupRegistry } from './define-suite.js';

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

  /** Deletes everything recorded, within `deadlineMs`; what could not be deleted is listed. */
  async run(client: RegistryClient, capabilities: CapabilityMap, deadlineMs = 120_000): Promise<CleanupSummary> {
    const deadline = Date.now() + deadlineMs;
    const leftovers: string[] = [];
    let deleted = 0;
    const attempt = async (reference: string, remove: () => Promise<{ status: number }>): Promise<void> => {
      if (!reference.startsWith(`${this.namespace}/`)) {
        leftovers.push(`${reference} (outside the run namespace: not deleted)`);
        return;
      }
      if (Date.now() > deadline) {
        leftovers.push(reference);
        return;
      }
      try {
        const { status } = await remove();
        if (status === 404) {
          return;
        }
        if (goneStatuses.has(status)) {
          deleted += 1;
        } else {
          leftovers.push(`${reference} (${status})`);
        }
      } catch (error) {
        leftovers.push(`${reference} (${error instanceof Error ? error.message : String(error)})`);
      }
    };
    const manifests = await this.manifestTargets(client, deadline);
    for (const { repo, digest } of manifests.reverse()) {
      if (capabilities['manifest-delete'] === 'unsupported') {
        leftovers.push(`${repo}@${digest}`);
        continue;
      }
      await attempt(`${repo}@${digest}`, () => client.deleteManifest(repo, digest));
    }
    for (const { repo, digest } of unique(this.blobs, (entry) => `${entry.repo}@${entry.digest}`).reverse()) {
      if (capabilities['blob-delete'] === 'unsupported') {
        leftovers.push(`${repo}@${digest}`);
        continue;
      }
      await attempt(`${repo}@${digest}`, () => client.deleteBlob(repo, digest));
    }
    return { deleted, leftovers, kept: false };
  }

  /** Manifest digests to delete: those recorded plus those the recorded tags point at, de-duplicated. */
  private async manifestTargets(client: RegistryClient, deadline: number): Promise<{ repo: string; digest: string }[]> {
    const resolved: { repo: string; digest: string }[] = [];
    for (const { repo, tag } of unique(this.tags, (entry) => `${entry.repo}:${entry.tag}`)) {
      if (Date.now() > deadline) {
        break;
      }
      if (!repo.startsWith(`${this.namespace}/`)) {
        continue;
      }
      try {
        const head = await client.headManifest(repo, tag);
        const digest = head.headers['docker-content-digest'];
        if (head.status === 200 && digest !== undefined) {
          resolved.push({ repo, digest });
        }
      } catch {
        // A tag we cannot resolve is cleaned up with its manifest, if that was recorded; nothing else to do.
      }
    }
    return unique([...resolved, ...this.manifests], (entry) => `${entry.repo}@${entry.digest}`);
  }

  private references(): string[] {
    return [
      ...this.manifests.map(({ repo, digest }) => `${repo}@${digest}`),
      ...this.tags.map(({ repo, tag }) => `${repo}:${tag}`),
      ...this.blobs.map(({ repo, digest }) => `${repo}@${digest}`),
    ];
  }
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
