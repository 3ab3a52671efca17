import type {
  BlobDownload,
  BlobPushResult,
  RegistryClient,
  RegistryResponse,
  RequestBody,
  RequestOptions,
  TranscriptRecorder,
  UploadStrategy,
} from '../../client/types.js';
import { NetworkError, TimeoutError } from '../../errors/index.js';
import { digestOf } from '../../oci/digest.js';
import { manifestAcceptTypes } from '../../oci/media-types.js';

/** Bytes of a request body that is already in memory; streams are not supported by this small client. */
function bytesOf(body: RequestBody | undefined): Uint8Array | string | undefined {
  if (body === undefined || typeof body === 'string' || body instanceof Uint8Array) {
    return body;
  }
  throw new Error('fetch-client: streamed bodies are not supported');
}

/** Builds a RegistryResponse from buffered parts. */
function toResponse(status: number, headers: Headers, body: Uint8Array, url: string): RegistryResponse {
  const record: Record<string, string> = {};
  headers.forEach((value, name) => {
    record[name] = value;
  });
  const text = (): string => Buffer.from(body).toString('utf8');
  return {
    status,
    headers: record,
    body,
    bodyTruncated: false,
    url,
    redirects: [],
    text,
    json: () => {
      try {
        return JSON.parse(text()) as unknown;
      } catch {
        return undefined;
      }
    },
  };
}

/**
 * A small buffered `RegistryClient` on global `fetch`, for unit tests of the runner against the fake registry. It
 * records exchanges, wraps transport failures in `NetworkError`, and supports every endpoint, but none of the real
 * client's streaming, redirect policy or redaction.
 */
