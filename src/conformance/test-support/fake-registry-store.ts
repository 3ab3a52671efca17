import { randomUUID } from 'node:crypto';

/** A stored manifest: the exact bytes pushed and the Content-Type they were pushed with. */
export interface StoredManifest {
  readonly digest: string;
  readonly bytes: Buffer;
  readonly mediaType: string;
  /** Parsed body, for referrers. */
  readonly json: Record<string, unknown>;
}

/** An upload session in progress. */
export interface UploadSession {
  readonly id: string;
  readonly repo: string;
  /** Value of the `_state` query parameter later requests must echo. */
  readonly state: string;
  readonly chunks: Buffer[];
  size: number;
}

/** Content of one repository. */
interface Repository {
  readonly blobs: Set<string>;
  readonly manifests: Map<string, StoredManifest>;
  /** tag → digest */
  readonly tags: Map<string, string>;
}

/**
 * In-memory content of the fake registry: blob bytes shared by digest, repositories linking to them, manifests,
 * tags and upload sessions. Tests may seed it directly (`putBlob`, `putManifest`) or inspect it after a run.
 */
export class FakeRegistryStore {
  private readonly blobContent = new Map<string, Buffer>();
  private readonly repositories = new Map<string, Repository>();
  private readonly uploads = new Map<string, UploadSession>();

  /** True once anything was pushed to `repo` (it stays known after deletes, like real registries). */
  hasRepo(repo: string): boolean {
    return this.repositories.has(repo);
  }

  /** Names of known repositories, ASCII-sorted. */
  repoNames(): string[] {
    return [...this.repositories.keys()].sort();
  }

  /** Links `content` under `digest` into `repo`. */
  putBlob(repo: string, digest: string, content: Buffer): void {
    this.blobContent.set(digest, content);
    this.repoOf(repo).blobs.add(digest);
  }

  /** Bytes of a blob linked into `repo`, or undefined. */
  getBlob(repo: string, digest: string): Buffer | undefined {
    return this.repositories.get(repo)?.blobs.has(digest) === true ? this.blobContent.get(digest) : undefined;
  }

  /** Unlinks a blob from `repo`; false when it was not there. */
  deleteBlob(repo: string, digest: string): boolean {
    return this.repositories.get(repo)?.blobs.delete(digest) ?? false;
  }

  /** Stores a manifest and optionally points tags at it. */
  putManifest(repo: string, manifest: StoredManifest, tags: readonly string[] = []): void {
    const repository = this.repoOf(repo);
    repository.manifests.set(manifest.digest, manifest);
    for (const tag of tags) {
      repository.tags.set(tag, manifest.digest);
    }
  }

  /** A manifest by tag or digest, or undefined. */
  getManifest(repo: string, reference: string): StoredManifest | undefined {
    const repository = this.repositories.get(repo);
    if (repository === undefined) {
      return undefined;
    }
    const digest = reference.includes(':') ? reference : repository.tags.get(reference);
    return digest === undefined ? undefined : repository.manifests.get(digest);
  }

  /** Deletes a manifest by digest and every tag pointing at it; false when it was not there. */
  deleteManifest(repo: string, digest: string): boolean {
    const repository = this.repositories.get(repo);
    if (repository?.manifests.delete(digest) !== true) {
      return false;
    }
    for (const [tag, target] of [...repository.tags]) {
      if (target === digest) {
        repository.tags.delete(tag);
      }
    }
    return true;
  }

  /** Deletes a tag only; false when it was not there. */
  deleteTag(repo: string, tag: string): boolean {
    return this.repositories.get(repo)?.tags.delete(tag) ?? false;
  }

  /** Tags of `repo`, ASCII-sorted (Go `sort.Strings` order). */
  tagsOf(repo: string): string[] {
    return [...(this.repositories.get(repo)?.tags.keys() ?? [])].sort();
  }

  /** Manifests of `repo`, in push order. */
  manifestsOf(repo: string): StoredManifest[] {
    return [...(this.repositories.get(repo)?.manifests.values() ?? [])];
  }

  /** Opens an upload session in `repo`. */
  startUpload(repo: string): UploadSession {
    this.repoOf(repo);
    const session: UploadSession = { id: randomUUID(), repo, state: randomUUID(), chunks: [], size: 0 };
    this.uploads.set(session.id, session);
    return session;
  }

  /** An open upload session of `repo`, or undefined. */
  getUpload(repo: string, id: string): UploadSession | undefined {
    const session = this.uploads.get(id);
    return session?.repo === repo ? session : undefined;
  }

  /** Closes an upload session (completed or cancelled). */
  endUpload(id: string): void {
    this.uploads.delete(id);
  }

  /** Number of upload sessions still open. */
  openUploads(): number {
    return this.uploads.size;
  }

  private repoOf(repo: string): Repository {
    let repository = this.repositories.get(repo);
    if (repository === undefined) {
      repository = { blobs: new Set(), manifests: new Map(), tags: new Map() };
      this.repositories.set(repo, repository);
    }
    return repository;
  }
}
