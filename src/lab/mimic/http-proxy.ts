import { request as httpRequest, type Agent, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';

/** Hop-by-hop headers (RFC 9110 §7.6.1): never forwarded by a proxy. */
const hopByHop = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

/** Headers without the hop-by-hop ones. */
export function endToEndHeaders(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !hopByHop.has(name)) {
      out[name] = value;
    }
  }
  return out;
}

/** Where and how to forward one request. */
export interface ForwardOptions {
  readonly upstream: URL;
  readonly agent: Agent;
  /** Path and query on the upstream. @default the request's */
  readonly path?: string;
  /** Method on the upstream. @default the request's */
  readonly method?: string;
  /** Request headers to send instead of the client's (still without hop-by-hop ones). */
  readonly headers?: IncomingHttpHeaders;
  /** A body read beforehand; otherwise the request streams through. */
  readonly body?: Buffer;
  /** Response headers to keep (lower case); others are dropped. @default every end-to-end header */
  readonly keepResponseHeaders?: ReadonlySet<string>;
  /** Called with the request body bytes that went upstream and the upstream status, once the response arrives. */
  readonly onUpstreamResponse?: (status: number, sentBytes: number) => void;
}

/**
 * Forwards a request to the registry behind the mimic and streams its answer back. The client's Host header is kept,
 * so the registry builds its Location URLs on the front's address. A failed upstream is a 502 (or a cut connection
 * once the answer has started).
 */
export function forward(request: IncomingMessage, response: ServerResponse, options: ForwardOptions): void {
  const headers = endToEndHeaders(options.headers ?? request.headers);
  if (options.body !== undefined) {
    headers['content-length'] = String(options.body.length);
  } else if (request.headers['transfer-encoding'] !== undefined) {
    headers['transfer-encoding'] = request.headers['transfer-encoding'];
  }
  let sentBytes = options.body?.length ?? 0;
  const outgoing = httpRequest({
    host: options.upstream.hostname,
    port: options.upstream.port,
    method: options.method ?? request.method,
    path: options.path ?? request.url,
    headers,
    agent: options.agent,
  });
  outgoing.on('response', (upstream: IncomingMessage) => {
    options.onUpstreamResponse?.(upstream.statusCode ?? 502, sentBytes);
    const kept = endToEndHeaders(upstream.headers);
    const filtered =
      options.keepResponseHeaders === undefined
        ? kept
        : Object.fromEntries(Object.entries(kept).filter(([name]) => options.keepResponseHeaders?.has(name) === true));
    // An answer before the whole body went up (a 413, say): the registry stops reading and closes its connection
    // (Go's net/http does), so this one closes too, as that registry would have closed the client's. Kept open, the
    // client's next request on it was at times never read (the GAR mimic before olareg hung an upload for 30 s).
    const early = !outgoing.writableFinished;
    response.writeHead(upstream.statusCode ?? 502, early ? { ...filtered, connection: 'close' } : filtered);
    upstream.pipe(response);
    if (early) {
      response.on('finish', () => outgoing.destroy());
    }
    upstream.on('error', () => response.destroy());
  });
  outgoing.on('error', (error) => {
    if (response.headersSent) {
      response.destroy();
      return;
    }
    response.writeHead(502, { 'content-type': 'text/plain' });
    response.end(`mimic: the registry behind did not answer: ${error.message}\n`);
  });
  if (options.body !== undefined) {
    outgoing.end(options.body);
    return;
  }
  request.on('data', (chunk: Buffer) => {
    sentBytes += chunk.length;
  });
  request.pipe(outgoing);
}

/** Reads a request body up to `limit` bytes; `undefined` when it is longer (the rest is drained and dropped). */
export async function readBodyUpTo(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let total = 0;
  let over = false;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > limit) {
      over = true;
      chunks.length = 0;
    } else if (!over) {
      chunks.push(chunk);
    }
  }
  return over ? undefined : Buffer.concat(chunks, total);
}
