/**
 * A conformant in-memory OCI registry on `node:http` (127.0.0.1, port 0), for unit tests of the client, the runner
 * and every suite. With default options it keeps every rule of the distribution spec that regatta checks, so every
 * suite passes against it; `faults` break exactly one rule so a check can be shown to fail.
 *
 * Behaviour worth knowing when writing checks against it:
 * - upload `Location`s are relative paths carrying `?_state=` (required on later requests) unless options say otherwise;
 * - upload `Range` is `0-<last byte>` (`0-0` when empty); PATCH with `Content-Range` must start at the current size
 *   and match the body length, else 416 (with `Location` and `Range`);
 * - manifest push validates JSON, `schemaVersion: 2`, `mediaType` vs Content-Type, and that config/layers (image) or
 *   child manifests (index) exist in the repository (else 400 `MANIFEST_BLOB_UNKNOWN`); `subject` may dangle;
 * - missing blob → 404 `BLOB_UNKNOWN`, missing manifest → 404 `MANIFEST_UNKNOWN` (even in an unknown repository),
 *   tags of an unknown repository → 404 `NAME_UNKNOWN`, referrers of anything → 200;
 * - tags and catalog are ASCII-sorted; unknown paths under `/v2/` → 404 `text/plain`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isValidRepositoryName } from '../../oci/names.js';
import { handleBlobDelete, handleBlobGet } from './fake-registry-blobs.js';
import { handleCatalog, handleReferrers, handleTagsList } from './fake-registry-listings.js';
import { handleManifestDelete, handleManifestGet, handleManifestPut } from './fake-registry-manifests.js';
import { errorResponse, jsonResponse } from './fake-registry-responses.js';
import { routeRequest } from './fake-registry-router.js';
import { FakeRegistryStore } from './fake-registry-store.js';
import type {
  FakeRegistry,
  FakeRegistryOptions,
  FakeRequestContext,
  FakeResponse,
  FakeRoute,
  RecordedFakeRequest,
  ResolvedFakeRegistryOptions,
} from './fake-registry-types.js';
import {
  handleUploadCancel,
  handleUploadPatch,
  handleUploadPut,
  handleUploadStart,
  handleUploadStatus,
} from './fake-registry-uploads.js';

export type * from './fake-registry-types.js';
export { errorResponse } from './fake-registry-responses.js';

/** Route → handler. */
const handlers: Readonly<Record<FakeRoute, (ctx: FakeRequestContext) => FakeResponse>> = {
  ping: () => jsonResponse(200, {}),
  catalog: handleCatalog,
  'tags-list': handleTagsList,
  'manifest-get': handleManifestGet,
  'manifest-head': handleManifestGet,
  'manifest-put': handleManifestPut,
  'manifest-delete': handleManifestDelete,
  'blob-get': handleBlobGet,
  'blob-head': handleBlobGet,
  'blob-delete': handleBlobDelete,
  'upload-start': handleUploadStart,
  'upload-patch': handleUploadPatch,
  'upload-put': handleUploadPut,
  'upload-status': handleUploadStatus,
  'upload-cancel': handleUploadCancel,
  referrers: handleReferrers,
  'method-not-allowed': () => errorResponse(405, 'UNSUPPORTED', 'the operation is unsupported'),
  unknown: () => ({ status: 404, headers: { 'content-type': 'text/plain' }, body: Buffer.from('404 page not found\n') }),
};

/** Applies defaults to the options. */
function resolveOptions(options: FakeRegistryOptions): ResolvedFakeRegistryOptions {
  return {
    deletes: options.deletes ?? true,
    tagDeletes: options.tagDeletes ?? true,
    singlePost: options.singlePost ?? true,
    mount: options.mount ?? true,
    referrers: options.referrers ?? true,
    catalog: options.catalog ?? true,
    ranges: options.ranges ?? true,
    sha512: options.sha512 ?? true,
    uploadState: options.uploadState ?? true,
    absoluteLocations: options.absoluteLocations ?? false,
    catalogPageSize: options.catalogPageSize ?? 100,
    maxManifestBytes: options.maxManifestBytes ?? 4 * 1024 * 1024,
    headers: options.headers ?? {},
    ...(options.faults === undefined ? {} : { faults: options.faults }),
    ...(options.chunkMinLength === undefined ? {} : { chunkMinLength: options.chunkMinLength }),
  };
}

/** Reads the whole request body. */
async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Builds the response of a routed request (name validation, then the route handler). */
function respond(ctx: FakeRequestContext): FakeResponse {
  if (ctx.repo !== undefined && !isValidRepositoryName(ctx.repo)) {
    return errorResponse(400, 'NAME_INVALID', 'invalid repository name', { name: ctx.repo });
  }
  return handlers[ctx.route](ctx);
}

/** Writes a FakeResponse; HEAD gets the headers and the length of the body it would have had. */
function send(res: ServerResponse, method: string, response: FakeResponse, extra: Readonly<Record<string, string>>): void {
  const headers: Record<string, string> = {
    'docker-distribution-api-version': 'registry/2.0',
    ...extra,
    ...response.headers,
  };
  headers['content-length'] ??= String(response.body.length);
  res.writeHead(response.status, headers);
  res.end(method === 'HEAD' || response.status === 204 ? undefined : response.body);
}

/** Handles one request end to end: record, route, fault hooks, respond. */
async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  store: FakeRegistryStore,
  options: ResolvedFakeRegistryOptions,
  requests: RecordedFakeRequest[],
): Promise<void> {
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
  const body = await readBody(req);
  const match = routeRequest(method, url.pathname);
  const record: RecordedFakeRequest = { method, url: req.url ?? '/', route: match.route, headers: req.headers, bodyBytes: body.length };
  requests.push(record);
  const ctx: FakeRequestContext = { ...match, method, url, headers: req.headers, body, store, options };
  const faults = options.faults;
  if (faults?.before !== undefined && (await faults.before(req, res, ctx))) {
    return;
  }
  const routeHook = faults?.routes?.[match.route];
  if (routeHook !== undefined && (await routeHook(req, res, ctx))) {
    return;
  }
  let response = respond(ctx);
  response = faults?.rewrite?.(response, ctx) ?? response;
  record.status = response.status;
  send(res, method, response, options.headers);
}

/**
 * Starts a fake registry on 127.0.0.1 and a free port.
 *
 * @example
 * ```ts
 * const registry = await startFakeRegistry({ deletes: false });
 * try { ... registry.url ... } finally { await registry.close(); }
 * ```
 */
export async function startFakeRegistry(options: FakeRegistryOptions = {}): Promise<FakeRegistry> {
  const resolved = resolveOptions(options);
  const store = new FakeRegistryStore();
  const requests: RecordedFakeRequest[] = [];
  const server = createServer((req, res) => {
    handle(req, res, store, resolved, requests).catch((error: unknown) => {
      // A bug in the fake or a hook: answer 500 so the test sees it instead of hanging.
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain' });
      }
      res.end(`fake registry error: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    store,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => {
          if (error === undefined) {
            resolve();
          } else {
            reject(error);
          }
        });
        server.closeAllConnections();
      }),
  };
}
