import type { Dispatcher } from 'undici';
import type { ResolvedTarget } from '../config/target.js';
import { Digester, hashAlgorithmOf } from '../oci/digest.js';
import { manifestAcceptTypes } from '../oci/media-types.js';
import { StaticAuthProvider, type AuthProvider } from './auth-provider.js';
import { closeWithin, createDispatcher } from './dispatcher.js';
import { appendQueryParam, resolveLocation } from './location.js';
import { pushBlob } from './push-blob.js';
import { prepareBody } from './request-body.js';
import { scopesFor } from './request-scopes.js';
import { createRegistryResponse } from './response-body.js';
import { sendRequest, type SendContext } from './send-request.js';
import { TrafficObservations, type ThrottlePolicy } from './traffic-observations.js';
import type { BlobDownload, RegistryClient, RegistryResponse, RequestOptions, TranscriptRecorder } from './types.js';

/** Options of {@link createRegistryClient}. */
export interface RegistryClientOptions {
  readonly target: ResolvedTarget;
  /** Where exchanges go; `withRecorder` gives a client with another one. */
  readonly recorder?: TranscriptRecorder;
  /** Auth plug-in; @default a `StaticAuthProvider` from `target.credentials` */
  readonly auth?: AuthProvider;
  /** Cap on buffered response bodies; larger ones are truncated. @default 8 MiB */
  readonly maxBufferedBodyBytes?: number;
  /** @default `regatta` */
  readonly userAgent?: string;
  /** A dispatcher to share (tests, or several clients on one pool); the client does not close one it was given. */
  readonly dispatcher?: Dispatcher;
  /** How 429s are waited out. @default defaultThrottlePolicy (3 tries, waits of at most 10 s) */
  readonly throttlePolicy?: ThrottlePolicy;
}

/** How long closing a pool the client made waits for requests still in flight before destroying them. */
const closeGraceMs = 2000;

/** Bodies above this size get idle timeouts only: their total time grows with their size. */
const DEADLINE_BODY_LIMIT_BYTES = 8 * 1024 * 1024;

/** Internal per-call options beyond the public ones. */
interface CallExtras {
  readonly extraScopes?: readonly string[];
  readonly sink?: (chunk: Uint8Array) => boolean | void;
}

