import { digestOf, isValidDigest, type DigestAlgorithm } from '../../oci/digest.js';
import { MediaType } from '../../oci/media-types.js';
import { isValidTag } from '../../oci/names.js';
import { emptyResponse, errorResponse } from './fake-registry-responses.js';
import type { FakeRequestContext, FakeResponse } from './fake-registry-types.js';

const imageTypes: readonly string[] = [MediaType.ociManifest, MediaType.dockerManifest];
const indexTypes: readonly string[] = [MediaType.ociIndex, MediaType.dockerManifestList];

/** A descriptor's digest, or undefined when the value is not a descriptor with a valid digest. */
function descriptorDigest(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || !('digest' in value) || typeof value.digest !== 'string') {
    return undefined;
  }
  return isValidDigest(value.digest) ? value.digest : undefined;
}

/** Descriptors of a field that must be an array of descriptors; undefined when it is malformed. */
function descriptorsOf(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) {
    return undefined;
  }
  const digests = value.map(descriptorDigest);
  return digests.every((digest) => digest !== undefined) ? (digests) : undefined;
}

/** Wraps an error response for {@link validateManifest}. */
function fault(status: number, code: string, message: string, detail: unknown = {}): { readonly error: FakeResponse } {
  return { error: errorResponse(status, code, message, detail) };
}

/**
 * Validates a manifest body against its Content-Type and the repository content. Returns the parsed JSON, or the
 * error response the registry sends.
 */
function validateManifest(
  ctx: FakeRequestContext,
  contentType: string,
): { readonly json: Record<string, unknown> } | { readonly error: FakeResponse } {
  let json: unknown;
  try {
    json = JSON.parse(ctx.body.toString('utf8'));
  } catch {
    return fault(400, 'MANIFEST_INVALID', 'manifest invalid: not JSON');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return fault(400, 'MANIFEST_INVALID', 'manifest invalid: not a JSON object');
  }
  const manifest = json as Record<string, unknown>;
  if (manifest['schemaVersion'] !== 2) {
    return fault(400, 'MANIFEST_INVALID', 'manifest invalid: schemaVersion must be 2');
  }
  const declared = manifest['mediaType'];
  if (declared !== undefined && declared !== contentType) {
    return fault(400, 'MANIFEST_INVALID', 'manifest invalid: mediaType does not match Content-Type', {
      mediaType: declared,
      contentType,
    });
  }
  const repo = ctx.repo ?? '';
  if (imageTypes.includes(contentType)) {
    const config = descriptorDigest(manifest['config']);
    const layers = descriptorsOf(manifest['layers']);
    if (config === undefined || layers === undefined) {
      return fault(400, 'MANIFEST_INVALID', 'manifest invalid: config or layers malformed');
    }
    // Non-distributable ("foreign") layers are fetched from their urls, never pushed: like distribution, not required here.
    const foreign = new Set((manifest['layers'] as { mediaType?: unknown; digest: string }[]).filter((layer) => String(layer.mediaType).includes('nondistributable')).map((layer) => layer.digest));
    const missing = [config, ...layers].find((digest) => !foreign.has(digest) && ctx.store.getBlob(repo, digest) === undefined);
    if (missing !== undefined) {
      return fault(400, 'MANIFEST_BLOB_UNKNOWN', 'manifest references a blob unknown to registry', {
        digest: missing,
      });
    }
  } else if (indexTypes.includes(contentType)) {
    const children = descriptorsOf(manifest['manifests']);
    if (children === undefined) {
      return fault(400, 'MANIFEST_INVALID', 'manifest invalid: manifests malformed');
    }
    const missing = children.find((digest) => ctx.store.getManifest(repo, digest) === undefined);
    if (missing !== undefined) {
      return fault(400, 'MANIFEST_BLOB_UNKNOWN', 'manifest references a manifest unknown to registry', {
        digest: missing,
      });
    }
  } else {
    return fault(400, 'MANIFEST_INVALID', 'manifest invalid: unsupported media type', { contentType });
  }
  return { json: manifest };
}

