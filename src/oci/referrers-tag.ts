/**
 * The referrers tag schema (distribution-spec "Referrers Tag Schema"): where a client keeps the referrers of a subject
 * when the registry has no referrers API. The tag is the digest's algorithm truncated to 32 characters, `-`, and its
 * encoded part truncated to 64 characters, every character the tag grammar does not allow replaced with `-`.
 * What a client appends to the index under that tag is built here too, so the checks and `regatta seed` agree.
 */

import type { Descriptor } from './manifest.js';

/** Any character outside the tag grammar's set (`[a-zA-Z0-9._-]`): replaced with `-`. */
const notInTag = /[^a-zA-Z0-9._-]/g;

/** The referrers tag of `digest` (`sha256:abc…` → `sha256-abc…`); undefined when it is not `algorithm:encoded`. */
export function referrersTagOf(digest: string): string | undefined {
  const colon = digest.indexOf(':');
  if (colon <= 0 || colon === digest.length - 1) {
    return undefined;
  }
  const algorithm = digest.slice(0, colon).slice(0, 32);
  const encoded = digest.slice(colon + 1).slice(0, 64);
  return `${algorithm}-${encoded}`.replace(notInTag, '-');
}

/** A manifest as a client holds it after pushing: its bytes, digest and media type. */
export interface PushedReferrer {
  readonly bytes: Uint8Array;
  readonly digest: string;
  readonly mediaType: string;
}

/**
 * The descriptor a client appends to the referrers tag index for a pushed manifest ("Pushing Manifests with
 * Subject"): its media type, digest and size; `artifactType` from the manifest, else (image manifests) its config's
 * media type; every annotation of the manifest copied.
 */
export function referrerDescriptorOf(manifest: PushedReferrer): Descriptor {
  const document = JSON.parse(Buffer.from(manifest.bytes).toString('utf8')) as {
    artifactType?: unknown;
    config?: { mediaType?: unknown };
    annotations?: Record<string, string>;
  };
  const artifactType = typeof document.artifactType === 'string' && document.artifactType !== '' ? document.artifactType : document.config?.mediaType;
  return {
    mediaType: manifest.mediaType,
    digest: manifest.digest,
    size: manifest.bytes.length,
    ...(typeof artifactType === 'string' ? { artifactType } : {}),
    ...(document.annotations === undefined ? {} : { annotations: document.annotations }),
  };
}

/** The referrers list with `descriptor` appended, unless a descriptor of the same digest is already in it. */
export function withReferrer(list: readonly Descriptor[], descriptor: Descriptor): Descriptor[] {
  return list.some((entry) => entry.digest === descriptor.digest) ? [...list] : [...list, descriptor];
}
