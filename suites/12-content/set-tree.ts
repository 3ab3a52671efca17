import type { Content } from '../../fixtures/content.js';
import type { ContentSet } from '../../fixtures/content-set.js';
import type { ContentSetName } from '../../fixtures/content-sets.js';
import type { CapabilityId } from '../../src/conformance/capabilities.js';
import type { DigestAlgorithm } from '../../src/oci/digest.js';

/** A manifest and the reference a check reads it by. */
export interface ManifestReference {
  readonly content: Content;
  readonly reference: string;
}

/**
 * One content set in one blob digest algorithm: the unit the suite makes checks for. Check ids are
 * `<algorithm>-<set>-<operation>` so `--check content/sha512-` selects the sha512 tree and
 * `--check content/sha256-nested-index-` one set.
 */
export interface SetTree {
  readonly name: ContentSetName;
  readonly algorithm: DigestAlgorithm;
  /** Capabilities every check of the tree needs (sha512 blobs, Docker types). */
  readonly requires: readonly CapabilityId[];
  /** Id and title of the tree's `operation` check, and its `requires`. */
  base(operation: string, behaviour: string): { id: string; title: string; requires: readonly CapabilityId[] };
  /** The set's manifests with the references to read them by: every tag, or every digest. */
  references(set: ContentSet, by: 'tag' | 'digest'): ManifestReference[];
}

/** The tree of `name` in `algorithm`, with Docker sets needing `docker-media-types`. */
export function setTree(name: ContentSetName, algorithm: DigestAlgorithm, dockerTypes: boolean): SetTree {
  const requires: CapabilityId[] = [...(algorithm === 'sha512' ? (['sha512'] as const) : []), ...(dockerTypes ? (['docker-media-types'] as const) : [])];
  return {
    name,
    algorithm,
    requires,
    base: (operation, behaviour) => ({ id: `${algorithm}-${name}-${operation}`, title: `Content set ${name} (${algorithm} blobs): ${behaviour}`, requires }),
    references: (set, by) =>
      set.manifests.flatMap((manifest) =>
        by === 'tag' ? manifest.tags.map((tag) => ({ content: manifest.content, reference: tag })) : [{ content: manifest.content, reference: manifest.content.digest }],
      ),
  };
}