export function createFetchClient(baseUrl: string, recorder?: TranscriptRecorder): RegistryClient {
  const resolveLocation = (location: string, base: string = baseUrl): string => new URL(location, base).toString();

  const request = async (method: string, pathOrUrl: string, options: RequestOptions = {}): Promise<RegistryResponse> => {
    const url = resolveLocation(pathOrUrl);
    const startedAt = new Date();
    const body = bytesOf(options.body);
    const timeoutMs = options.timeoutMs ?? 10_000;
    const signals = [AbortSignal.timeout(timeoutMs), ...(options.signal === undefined ? [] : [options.signal])];
    try {
      const response = await fetch(url, {
        method,
        headers: { ...options.headers },
        ...(body === undefined ? {} : { body }),
        signal: AbortSignal.any(signals),
      });
      const bytes = new Uint8Array(await response.arrayBuffer());
      const result = toResponse(response.status, response.headers, bytes, url);
      recorder?.record({
        request: { method, url, headers: { ...options.headers }, bodyBytes: body === undefined ? 0 : Buffer.byteLength(body) },
        response: { status: result.status, headers: result.headers, bodyBytes: bytes.length, bodyExcerpt: result.text().slice(0, 512) },
        startedAt: startedAt.toISOString(),
        durationMs: Date.now() - startedAt.getTime(),
      });
      return result;
    } catch (error) {
      recorder?.record({
        request: { method, url, headers: { ...options.headers } },
        error: error instanceof Error ? error.message : String(error),
        startedAt: startedAt.toISOString(),
        durationMs: Date.now() - startedAt.getTime(),
      });
      if (error instanceof Error && error.name === 'TimeoutError') {
        throw new TimeoutError(`${method} ${url} timed out after ${timeoutMs} ms`, timeoutMs, { cause: error });
      }
      const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
      throw new NetworkError(`${method} ${url} failed${cause}`, { cause: error, request: `${method} ${url}` });
    }
  };

  const withQuery = (path: string, params: Record<string, string | number | undefined>): string => {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
      if (value !== undefined) {
        query.append(key, String(value));
      }
    }
    const text = query.toString();
    return text === '' ? path : `${path}?${text}`;
  };

  const appendDigest = (location: string, digest: string): string => {
    const url = new URL(resolveLocation(location));
    url.searchParams.append('digest', digest);
    return url.toString();
  };

  const octet = { 'content-type': 'application/octet-stream' };

  /** Pushes a blob with one of the four strategies; stops at the first unexpected status. */
  const pushBlob = async (repo: string, content: Uint8Array, strategy: UploadStrategy = { kind: 'post-put' }): Promise<BlobPushResult> => {
    const digest = digestOf(content);
    const responses: RegistryResponse[] = [];
    const done = (final: RegistryResponse): BlobPushResult => ({ digest, bytes: content.length, responses, final });
    const single = strategy.kind === 'single-post';
    const post = await request('POST', single ? `/v2/${repo}/blobs/uploads/?digest=${digest}` : `/v2/${repo}/blobs/uploads/`, {
      ...(single ? { body: content, headers: octet } : {}),
    });
    responses.push(post);
    let location = post.headers['location'];
    if (post.status !== 202 || location === undefined) {
      return done(post);
    }
    let rest = content;
    if (strategy.kind === 'streamed-patch' || strategy.kind === 'chunked') {
      const size = strategy.kind === 'chunked' ? Math.max(1, strategy.chunkBytes) : content.length;
      for (let offset = 0; offset < content.length; offset += size) {
        const chunk = content.subarray(offset, offset + size);
        const headers: Record<string, string> = { ...octet };
        if (strategy.kind === 'chunked') {
          headers['content-range'] = `${offset}-${offset + chunk.length - 1}`;
        }
        const patch = await request('PATCH', resolveLocation(location, post.url), { body: chunk, headers });
        responses.push(patch);
        location = patch.headers['location'] ?? location;
        if (patch.status !== 202) {
          return done(patch);
        }
      }
      rest = new Uint8Array(0);
    }
    const put = await request('PUT', appendDigest(location, digest), { body: rest, headers: octet });
    responses.push(put);
    return done(put);
  };

  const client: RegistryClient = {
    baseUrl,
    withRecorder: (next) => createFetchClient(baseUrl, next),
    request,
    ping: (options) => request('GET', '/v2/', options),
    headBlob: (repo, digest, options) => request('HEAD', `/v2/${repo}/blobs/${digest}`, options),
    getBlob: (repo, digest, options) => request('GET', `/v2/${repo}/blobs/${digest}`, options),
    downloadBlob: async (repo, digest, options): Promise<BlobDownload> => {
      const response = await request('GET', `/v2/${repo}/blobs/${digest}`, options);
      return { response, computedDigest: digestOf(response.body), bytes: response.body.length };
    },
    startUpload: (repo, params = {}, options) =>
      request(
        'POST',
        withQuery(`/v2/${repo}/blobs/uploads/`, {
          digest: params.digest,
          mount: params.mount,
          from: params.from,
          'digest-algorithm': params.digestAlgorithm,
        }),
        options,
      ),
    patchUpload: (location, options) => request('PATCH', location, options),
    putUpload: (location, digest, options) => request('PUT', appendDigest(location, digest), options),
    getUploadStatus: (location, options) => request('GET', location, options),
    cancelUpload: (location, options) => request('DELETE', location, options),
    pushBlob,
    deleteBlob: (repo, digest, options) => request('DELETE', `/v2/${repo}/blobs/${digest}`, options),
    headManifest: (repo, reference, options) =>
      request('HEAD', `/v2/${repo}/manifests/${reference}`, {
        ...options,
        headers: { accept: manifestAcceptTypes.join(', '), ...options?.headers },
      }),
    getManifest: (repo, reference, options) =>
      request('GET', `/v2/${repo}/manifests/${reference}`, {
        ...options,
        headers: { accept: manifestAcceptTypes.join(', '), ...options?.headers },
      }),
    putManifest: (repo, reference, body, mediaType, options) => {
      const query = new URLSearchParams();
      for (const tag of options?.tags ?? []) {
        query.append('tag', tag);
      }
      const suffix = query.toString() === '' ? '' : `?${query.toString()}`;
      return request('PUT', `/v2/${repo}/manifests/${reference}${suffix}`, {
        ...options,
        body,
        headers: { 'content-type': mediaType, ...options?.headers },
      });
    },
    deleteManifest: (repo, reference, options) => request('DELETE', `/v2/${repo}/manifests/${reference}`, options),
    listTags: (repo, params = {}, options) => request('GET', withQuery(`/v2/${repo}/tags/list`, { ...params }), options),
    catalog: (params = {}, options) => request('GET', withQuery('/v2/_catalog', { ...params }), options),
    referrers: (repo, digest, params = {}, options) =>
      request('GET', withQuery(`/v2/${repo}/referrers/${digest}`, { ...params }), options),
    resolveLocation,
    close: () => Promise.resolve(),
  };
  return client;
}
