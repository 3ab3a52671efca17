import { Agent, createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { forward, readBodyUpTo } from './http-proxy.js';
import { ManifestReferences } from './manifest-references.js';
import { mimicClouds, type MimicCloud, type MimicCloudRecord, type ThrottleRule } from './mimic-clouds.js';
import { namingProblem, owningRepository, parseRepositoryPath, RequestBudget, type RepositoryPath } from './mimic-routes.js';
import { handleStorageRequest, storagePath } from './mimic-storage.js';
import { UrlSigner } from './signed-url.js';
import { holdIdleConnections } from '../idle-connections.js';

/** Options of {@link startMimicFront}. */
export interface MimicFrontOptions {
  readonly cloud: MimicCloud;
  /** The real lab registry behind the front, `http://127.0.0.1:<port>`. */
  readonly upstream: string;
  /** Front port on 127.0.0.1. @default a free one */
  readonly port?: number;
  /** Storage origin port on 127.0.0.1. @default a free one */
  readonly storagePort?: number;
  /** Overrides the cloud's request budget (tests and `lab up --mimic-budget`). */
  readonly budget?: Pick<ThrottleRule, 'requests' | 'windowSeconds'>;
  /** Overrides the signed URL lifetime, in seconds. */
  readonly signedUrlTtlSeconds?: number;
  /** Clock in ms (tests). @default Date.now */
  readonly now?: () => number;
  /** Receives every recorded request as it ends (the process entry appends them to a file). */
  readonly onRequest?: (entry: MimicRequest) => void;
}

/** One request the front or its storage origin answered. */
export interface MimicRequest {
  /** `front`: the registry API; `storage`: the signed-URL origin. */
  readonly origin: 'front' | 'storage';
  readonly method: string;
  /** Path only: the query (upload `_state`, signatures) is never recorded. */
  readonly path: string;
  /** True when the request carried an Authorization header (its value is never recorded). */
  readonly authorization: boolean;
  readonly status: number;
}

/** A running mimic front. */
export interface MimicFront {
  readonly cloud: MimicCloud;
  /** Registry API: `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Storage origin that blob GETs redirect to. */
  readonly storageUrl: string;
  /** Every request so far, in order of completion. */
  requests(): readonly MimicRequest[];
  stop(): Promise<void>;
}

/** Control path: `POST|DELETE /_mimic/repositories/<name>` creates or forgets a repository (the hooks' call). */
export const controlRepositoriesPath = '/_mimic/repositories/';

/** Largest manifest body the front reads to track references (registries cap manifests at about 4 MiB). */
const maxTrackedManifestBytes = 16 * 1024 * 1024;

/** Upload sessions remembered for ECR's part-size rule; older ones are forgotten past this many. */
const maxTrackedUploads = 10_000;

/** A registry error body (the spec's `errors` array). */
function registryError(response: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  const body = JSON.stringify({ errors: [{ code, message, detail: null }] });
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers });
  response.end(body);
}

/** Answers early without reading a request body: the rest is drained so the connection stays usable. */
function answerEarly(request: IncomingMessage, answer: () => void): void {
  answer();
  request.resume();
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1' }, () => resolve((server.address() as AddressInfo).port));
  });
}

/** True when a request says it carries a body. */
function hasBody(request: IncomingMessage): boolean {
  const length = Number(request.headers['content-length'] ?? '0');
  return length > 0 || request.headers['transfer-encoding'] !== undefined;
}

/** The upload session id of `blobs/uploads/<id>`, or undefined. */
function uploadIdOf(path: RepositoryPath): string | undefined {
  const match = /^uploads\/([^/]+)$/.exec(path.rest);
  return path.kind === 'blobs' && match !== null ? match[1] : undefined;
}

/**
 * Starts a mimic front: an HTTP server before a real lab registry that behaves as the cloud's record says (naming,
 * repositories that must exist, blob redirects to signed URLs on a second origin, a request budget, no catalog,
 * refused deletes, chunk limits), and passes everything else through unchanged.
 */
