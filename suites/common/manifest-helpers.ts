/**
 * Shared data builders of the manifest, tags, delete, catalog, error-body and referrers suites: seeded blobs pushed
 * as prerequisites, image / index / artifact manifests built from descriptors, and a manifest PUT that registers
 * what it pushed for cleanup. Every digest is computed from the bytes, never written down.
 */
import { buildGzipLayer } from '../../fixtures/gzip-layer.js';
import { seededBytes } from '../../fixtures/seeded-bytes.js';
import type { RegistryResponse } from '../../src/client/types.js';
import type { CheckContext } from '../../src/conformance/define-suite.js';
import { describeResponse, fail } from '../../src/conformance/expect.js';
import { digestOf, type DigestAlgorithm } from '../../src/oci/digest.js';
import { imageManifestDocument, indexDocument, type Descriptor } from '../../src/oci/manifest.js';
import { MediaType } from '../../src/oci/media-types.js';

/** A manifest ready to push: its exact bytes, digest and media type (sent as Content-Type). */
export interface BuiltManifest {
  readonly bytes: Uint8Array;
  readonly digest: string;
  readonly mediaType: string;
  /** Descriptor of this manifest, for indexes and `subject` fields. */
  readonly descriptor: Descriptor;
}

/** Image flavours: OCI image manifest or Docker schema2. */
export type ImageKind = 'oci' | 'docker';

