import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { FakeRegistryStore } from './fake-registry-store.js';

/**
 * Route names of the fake registry. Fault hooks key on them, so a test can break exactly one endpoint.
 * `unknown` is any path the fake does not serve; `method-not-allowed` a known path with the wrong method.
 */
export type FakeRoute =
  | 'ping'
  | 'catalog'
  | 'tags-list'
  | 'manifest-get'
  | 'manifest-head'
  | 'manifest-put'
  | 'manifest-delete'
  | 'blob-get'
  | 'blob-head'
  | 'blob-delete'
  | 'upload-start'
  | 'upload-patch'
  | 'upload-put'
  | 'upload-status'
  | 'upload-cancel'
  | 'referrers'
  | 'method-not-allowed'
  | 'unknown';

/** A response the fake is about to send. Handlers build it; `FaultHooks.rewrite` may change it before it is sent. */
export interface FakeResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** Sent on GET and friends; on HEAD only its length is announced (unless `content-length` is set). */
  body: Buffer;
}

/** What the fake knows about one request when it routes it. */
export interface FakeRequestContext {
  readonly route: FakeRoute;
  readonly method: string;
  /** Parsed request URL (path still percent-encoded; `repo` and `reference` are decoded). */
  readonly url: URL;
  readonly headers: IncomingHttpHeaders;
  /** The whole request body, buffered (the fake is for small test data). */
  readonly body: Buffer;
  /** Repository name from the path, when the route has one. */
  readonly repo?: string;
  /** Digest, tag or upload id from the path, when the route has one. */
  readonly reference?: string;
  readonly store: FakeRegistryStore;
  readonly options: ResolvedFakeRegistryOptions;
}

/**
 * Fault injection: break exactly one rule so a check can be shown to fail against it.
 *
 * @example Drop `Docker-Content-Digest` from blob HEAD only:
 * ```ts
 * startFakeRegistry({ faults: { rewrite: (res, ctx) => {
 *   if (ctx.route === 'blob-head') { delete res.headers['docker-content-digest']; }
 * } } });
 * ```
 * @example Answer every tag listing with a 500:
 * ```ts
 * startFakeRegistry({ faults: { routes: { 'tags-list': (_req, res) => { res.statusCode = 500; res.end(); return true; } } } });
 * ```
 */
export interface FaultHooks {
  /**
   * Runs before any route handler. Return true when the hook answered the request itself (it must then end `res`);
   * false lets the fake handle it normally. The request body is already read: use `ctx.body`.
   */
  before?(req: IncomingMessage, res: ServerResponse, ctx: FakeRequestContext): boolean | Promise<boolean>;
  /** Like `before`, but only for one route each. Runs after `before`. */
  routes?: Partial<
    Record<FakeRoute, (req: IncomingMessage, res: ServerResponse, ctx: FakeRequestContext) => boolean | Promise<boolean>>
  >;
  /**
   * Runs after the handler built its response (and after its state change), before sending. Mutate `response` in
   * place or return a replacement.
   */
  rewrite?(response: FakeResponse, ctx: FakeRequestContext): FakeResponse | undefined | void;
}

/** Options of {@link startFakeRegistry}. Defaults make a fully conformant registry with every optional API on. */
export interface FakeRegistryOptions {
  readonly faults?: FaultHooks;
  /** Manifest, tag and blob deletes allowed; false answers 405 `UNSUPPORTED`. @default true */
  readonly deletes?: boolean;
  /** Tag deletes allowed (when `deletes`); false answers 400 `UNSUPPORTED`. @default true */
  readonly tagDeletes?: boolean;
  /** `POST ?digest=` with a body completes the upload (201); false answers the 202 fallback. @default true */
  readonly singlePost?: boolean;
  /** `POST ?mount=&from=` mounts (201) when the blob is in `from`; false always fails open (202). @default true */
  readonly mount?: boolean;
  /** Referrers API served; false answers 404. @default true */
  readonly referrers?: boolean;
  /** `_catalog` served; false answers 404 `UNSUPPORTED`. @default true */
  readonly catalog?: boolean;
  /** Blobs and manifests addressed by sha512 digests are accepted; false answers 400 `DIGEST_INVALID`. @default true */
  readonly sha512?: boolean;
  /** Blob GET honours `Range` (206); false ignores it (200, no `Accept-Ranges`). @default true */
  readonly ranges?: boolean;
  /** Upload `Location`s carry a `_state` query parameter that later requests must echo. @default true */
  readonly uploadState?: boolean;
  /** Upload `Location`s are absolute URLs instead of paths. @default false */
  readonly absoluteLocations?: boolean;
  /** Sent as `OCI-Chunk-Min-Length` on upload POST when set. */
  readonly chunkMinLength?: number;
  /** Page size the catalog caps at when the client sends no `n`. @default 100 */
  readonly catalogPageSize?: number;
  /** Largest accepted manifest; larger → 413. @default 4 MiB */
  readonly maxManifestBytes?: number;
  /** Extra headers on every response (e.g. `Server`, for product detection tests). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** Options with defaults applied. */
export type ResolvedFakeRegistryOptions = Required<Omit<FakeRegistryOptions, 'faults' | 'chunkMinLength'>> &
  Pick<FakeRegistryOptions, 'faults' | 'chunkMinLength'>;

/** One request the fake received, in arrival order. */
export interface RecordedFakeRequest {
  readonly method: string;
  /** Path and query as sent. */
  readonly url: string;
  readonly route: FakeRoute;
  readonly headers: IncomingHttpHeaders;
  readonly bodyBytes: number;
  /** Status sent (undefined when a fault hook answered). */
  status?: number;
}

/** A running fake registry. */
export interface FakeRegistry {
  /** Base URL, `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string;
  /** Every request received so far, in order. */
  readonly requests: RecordedFakeRequest[];
  /** Its in-memory content: inspect or seed it from tests. */
  readonly store: FakeRegistryStore;
  /** Stops the server (closing idle keep-alive connections). */
  close(): Promise<void>;
}