export async function startMimicFront(options: MimicFrontOptions): Promise<MimicFront> {
  const record: MimicCloudRecord = mimicClouds[options.cloud];
  const now = options.now ?? Date.now;
  const upstream = new URL(options.upstream);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const signer = new UrlSigner();
  const throttle = { ...record.throttle.value, ...options.budget };
  const budget = new RequestBudget(throttle);
  const redirect = record.redirect === undefined ? undefined : { ...record.redirect.value, ...(options.signedUrlTtlSeconds === undefined ? {} : { ttlSeconds: options.signedUrlTtlSeconds }) };
  const repositories = new Set<string>();
  const smallPartUploads = new Map<string, boolean>();
  const references = record.referencedDeleteForbidden === undefined ? undefined : new ManifestReferences();
  const log: MimicRequest[] = [];
  let storageUrl = '';

  const recordOn = (origin: MimicRequest['origin'], request: IncomingMessage, response: ServerResponse): void => {
    response.on('finish', () => {
      const entry: MimicRequest = {
        origin,
        method: request.method ?? '',
        path: new URL(request.url ?? '/', 'http://mimic.invalid').pathname,
        authorization: request.headers.authorization !== undefined,
        status: response.statusCode,
      };
      log.push(entry);
      options.onRequest?.(entry);
    });
  };

  const control = (request: IncomingMessage, response: ServerResponse, pathname: string): void => {
    if (pathname === '/_mimic') {
      answerEarly(request, () => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ ...record, storageUrl }, null, 2));
      });
      return;
    }
    if (pathname === '/_mimic/token') {
      // Docker Hub's catalog challenge names a token service; any client gets a token, and the catalog still answers 401.
      answerEarly(request, () => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ token: 'mimic-anonymous', access_token: 'mimic-anonymous', expires_in: 300 }));
      });
      return;
    }
    if (pathname === '/_mimic/requests') {
      answerEarly(request, () => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(log));
      });
      return;
    }
    const name = decodeURIComponent(pathname.slice(controlRepositoriesPath.length));
    const problem = namingProblem(name, record.naming.value);
    answerEarly(request, () => {
      if (!pathname.startsWith(controlRepositoriesPath) || name === '') {
        registryError(response, 404, 'NOT_FOUND', `no mimic control endpoint ${pathname}`);
      } else if (problem !== undefined) {
        registryError(response, 400, 'NAME_INVALID', problem);
      } else if (request.method === 'POST' || request.method === 'PUT') {
        repositories.add(owningRepository(name, record.mustExist?.value.prefixSegments));
        response.writeHead(201, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ repository: name }));
      } else if (request.method === 'DELETE') {
        repositories.delete(owningRepository(name, record.mustExist?.value.prefixSegments));
        response.writeHead(204).end();
      } else {
        registryError(response, 405, 'UNSUPPORTED', 'use POST to create a repository, DELETE to forget it');
      }
    });
  };

  /** The cloud's rules for a request naming a repository; true when one of them answered it. */
  const refuse = (request: IncomingMessage, response: ServerResponse, path: RepositoryPath): boolean => {
    const problem = namingProblem(path.name, record.naming.value);
    if (problem !== undefined) {
      answerEarly(request, () => registryError(response, 400, 'NAME_INVALID', problem));
      return true;
    }
    if (record.mustExist !== undefined && !repositories.has(owningRepository(path.name, record.mustExist.value.prefixSegments))) {
      const missing = owningRepository(path.name, record.mustExist.value.prefixSegments);
      answerEarly(request, () => registryError(response, 404, 'NAME_UNKNOWN', `repository ${missing} does not exist; create it first`));
      return true;
    }
    const refused = record.deleteRefused?.value;
    if (request.method === 'DELETE' && refused !== undefined && uploadIdOf(path) === undefined) {
      const byDigest = path.rest.includes(':');
      const denied = path.kind === 'manifests' ? (byDigest ? refused.manifestByDigest : refused.manifestByTag) : path.kind === 'blobs' && refused.blob;
      if (denied) {
        answerEarly(request, () => registryError(response, 405, 'UNSUPPORTED', 'this delete is not supported by the registry API'));
        return true;
      }
    }
    const holder = request.method === 'DELETE' && path.kind === 'manifests' ? references?.holderOf(path.name, path.rest) : undefined;
    if (holder !== undefined) {
      answerEarly(request, () => registryError(response, 403, 'DENIED', `the manifest is still referenced (${holder}); only untagged, unreferenced manifests can be deleted`));
      return true;
    }
    return false;
  };

  /** A manifest PUT or DELETE forwarded with its outcome recorded in `tracked` (Docker Hub's delete rule). */
  const trackManifest = async (request: IncomingMessage, response: ServerResponse, path: RepositoryPath, tracked: ManifestReferences): Promise<void> => {
    if (request.method === 'DELETE') {
      forward(request, response, { upstream, agent, onUpstreamResponse: (status) => status === 202 && tracked.recordDelete(path.name, path.rest) });
      return;
    }
    const body = await readBodyUpTo(request, maxTrackedManifestBytes);
    if (body === undefined) {
      registryError(response, 400, 'MANIFEST_INVALID', `the mimic reads manifests up to ${maxTrackedManifestBytes} bytes`);
      return;
    }
    forward(request, response, { upstream, agent, body, onUpstreamResponse: (status) => status === 201 && tracked.recordPush(path.name, path.rest, body) });
  };

  /** A blob GET: 307 to a signed storage URL when the registry has the blob; its own answer (404) otherwise. */
  const redirectBlob = (request: IncomingMessage, response: ServerResponse, path: RepositoryPath, ttlSeconds: number, status: number): void => {
    const probe = httpRequest({ host: upstream.hostname, port: upstream.port, method: 'HEAD', path: request.url, headers: { host: request.headers.host ?? upstream.host }, agent });
    probe.on('response', (answer) => {
      answer.resume();
      if (answer.statusCode !== 200) {
        forward(request, response, { upstream, agent });
        return;
      }
      const digest = answer.headers['docker-content-digest'];
      const location = `${storageUrl}${signer.sign(storagePath(path.name, path.rest), ttlSeconds, now())}`;
      answerEarly(request, () => {
        response.writeHead(status, { location, 'content-length': '0', ...(typeof digest === 'string' ? { 'docker-content-digest': digest } : {}) });
        response.end();
      });
    });
    probe.on('error', () => forward(request, response, { upstream, agent }));
    probe.end();
  };

  const patchWithin = async (request: IncomingMessage, response: ServerResponse, maxBytes: number): Promise<void> => {
    const body = await readBodyUpTo(request, maxBytes);
    if (body === undefined) {
      const megabytes = (maxBytes / 1024 / 1024).toFixed(2);
      registryError(response, 416, 'REQUESTED_RANGE_NOT_SATISFIABLE', `request body is too large: the limit is ${megabytes}MiB`);
      return;
    }
    forward(request, response, { upstream, agent, body });
  };

  const upload = (request: IncomingMessage, response: ServerResponse, uploadId: string, minPartBytes: number): void => {
    const partBearing = request.method === 'PATCH' || (request.method === 'PUT' && hasBody(request));
    if (partBearing && smallPartUploads.get(uploadId) === true) {
      answerEarly(request, () =>
        registryError(response, 400, 'BLOB_UPLOAD_INVALID', 'LayerPartTooSmallException: All layer parts except the last part should be at least 5MB'),
      );
      return;
    }
    forward(request, response, {
      upstream,
      agent,
      onUpstreamResponse: (status, sentBytes) => {
        if (request.method === 'PATCH' && status >= 200 && status < 300) {
          if (smallPartUploads.size >= maxTrackedUploads) {
            smallPartUploads.delete(smallPartUploads.keys().next().value as string);
          }
          smallPartUploads.set(uploadId, sentBytes < minPartBytes);
        }
      },
    });
  };

  const front = holdIdleConnections(createServer((request, response) => {
    recordOn('front', request, response);
    const pathname = new URL(request.url ?? '/', 'http://mimic.invalid').pathname;
    if (pathname.startsWith('/_mimic')) {
      control(request, response, pathname);
      return;
    }
    if (pathname.startsWith('/v2')) {
      const verdict = budget.take(now());
      if (!verdict.allowed) {
        const limit = throttle.rateLimitHeaders ? { 'ratelimit-limit': `${throttle.requests};w=${throttle.windowSeconds}`, 'ratelimit-remaining': `0;w=${throttle.windowSeconds}` } : {};
        answerEarly(request, () =>
          registryError(response, 429, 'TOOMANYREQUESTS', throttle.message, { 'retry-after': String(verdict.retryAfterSeconds), ...limit }),
        );
        return;
      }
      if (throttle.rateLimitHeaders) {
        response.setHeader('ratelimit-limit', `${throttle.requests};w=${throttle.windowSeconds}`);
        response.setHeader('ratelimit-remaining', `${verdict.remaining};w=${throttle.windowSeconds}`);
      }
    }
    if ((pathname === '/v2/_catalog' || pathname === '/v2/_catalog/') && record.noCatalog !== undefined) {
      const status = record.noCatalog.value;
      answerEarly(request, () =>
        status === 401
          ? registryError(response, 401, 'UNAUTHORIZED', 'authentication required', {
              'www-authenticate': `Bearer realm="http://${request.headers.host ?? '127.0.0.1'}/_mimic/token",service="mimic",scope="registry:catalog:*"`,
            })
          : registryError(response, 404, 'UNSUPPORTED', 'the catalog API is not offered'),
      );
      return;
    }
    const path = parseRepositoryPath(pathname);
    if (path === undefined) {
      forward(request, response, { upstream, agent });
      return;
    }
    if (refuse(request, response, path)) {
      return;
    }
    const uploadId = uploadIdOf(path);
    const chunks = record.chunks?.value;
    if (references !== undefined && path.kind === 'manifests' && (request.method === 'PUT' || request.method === 'DELETE')) {
      void trackManifest(request, response, path, references);
    } else if (request.method === 'GET' && path.kind === 'blobs' && uploadId === undefined && path.rest.includes(':') && redirect !== undefined) {
      redirectBlob(request, response, path, redirect.ttlSeconds, redirect.status);
    } else if (request.method === 'PATCH' && uploadId !== undefined && chunks?.maxPatchBytes !== undefined && request.headers['content-range'] !== undefined) {
      // Only a chunk (Content-Range) is capped: a streamed PATCH of a whole layer is how docker push works there.
      void patchWithin(request, response, chunks.maxPatchBytes);
    } else if (uploadId !== undefined && chunks?.minPartBytes !== undefined) {
      upload(request, response, uploadId, chunks.minPartBytes);
    } else {
      forward(request, response, { upstream, agent });
    }
  }));
  const storage = holdIdleConnections(createServer((request, response) => {
    recordOn('storage', request, response);
    if (redirect === undefined) {
      answerEarly(request, () => registryError(response, 404, 'NOT_FOUND', 'this mimic does not redirect'));
      return;
    }
    handleStorageRequest(request, response, { rule: redirect, signer, upstream, agent, now });
  }));
  const frontPort = await listen(front, options.port ?? 0);
  const storagePort = await listen(storage, options.storagePort ?? 0).catch((error: unknown) => {
    front.close();
    throw error;
  });
  storageUrl = `http://127.0.0.1:${storagePort}`;
  const close = (server: Server): Promise<void> =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return {
    cloud: options.cloud,
    url: `http://127.0.0.1:${frontPort}`,
    storageUrl,
    requests: () => [...log],
    async stop() {
      await Promise.all([close(front), close(storage)]);
      agent.destroy();
    },
  };
}
