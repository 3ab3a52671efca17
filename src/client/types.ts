import type { TrafficObservations } from './traffic-observations.js';
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { Exchange } from '../model/index.js';

/**
 * A response from the registry. Non-2xx responses are data, not exceptions: only network failures and timeouts throw
 * (`NetworkError`, `TimeoutError`).
 */
export interface RegistryResponse {
  readonly status: number;
  /** Lower-cased header names; repeated headers joined with `, ` (RFC 9110 list syntax). */
  readonly headers: Readonly<Record<string, string>>;
  /** The buffered body (bounded by `maxBufferedBodyBytes`; larger bodies are truncated and `bodyTruncated` set). */
  readonly body: Uint8Array;
  readonly bodyTruncated: boolean;
  /** HTTP method of the request, so a failure can name the request that showed it. */
  readonly method: string;
  /** The URL of the final hop, after redirects. */
  readonly url: string;
  /** URLs of the redirect hops followed, in order (redacted). */
  readonly redirects: readonly string[];
  /** Parsed body as JSON, or undefined when it is not JSON. */
  json(): unknown;
  /** Body as UTF-8 text. */
  text(): string;
}

/** A request body: bytes in memory or a stream (streamed, never buffered whole). */
export type RequestBody = Uint8Array | string | Readable | AsyncIterable<Uint8Array>;

/** Options accepted by every request. */
export interface RequestOptions {
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: RequestBody;
  /** Overrides the target's per-request timeout. */
  readonly timeoutMs?: number;
  /** Follow 301/302/303/307/308 (default true). `Authorization` is dropped on a hop to another host. */
  readonly followRedirects?: boolean;
  readonly signal?: AbortSignal;
}

/** Receives every exchange (each redirect hop separately), already redacted. */
export interface TranscriptRecorder {
  record(exchange: Exchange): void;
}

/** Result of streaming a blob down: counted and hashed on the fly, never held whole in memory. */
export interface BlobDownload {
  readonly response: Omit<RegistryResponse, 'body' | 'json' | 'text'>;
  /** Digest of the bytes received, computed with the algorithm of the requested digest. */
  readonly computedDigest: string;
  readonly bytes: number;
  /** True when the read stopped at `maxBytes` before the body ended (the registry sent more than asked for). */
  readonly truncated: boolean;
}

/** How to push a blob (registry-quirks §2: four strategies, all verified by digest afterwards). */
export type UploadStrategy =
  /** POST, then one PUT with the whole body. */
  | { readonly kind: 'post-put' }
  /** One POST `?digest=` carrying the body (end-4b); falls back to PUT on 202. */
  | { readonly kind: 'single-post' }
  /** POST, one PATCH without Content-Range (streamed), then PUT. */
  | { readonly kind: 'streamed-patch' }
  /** POST, PATCHes of `chunkBytes` with `Content-Range: start-end`, then PUT. */
  | { readonly kind: 'chunked'; readonly chunkBytes: number };

/** Outcome of a whole blob push: every response along the way, for checks to inspect. */
export interface BlobPushResult {
  readonly digest: string;
  readonly bytes: number;
  /** Responses in order: POST, PATCH…, PUT. */
  readonly responses: readonly RegistryResponse[];
  /** The final response (201 on success). */
  readonly final: RegistryResponse;
}

/**
 * One method per distribution endpoint (distribution-spec §1). Paths are built from `repo` and references; upload
 * methods take the `Location` returned by the registry verbatim (it may be relative, absolute, on another host, and
 * carry critical query parameters).
 */