/** Extra fields of an image manifest. */
export interface ImageFields {
  readonly kind?: ImageKind;
  readonly subject?: Descriptor;
  readonly artifactType?: string;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** Builds a manifest from a JSON object (serialised once, so bytes and digest agree). */
export function buildManifest(json: Record<string, unknown>, mediaType: string, algorithm: DigestAlgorithm = 'sha256'): BuiltManifest {
  const bytes = new TextEncoder().encode(JSON.stringify(json));
  const digest = digestOf(bytes, algorithm);
  return { bytes, digest, mediaType, descriptor: { mediaType, digest, size: bytes.length } };
}

/** An image manifest (OCI or Docker schema2) over a config and layers. */
export function imageManifest(config: Descriptor, layers: readonly Descriptor[], fields: ImageFields = {}): BuiltManifest {
  const docker = fields.kind === 'docker';
  const mediaType = docker ? MediaType.dockerManifest : MediaType.ociManifest;
  const { kind: _kind, ...rest } = fields;
  return buildManifest(imageManifestDocument(config, layers, { ...rest, mediaType }), mediaType);
}

/** An image index (OCI) or manifest list (Docker) over child manifests. */
export function indexManifest(children: readonly Descriptor[], fields: ImageFields = {}): BuiltManifest {
  const docker = fields.kind === 'docker';
  const mediaType = docker ? MediaType.dockerManifestList : MediaType.ociIndex;
  const platforms = [
    { architecture: 'amd64', os: 'linux' },
    { architecture: 'arm64', os: 'linux' },
  ] as const;
  const { kind: _kind, ...rest } = fields;
  const manifests = children.map((child, index) => ({ ...child, platform: index % 2 === 0 ? platforms[0] : platforms[1] }));
  return buildManifest(indexDocument(manifests, { ...rest, mediaType }), mediaType);
}

/** A descriptor of content that was never pushed (a dangling reference). */
export function danglingDescriptor(ctx: CheckContext, salt: string, mediaType: string = MediaType.ociLayerTarGzip): Descriptor {
  const bytes = seededBytes(64, `${ctx.seed}/dangling/${salt}`);
  return { mediaType, digest: digestOf(bytes), size: bytes.length };
}

/**
 * Pushes a blob as a prerequisite of a manifest check and registers it for cleanup. A blob push that does not end in
 * 201 fails the check naming the prerequisite (the push suite checks uploads in detail).
 */
export async function pushTestBlob(ctx: CheckContext, repo: string, bytes: Uint8Array, mediaType: string): Promise<Descriptor> {
  const pushed = await ctx.client.pushBlob(repo, bytes);
  if (pushed.final.status !== 201) {
    fail(
      { rule: 'prerequisite: a blob push (POST + PUT) ends with 201', spec: ['end-4a', 'end-6'] },
      'status 201',
      describeResponse(pushed.final),
      pushed.final,
    );
  }
  ctx.cleanup.blob(repo, pushed.digest);
  return { mediaType, digest: pushed.digest, size: bytes.length };
}

/** A seeded config blob (a small JSON document) for `kind`, pushed to `repo`. */
export async function pushConfig(ctx: CheckContext, repo: string, salt = '', kind: ImageKind = 'oci'): Promise<Descriptor> {
  const config = JSON.stringify({
    architecture: 'amd64',
    os: 'linux',
    rootfs: { type: 'layers', diff_ids: [] },
    config: { Labels: { 'org.regatta.seed': `${ctx.seed}/${salt}` } },
  });
  return pushTestBlob(ctx, repo, new TextEncoder().encode(config), kind === 'docker' ? MediaType.dockerConfig : MediaType.ociConfig);
}

/** A real, seeded gzip tar layer (one file of `fileBytes`) pushed to `repo`. */
export async function pushLayer(ctx: CheckContext, repo: string, salt = '', fileBytes = 256, kind: ImageKind = 'oci'): Promise<Descriptor> {
  const mediaType = kind === 'docker' ? MediaType.dockerLayerTarGzip : MediaType.ociLayerTarGzip;
  const layer = buildGzipLayer({ seed: `${ctx.seed}/layer/${salt}`, fileBytes, mediaType });
  return pushTestBlob(ctx, repo, layer.bytes, mediaType);
}

/** Pushes a config and `layers` layers to `repo` and builds the image manifest over them (not pushed yet). */
export async function prepareImage(
  ctx: CheckContext,
  repo: string,
  salt = '',
  fields: ImageFields & { readonly layers?: number } = {},
): Promise<BuiltManifest> {
  const config = await pushConfig(ctx, repo, salt, fields.kind);
  const layers: Descriptor[] = [];
  for (let index = 0; index < (fields.layers ?? 1); index += 1) {
    layers.push(await pushLayer(ctx, repo, `${salt}/${index}`, 256, fields.kind));
  }
  return imageManifest(config, layers, fields);
}

/**
 * `PUT /v2/<repo>/manifests/<reference>` with the manifest's bytes and media type. Registers the manifest (and the
 * tag) for cleanup when the registry accepted it, so a rejected or accepted push never leaks.
 */
export async function putManifest(
  ctx: CheckContext,
  repo: string,
  reference: string,
  manifest: Pick<BuiltManifest, 'bytes' | 'digest' | 'mediaType'>,
  options: { readonly tags?: readonly string[]; readonly contentType?: string } = {},
): Promise<RegistryResponse> {
  const response = await ctx.client.putManifest(repo, reference, manifest.bytes, options.contentType ?? manifest.mediaType, {
    signal: ctx.signal,
    ...(options.tags === undefined ? {} : { tags: options.tags }),
  });
  if (response.status >= 200 && response.status < 300) {
    ctx.cleanup.manifest(repo, manifest.digest);
    // Pushed by a sha512 digest, a manifest may be stored under the registry's own digest as well: delete that too.
    const stored = response.headers['docker-content-digest'];
    if (stored !== undefined && stored !== manifest.digest && /^sha(256|512):[0-9a-f]+$/.test(stored)) {
      ctx.cleanup.manifest(repo, stored);
    }
    if (!reference.includes(':')) {
      ctx.cleanup.tag(repo, reference, stored);
    }
  }
  return response;
}

/**
 * Pushes a manifest as a prerequisite (the check is about something else) and fails naming the prerequisite unless
 * the registry answers 201.
 */
export async function putManifestOrFail(
  ctx: CheckContext,
  repo: string,
  reference: string,
  manifest: BuiltManifest,
  options: { readonly tags?: readonly string[] } = {},
): Promise<RegistryResponse> {
  const response = await putManifest(ctx, repo, reference, manifest, options);
  if (response.status !== 201) {
    fail({ rule: 'prerequisite: a manifest PUT returns 201', spec: ['end-7'] }, 'status 201', describeResponse(response), response);
  }
  return response;
}

/** Pushes a fresh image (config, layers, manifest) under `reference` and returns its manifest. */
export async function pushImage(
  ctx: CheckContext,
  repo: string,
  reference: string,
  salt = '',
  fields: ImageFields & { readonly layers?: number } = {},
): Promise<BuiltManifest> {
  const manifest = await prepareImage(ctx, repo, salt, fields);
  await putManifestOrFail(ctx, repo, reference === '@digest' ? manifest.digest : reference, manifest);
  return manifest;
}

/** The content type of a response without parameters, lower-cased (`application/json; charset=utf-8` → `application/json`). */
export function mediaTypeOf(response: RegistryResponse): string | undefined {
  const value = response.headers['content-type'];
  return value === undefined ? undefined : (value.split(';')[0]?.trim().toLowerCase() ?? '');
}

/** True when two byte arrays are equal. */
export function sameBytes(left: Uint8Array, right: Uint8Array): boolean {
  return Buffer.from(left).equals(Buffer.from(right));
}