/** Encodes the characters that would end or corrupt a path segment, and nothing else (checks send odd names on purpose). */
function pathPart(value: string): string {
  return value.replace(/[?#%\s]/g, (char) => encodeURIComponent(char));
}

/** Adds default headers unless the caller set the same header in any case. */
function withDefaultHeaders(options: RequestOptions, defaults: Record<string, string>): RequestOptions {
  const given = new Set(Object.keys(options.headers ?? {}).map((name) => name.toLowerCase()));
  const merged: Record<string, string> = {};
  for (const [name, value] of Object.entries(defaults)) {
    if (!given.has(name.toLowerCase())) {
      merged[name] = value;
    }
  }
  return { ...options, headers: { ...merged, ...options.headers } };
}

/** Appends optional query parameters in order, skipping undefined ones. */
function withQuery(path: string, params: ReadonlyArray<readonly [string, string | number | undefined]>): string {
  let out = path;
  for (const [name, value] of params) {
    if (value !== undefined) {
      out = appendQueryParam(out, name, String(value));
    }
  }
  return out;
}

/** State shared by a client and its `withRecorder` wrappers. */
interface Shared {
  readonly target: ResolvedTarget;
  readonly dispatcher: Dispatcher;
  readonly ownsDispatcher: boolean;
  readonly auth: AuthProvider;
  readonly staticSecrets: readonly string[];
  readonly maxBufferedBodyBytes: number;
  readonly userAgent: string;
  readonly observations: TrafficObservations;
  readonly throttlePolicy: ThrottlePolicy | undefined;
}

/** Builds one client view over shared state; `root` views own closing the pool. */
function buildClient(shared: Shared, recorder: TranscriptRecorder | undefined, root: boolean): RegistryClient {
  const baseUrl = shared.target.url.replace(/\/+$/, '');
  // One list while the auth provider's stays the same: every exchange redacts its transcript with it, and redaction
  // builds its pattern once per list, so a fresh copy per exchange would rebuild it each time.
  let combined: { readonly auth: readonly string[] | undefined; readonly list: readonly string[] } | undefined;
  const secrets = (): readonly string[] => {
    const auth = shared.auth.secrets?.();
    if (combined === undefined || combined.auth !== auth) {
      combined = { auth, list: [...shared.staticSecrets, ...(auth ?? [])] };
    }
    return combined.list;
  };
  const context: SendContext = {
    dispatcher: shared.dispatcher,
    recorder,
    secrets,
    maxBufferedBodyBytes: shared.maxBufferedBodyBytes,
    targetUrl: new URL(baseUrl),
    auth: shared.auth,
    allowPlainHttpCredentials: shared.target.tls.insecure,
    userAgent: shared.userAgent,
    observations: shared.observations,
    ...(shared.throttlePolicy === undefined ? {} : { throttlePolicy: shared.throttlePolicy }),
  };

  const send = async (method: string, pathOrUrl: string, options: RequestOptions = {}, extras: CallExtras = {}) => {
    const url = new URL(pathOrUrl, `${baseUrl}/`);
    const body = prepareBody(options.body);
    const big = body !== undefined && (body.length === undefined || body.length > DEADLINE_BODY_LIMIT_BYTES);
    const result = await sendRequest(context, {
      method,
      url,
      headers: options.headers,
      body,
      scopes: scopesFor(method, url, extras.extraScopes),
      timeoutMs: options.timeoutMs ?? shared.target.requestTimeoutMs,
      deadline: !big && extras.sink === undefined,
      followRedirects: options.followRedirects ?? true,
      signal: options.signal,
      sink: extras.sink,
    });
    return { ...result.response, method: result.method, url: result.url.toString(), redirects: result.redirects };
  };

  const request = async (method: string, pathOrUrl: string, options: RequestOptions = {}): Promise<RegistryResponse> =>
    createRegistryResponse(await send(method, pathOrUrl, options));

  const resolve = (location: string, base: string = baseUrl): string => resolveLocation(location, base);
  const repoPath = (repo: string, rest: string): string => `/v2/${pathPart(repo)}/${rest}`;
  const manifestPath = (repo: string, reference: string): string => repoPath(repo, `manifests/${pathPart(reference)}`);
  const blobPath = (repo: string, digest: string): string => repoPath(repo, `blobs/${pathPart(digest)}`);
  const acceptManifests = { accept: manifestAcceptTypes.join(', ') };

  const client: RegistryClient = {
    baseUrl,
    dispatcher: shared.dispatcher,
    withRecorder: (next) => buildClient(shared, next, false),
    request,
    ping: (options) => request('GET', '/v2/', options),
    headBlob: (repo, digest, options) => request('HEAD', blobPath(repo, digest), options),
    getBlob: (repo, digest, options) => request('GET', blobPath(repo, digest), options),
    downloadBlob: async (repo, digest, options = {}): Promise<BlobDownload> => {
      const digester = new Digester(hashAlgorithmOf(digest));
      const { maxBytes = Infinity, ...requestOptions } = options;
      const result = await send('GET', blobPath(repo, digest), requestOptions, {
        sink: (chunk) => {
          digester.update(chunk);
          return digester.bytes <= maxBytes;
        },
      });
      const { body: _body, ...response } = result;
      return { response, computedDigest: digester.digest(), bytes: digester.bytes, truncated: result.bodyTruncated };
    },
    startUpload: (repo, params = {}, options) => {
      const path = withQuery(repoPath(repo, 'blobs/uploads/'), [
        ['digest', params.digest],
        ['mount', params.mount],
        ['from', params.from],
        ['digest-algorithm', params.digestAlgorithm],
      ]);
      const extraScopes = params.from === undefined ? [] : [`repository:${params.from}:pull`];
      return send('POST', path, options, { extraScopes }).then(createRegistryResponse);
    },
    patchUpload: (location, options) => request('PATCH', resolve(location), options),
    putUpload: (location, digest, options) => request('PUT', appendQueryParam(resolve(location), 'digest', digest), options),
    getUploadStatus: (location, options) => request('GET', resolve(location), options),
    cancelUpload: (location, options) => request('DELETE', resolve(location), options),
    pushBlob: (repo, content, strategy) => pushBlob(client, shared.target, repo, content, strategy),
    deleteBlob: (repo, digest, options) => request('DELETE', blobPath(repo, digest), options),
    headManifest: (repo, reference, options = {}) =>
      request('HEAD', manifestPath(repo, reference), withDefaultHeaders(options, acceptManifests)),
    getManifest: (repo, reference, options = {}) =>
      request('GET', manifestPath(repo, reference), withDefaultHeaders(options, acceptManifests)),
    putManifest: (repo, reference, body, mediaType, options = {}) => {
      const { tags, ...rest } = options;
      const path = withQuery(manifestPath(repo, reference), (tags ?? []).map((tag) => ['tag', tag] as const));
      return request('PUT', path, withDefaultHeaders({ ...rest, body }, { 'content-type': mediaType }));
    },
    deleteManifest: (repo, reference, options) => request('DELETE', manifestPath(repo, reference), options),
    listTags: (repo, params = {}, options) =>
      request('GET', withQuery(repoPath(repo, 'tags/list'), [['n', params.n], ['last', params.last]]), options),
    catalog: (params = {}, options) =>
      request('GET', withQuery('/v2/_catalog', [['n', params.n], ['last', params.last]]), options),
    referrers: (repo, digest, params = {}, options) => {
      const path = repoPath(repo, `referrers/${pathPart(digest)}`);
      return request('GET', withQuery(path, [['artifactType', params.artifactType]]), options);
    },
    resolveLocation: resolve,
    observations: () => shared.observations,
    close: async () => {
      // Wrappers share the root's pool: only the root (and only for a pool it made) closes it.
      if (root && shared.ownsDispatcher) {
        // Requests nobody waits for any more (a check ended by Ctrl-C or a stalled target) must not hold the close.
        await closeWithin(shared.dispatcher, closeGraceMs);
      }
    },
  };
  return client;
}

/** Secrets of the target's own credentials, for redaction whatever auth provider is plugged in. */
function secretsOf(target: ResolvedTarget): string[] {
  const credentials = target.credentials;
  if (credentials.kind === 'basic') {
    return [credentials.password, Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')];
  }
  return credentials.kind === 'bearer' ? [credentials.token] : [];
}

/**
 * Creates the registry client of one target on undici: one method per distribution endpoint, non-2xx as data,
 * redirects followed by hand without leaking credentials, every exchange recorded redacted, bodies streamed.
 */
export function createRegistryClient(options: RegistryClientOptions): RegistryClient {
  const shared: Shared = {
    target: options.target,
    dispatcher: options.dispatcher ?? createDispatcher(options.target),
    ownsDispatcher: options.dispatcher === undefined,
    auth: options.auth ?? new StaticAuthProvider(options.target.credentials),
    staticSecrets: secretsOf(options.target),
    maxBufferedBodyBytes: options.maxBufferedBodyBytes ?? 8 * 1024 * 1024,
    userAgent: options.userAgent ?? 'regatta',
    observations: new TrafficObservations(),
    throttlePolicy: options.throttlePolicy,
  };
  return buildClient(shared, options.recorder, true);
}
