/**
 * The one home of OCI manifest and index documents (image-spec `manifest.md`, `image-index.md`): fixtures, suites, the
 * capability probe, the load engine and the peer bench build their JSON here. Key order is fixed (schemaVersion,
 * mediaType, artifactType, config/layers or manifests, subject, annotations) because the serialised bytes, and so the
 * digests, must repeat exactly run after run.
 */
import { MediaType } from './media-types.js';

/** Platform of an index entry (image-spec `image-index.md`). */
export interface Platform {
  readonly architecture: string;
  readonly os: string;
  readonly variant?: string;
}

/** A content descriptor (image-spec `descriptor.md`). */
export interface Descriptor {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  readonly artifactType?: string;
  readonly platform?: Platform;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** The optional top-level fields of a manifest or index. */
export interface ManifestFields {
  /** The document's own media type. @default the OCI image manifest / OCI image index type */
  readonly mediaType?: string;
  readonly artifactType?: string;
  /** The manifest this one refers to (referrers API). */
  readonly subject?: Descriptor;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** The fields after the body, in their fixed order; absent ones are left out, never written as null. */
function tail(fields: ManifestFields): Record<string, unknown> {
  return {
    ...(fields.subject === undefined ? {} : { subject: fields.subject }),
    ...(fields.annotations === undefined ? {} : { annotations: fields.annotations }),
  };
}

/** An image manifest document (OCI, or Docker schema 2 with `mediaType` set to it) over a config and layers. */
export function imageManifestDocument(config: Descriptor, layers: readonly Descriptor[], fields: ManifestFields = {}): Record<string, unknown> {
  return {
    schemaVersion: 2,
    mediaType: fields.mediaType ?? MediaType.ociManifest,
    ...(fields.artifactType === undefined ? {} : { artifactType: fields.artifactType }),
    config,
    layers,
    ...tail(fields),
  };
}

/** An image index document (OCI, or a Docker manifest list with `mediaType` set to it) over child manifests. */
export function indexDocument(manifests: readonly Descriptor[], fields: ManifestFields = {}): Record<string, unknown> {
  return {
    schemaVersion: 2,
    mediaType: fields.mediaType ?? MediaType.ociIndex,
    ...(fields.artifactType === undefined ? {} : { artifactType: fields.artifactType }),
    manifests,
    ...tail(fields),
  };
}
