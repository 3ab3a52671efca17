import type { Agent, IncomingMessage, ServerResponse } from 'node:http';
import { forward } from './http-proxy.js';
import type { RedirectRule } from './mimic-clouds.js';
import type { UrlSigner } from './signed-url.js';

/** Headers the storage origin passes on from the registry's blob answer: what object storage sends, no registry headers. */
const storageHeaders: ReadonlySet<string> = new Set(['content-length', 'content-type', 'content-range', 'accept-ranges', 'etag']);

/** `/blobs/<url-encoded repository>/<digest>`: where a signed URL points. */
export function storagePath(repository: string, digest: string): string {
  return `/blobs/${encodeURIComponent(repository)}/${encodeURIComponent(digest)}`;
}

/** An S3-style XML error, as object storage answers (not the registry's JSON). */
function storageError(response: ServerResponse, status: number, code: string, message: string, head: boolean): void {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>\n`;
  response.writeHead(status, { 'content-type': 'application/xml', 'content-length': String(Buffer.byteLength(body)) });
  response.end(head ? undefined : body);
}

/** What the storage origin needs. */
export interface StorageOriginOptions {
  readonly rule: RedirectRule;
  readonly signer: UrlSigner;
  readonly upstream: URL;
  readonly agent: Agent;
  readonly now: () => number;
}

/**
 * The storage origin's handler: serves a blob only through a valid, unexpired signed URL and refuses a request that
 * carries `Authorization` (S3: "Only one auth mechanism allowed"), or a HEAD where the cloud's storage signs the method.
 * The bytes come from the registry behind, fetched without credentials.
 */
export function handleStorageRequest(request: IncomingMessage, response: ServerResponse, options: StorageOriginOptions): void {
  const url = new URL(request.url ?? '/', 'http://storage.invalid');
  const head = request.method === 'HEAD';
  const match = /^\/blobs\/([^/]+)\/([^/]+)$/.exec(url.pathname);
  if (match === null || (request.method !== 'GET' && !head)) {
    storageError(response, 404, 'NoSuchKey', 'The specified key does not exist.', head);
    return;
  }
  if (request.headers.authorization !== undefined) {
    storageError(
      response,
      400,
      'InvalidArgument',
      'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified',
      head,
    );
    return;
  }
  const verdict = options.signer.verify(url, options.now());
  if (verdict === 'expired') {
    storageError(response, 403, 'AccessDenied', 'Request has expired', head);
    return;
  }
  if (verdict !== 'ok') {
    storageError(response, 403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.', head);
    return;
  }
  if (head && options.rule.headForbidden) {
    // The URL was signed for GET; S3 computes the signature over the method, so a HEAD on it does not match.
    storageError(response, 403, 'SignatureDoesNotMatch', 'The request signature does not match (signed for GET).', head);
    return;
  }
  const [, repository, digest] = match as unknown as [string, string, string];
  const range = request.headers.range;
  forward(request, response, {
    upstream: options.upstream,
    agent: options.agent,
    method: request.method ?? 'GET',
    path: `/v2/${decodeURIComponent(repository)}/blobs/${decodeURIComponent(digest)}`,
    headers: { host: options.upstream.host, ...(range === undefined ? {} : { range }) },
    keepResponseHeaders: storageHeaders,
  });
}