/** end-7 / end-7b: `PUT /v2/<name>/manifests/<reference>[?tag=…]`. */
export function handleManifestPut(ctx: FakeRequestContext): FakeResponse {
  const reference = ctx.reference ?? '';
  const byDigest = reference.includes(':');
  if (byDigest ? !isValidDigest(reference) : !isValidTag(reference)) {
    return byDigest
      ? errorResponse(400, 'DIGEST_INVALID', 'invalid digest', { digest: reference })
      : errorResponse(400, 'TAG_INVALID', 'manifest tag did not match URI', { tag: reference });
  }
  if (ctx.body.length > ctx.options.maxManifestBytes) {
    return errorResponse(413, 'SIZE_INVALID', 'manifest too large', { limit: ctx.options.maxManifestBytes });
  }
  const contentType = (ctx.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
  const validated = validateManifest(ctx, contentType);
  if ('error' in validated) {
    return validated.error;
  }
  const json = validated.json;
  const algorithm = (byDigest ? reference.slice(0, reference.indexOf(':')) : 'sha256') as DigestAlgorithm;
  if (algorithm === 'sha512' && !ctx.options.sha512) {
    return errorResponse(400, 'DIGEST_INVALID', 'unsupported digest algorithm', { digest: reference });
  }
  const digest = digestOf(ctx.body, algorithm);
  if (byDigest && digest !== reference) {
    return errorResponse(400, 'DIGEST_INVALID', 'provided digest did not match uploaded content', { digest: reference });
  }
  const extraTags = byDigest ? ctx.url.searchParams.getAll('tag') : [];
  const badTag = extraTags.find((tag) => !isValidTag(tag));
  if (badTag !== undefined) {
    return errorResponse(400, 'TAG_INVALID', 'invalid tag', { tag: badTag });
  }
  const tags = byDigest ? extraTags : [reference];
  ctx.store.putManifest(ctx.repo ?? '', { digest, bytes: ctx.body, mediaType: contentType, json }, tags);
  const headers: Record<string, string> = {
    location: `/v2/${ctx.repo ?? ''}/manifests/${digest}`,
    'docker-content-digest': digest,
  };
  const subject = descriptorDigest(json['subject']);
  if (subject !== undefined && ctx.options.referrers) {
    headers['oci-subject'] = subject;
  }
  if (extraTags.length > 0) {
    headers['oci-tag'] = extraTags.join(', ');
  }
  return emptyResponse(201, headers);
}

/** end-3: `GET` / `HEAD /v2/<name>/manifests/<reference>`. */
export function handleManifestGet(ctx: FakeRequestContext): FakeResponse {
  const reference = ctx.reference ?? '';
  if (reference.includes(':') && !isValidDigest(reference)) {
    return errorResponse(400, 'DIGEST_INVALID', 'invalid digest', { digest: reference });
  }
  if (!reference.includes(':') && !isValidTag(reference)) {
    return errorResponse(400, 'MANIFEST_INVALID', 'invalid reference', { reference });
  }
  const manifest = ctx.store.getManifest(ctx.repo ?? '', reference);
  if (manifest === undefined) {
    return errorResponse(404, 'MANIFEST_UNKNOWN', 'manifest unknown to registry', { reference });
  }
  return {
    status: 200,
    headers: {
      'content-type': manifest.mediaType,
      'docker-content-digest': manifest.digest,
      etag: `"${manifest.digest}"`,
    },
    body: manifest.bytes,
  };
}

/** end-9: `DELETE /v2/<name>/manifests/<reference>` (digest: manifest and its tags; tag: the tag only). */
export function handleManifestDelete(ctx: FakeRequestContext): FakeResponse {
  if (!ctx.options.deletes) {
    return errorResponse(405, 'UNSUPPORTED', 'the operation is unsupported');
  }
  const repo = ctx.repo ?? '';
  const reference = ctx.reference ?? '';
  if (!ctx.store.hasRepo(repo)) {
    return errorResponse(404, 'NAME_UNKNOWN', 'repository name not known to registry', { name: repo });
  }
  if (reference.includes(':')) {
    if (!isValidDigest(reference)) {
      return errorResponse(400, 'DIGEST_INVALID', 'invalid digest', { digest: reference });
    }
    return ctx.store.deleteManifest(repo, reference)
      ? emptyResponse(202)
      : errorResponse(404, 'MANIFEST_UNKNOWN', 'manifest unknown to registry', { digest: reference });
  }
  if (!ctx.options.tagDeletes) {
    return errorResponse(400, 'UNSUPPORTED', 'deleting a tag is unsupported; delete by digest');
  }
  return ctx.store.deleteTag(repo, reference)
    ? emptyResponse(202)
    : errorResponse(404, 'MANIFEST_UNKNOWN', 'manifest unknown to registry', { tag: reference });
}