export interface RegistryClient {
  /** Base URL of the target. */
  readonly baseUrl: string;
  /**
   * The connection pool the client sends on (its target session's agent, with the target's TLS context): raw requests
   * off the client's auth path, such as the auth suite's token requests, reuse it. Absent on test doubles.
   */
  readonly dispatcher?: Dispatcher;
  /** A client sharing this one's connections and auth, whose exchanges go to `recorder`. */
  withRecorder(recorder: TranscriptRecorder): RegistryClient;
  /** Any request, for checks that need an unusual one. `pathOrUrl` is `/v2/...` or an absolute URL. */
  request(method: string, pathOrUrl: string, options?: RequestOptions): Promise<RegistryResponse>;
  /** end-1: `GET /v2/`. */
  ping(options?: RequestOptions): Promise<RegistryResponse>;
  /** end-2: `HEAD /v2/<repo>/blobs/<digest>`. */
  headBlob(repo: string, digest: string, options?: RequestOptions): Promise<RegistryResponse>;
  /** end-2: `GET /v2/<repo>/blobs/<digest>`, buffered (small blobs, error bodies). Set `Range` via headers. */
  getBlob(repo: string, digest: string, options?: RequestOptions): Promise<RegistryResponse>;
  /** end-2: streams the blob and hashes it on the fly; the body is discarded after hashing. */
  downloadBlob(repo: string, digest: string, options?: RequestOptions & { readonly maxBytes?: number }): Promise<BlobDownload>;
  /** end-4a/4b/11: `POST /v2/<repo>/blobs/uploads/` with optional `digest`, `mount`, `from`, `digest-algorithm`. */
  startUpload(
    repo: string,
    params?: { readonly digest?: string; readonly mount?: string; readonly from?: string; readonly digestAlgorithm?: string },
    options?: RequestOptions,
  ): Promise<RegistryResponse>;
  /** end-5: `PATCH <location>`; pass `Content-Range` / `Content-Type` in headers when wanted. */
  patchUpload(location: string, options?: RequestOptions): Promise<RegistryResponse>;
  /** end-6: `PUT <location>?digest=<digest>` (appended to the location's own query). */
  putUpload(location: string, digest: string, options?: RequestOptions): Promise<RegistryResponse>;
  /** end-13: `GET <location>` (upload status). */
  getUploadStatus(location: string, options?: RequestOptions): Promise<RegistryResponse>;
  /** end-14: `DELETE <location>` (cancel upload). */
  cancelUpload(location: string, options?: RequestOptions): Promise<RegistryResponse>;
  /** High level: push a whole blob with a strategy; does not throw on non-2xx (inspect `final`). */
  pushBlob(repo: string, content: Uint8Array, strategy?: UploadStrategy): Promise<BlobPushResult>;
  /** end-10: `DELETE /v2/<repo>/blobs/<digest>`. */
  deleteBlob(repo: string, digest: string, options?: RequestOptions): Promise<RegistryResponse>;
  /** end-3: `HEAD /v2/<repo>/manifests/<reference>`, with `Accept` for every known manifest type by default. */
  headManifest(repo: string, reference: string, options?: RequestOptions): Promise<RegistryResponse>;
  /** end-3: `GET /v2/<repo>/manifests/<reference>`. */
  getManifest(repo: string, reference: string, options?: RequestOptions): Promise<RegistryResponse>;
  /** end-7: `PUT /v2/<repo>/manifests/<reference>` with `Content-Type: mediaType`; `tags` adds `?tag=` (end-7b). */
  putManifest(
    repo: string,
    reference: string,
    body: Uint8Array | string,
    mediaType: string,
    options?: RequestOptions & { readonly tags?: readonly string[] },
  ): Promise<RegistryResponse>;
  /** end-9: `DELETE /v2/<repo>/manifests/<reference>`. */
  deleteManifest(repo: string, reference: string, options?: RequestOptions): Promise<RegistryResponse>;
  /** end-8a/8b: `GET /v2/<repo>/tags/list[?n=&last=]`. */
  listTags(
    repo: string,
    params?: { readonly n?: number; readonly last?: string },
    options?: RequestOptions,
  ): Promise<RegistryResponse>;
  /** `GET /v2/_catalog[?n=&last=]` (Docker V2, not OCI). */
  catalog(params?: { readonly n?: number; readonly last?: string }, options?: RequestOptions): Promise<RegistryResponse>;
  /** end-12: `GET /v2/<repo>/referrers/<digest>[?artifactType=]`. */
  referrers(
    repo: string,
    digest: string,
    params?: { readonly artifactType?: string },
    options?: RequestOptions,
  ): Promise<RegistryResponse>;
  /** Resolves a `Location` header (relative or absolute) against the URL it came from. */
  resolveLocation(location: string, base?: string): string;
  /**
   * The 429s and `Warning` headers of every request through this client and its views (absent on test doubles). The
   * client waits out a 429 within its throttle policy and counts it here.
   */
  observations?(): TrafficObservations;
  /** Closes the connection pool. */
  close(): Promise<void>;
}
