/**
 * What still refers to each manifest a mimic front saw pushed: the tags that point at it and the indexes that list
 * it. Docker Hub deletes a manifest by digest only when nothing refers to it, and answers 403 otherwise (its
 * registry API reference, DeleteImageManifest); the front asks this record before it forwards such a DELETE. Only
 * pushes and deletes that went through the front are known, which in the lab is all of them.
 */
import { digestOf } from '../../oci/digest.js';

/** Tags and index children of one repository. */
interface RepositoryReferences {
  /** Tag → the digest it points at. */
  readonly tags: Map<string, string>;
  /** Index digest → the digests it lists in `manifests`. */
  readonly children: Map<string, readonly string[]>;
}

/** True when a manifest reference is a digest rather than a tag. */
function isDigest(reference: string): boolean {
  return reference.includes(':');
}

/** The `manifests[].digest` entries of an index body; none for an image manifest or an unreadable body. */
function listedDigests(body: Buffer): string[] {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { manifests?: unknown };
    if (!Array.isArray(parsed.manifests)) {
      return [];
    }
    return parsed.manifests.flatMap((entry: unknown) => {
      const digest = (entry as { digest?: unknown } | null)?.digest;
      return typeof digest === 'string' ? [digest] : [];
    });
  } catch {
    return [];
  }
}

/** The references a mimic front tracks, per repository. */
export class ManifestReferences {
  private readonly repositories = new Map<string, RepositoryReferences>();

  private of(repository: string): RepositoryReferences {
    let entry = this.repositories.get(repository);
    if (entry === undefined) {
      entry = { tags: new Map(), children: new Map() };
      this.repositories.set(repository, entry);
    }
    return entry;
  }

  /**
   * Records a manifest the registry accepted (201) under `reference`. Its digest is the SHA-256 of the bytes sent, as
   * the registry computes it for a tag push; a push by digest names it.
   */
  recordPush(repository: string, reference: string, body: Buffer): void {
    const entry = this.of(repository);
    const digest = isDigest(reference) ? reference : digestOf(body);
    if (!isDigest(reference)) {
      entry.tags.set(reference, digest);
    }
    const listed = listedDigests(body);
    if (listed.length > 0) {
      entry.children.set(digest, listed);
    }
  }

  /** Records a delete the registry accepted: a tag no longer points anywhere; a digest takes its tags with it. */
  recordDelete(repository: string, reference: string): void {
    const entry = this.repositories.get(repository);
    if (entry === undefined) {
      return;
    }
    if (!isDigest(reference)) {
      entry.tags.delete(reference);
      return;
    }
    for (const [tag, digest] of entry.tags) {
      if (digest === reference) {
        entry.tags.delete(tag);
      }
    }
    entry.children.delete(reference);
  }

  /** What still refers to `digest` in `repository` (`tag latest`, `index sha256:…`), or undefined when nothing does. */
  holderOf(repository: string, digest: string): string | undefined {
    const entry = this.repositories.get(repository);
    if (entry === undefined) {
      return undefined;
    }
    for (const [tag, target] of entry.tags) {
      if (target === digest) {
        return `tag ${tag}`;
      }
    }
    for (const [index, listed] of entry.children) {
      if (listed.includes(digest)) {
        return `index ${index}`;
      }
    }
    return undefined;
  }
}
