import { digestOf } from '../oci/digest.js';
import { MediaType } from '../oci/media-types.js';
import { StreamedBytes } from './request-body.js';
import type { BlobPushResult, RegistryClient, RegistryResponse, UploadStrategy } from './types.js';

/** Chunk limits known for the target (registry-quirks §2: ECR's 5 MiB minimum, GHCR's 4 MiB maximum). */
export interface ChunkLimits {
  readonly minChunkBytes?: number;
  readonly maxChunkBytes?: number;
}

/** The upload methods `pushBlob` drives: a subset of the client, so it runs through the client's auth and transcript. */
type UploadClient = Pick<RegistryClient, 'startUpload' | 'patchUpload' | 'putUpload'>;

const octetStream = { 'content-type': MediaType.octetStream };

/**
 * Chunk size for a chunked push: the requested size, raised to the registry's `OCI-Chunk-Min-Length` and the target's
 * known minimum, then capped by the target's known maximum (a hard limit wins over a soft one).
 */
export function chooseChunkBytes(requested: number, limits: ChunkLimits, chunkMinHeader: string | undefined): number {
  let size = Math.max(1, Math.floor(requested));
  const advertised = chunkMinHeader === undefined ? Number.NaN : Number(chunkMinHeader.trim());
  if (Number.isSafeInteger(advertised) && advertised > size) {
    size = advertised;
  }
  if (limits.minChunkBytes !== undefined && limits.minChunkBytes > size) {
    size = limits.minChunkBytes;
  }
  if (limits.maxChunkBytes !== undefined && limits.maxChunkBytes > 0 && limits.maxChunkBytes < size) {
    size = limits.maxChunkBytes;
  }
  return size;
}

/** The upload session URL of a response, or undefined when the registry sent none. */
function locationOf(response: RegistryResponse): string | undefined {
  return response.headers['location'];
}

/**
 * Pushes a whole blob with one of the four strategies (registry-quirks §2), following each response's `Location`
 * verbatim. Never throws on a non-2xx answer: it stops there and returns every response so far, the last as `final`.
 */
export async function pushBlob(
  client: UploadClient,
  limits: ChunkLimits,
  repo: string,
  content: Uint8Array,
  strategy: UploadStrategy = { kind: 'post-put' },
): Promise<BlobPushResult> {
  const digest = digestOf(content);
  const responses: RegistryResponse[] = [];
  const done = (final: RegistryResponse): BlobPushResult => ({ digest, bytes: content.byteLength, responses, final });
  const step = (response: RegistryResponse): RegistryResponse => {
    responses.push(response);
    return response;
  };

  if (strategy.kind === 'single-post') {
    const post = step(await client.startUpload(repo, { digest }, { body: content, headers: octetStream }));
    const location = locationOf(post);
    if (post.status !== 202 || location === undefined) {
      return done(post);
    }
    // The registry declined the single POST (end-4b allows it) and opened a session instead: finish with a PUT.
    const put = step(
      await client.putUpload(resolveAgainst(location, post.url), digest, { body: content, headers: octetStream }),
    );
    return done(put);
  }

  const post = step(await client.startUpload(repo));
  let location = locationOf(post);
  if (post.status !== 202 || location === undefined) {
    return done(post);
  }
  let base = post.url;

  if (strategy.kind === 'post-put') {
    const put = await client.putUpload(resolveAgainst(location, base), digest, { body: content, headers: octetStream });
    return done(step(put));
  }

  if (strategy.kind === 'streamed-patch') {
    const patch = step(
      await client.patchUpload(resolveAgainst(location, base), {
        body: new StreamedBytes(content),
        headers: octetStream,
      }),
    );
    if (patch.status < 200 || patch.status >= 300) {
      return done(patch);
    }
    location = locationOf(patch) ?? location;
    base = patch.url;
    return done(step(await client.putUpload(resolveAgainst(location, base), digest)));
  }

  const chunkBytes = chooseChunkBytes(strategy.chunkBytes, limits, post.headers['oci-chunk-min-length']);
  // Bounded by the blob size: each PATCH advances by at least one byte.
  for (let start = 0; start < content.byteLength; start += chunkBytes) {
    const chunk = content.subarray(start, Math.min(content.byteLength, start + chunkBytes));
    const end = start + chunk.byteLength - 1;
    const patch = step(
      await client.patchUpload(resolveAgainst(location, base), {
        body: chunk,
        headers: { ...octetStream, 'content-range': `${start}-${end}` },
      }),
    );
    // 202 per spec; ECR answers intermediate chunks with 201, which is still progress.
    if (patch.status < 200 || patch.status >= 300) {
      return done(patch);
    }
    location = locationOf(patch) ?? location;
    base = patch.url;
  }
  return done(step(await client.putUpload(resolveAgainst(location, base), digest)));
}

/** Resolves a Location against the URL of the response that carried it (it may be relative). */
function resolveAgainst(location: string, base: string): string {
  return new URL(location, base).toString();
}
