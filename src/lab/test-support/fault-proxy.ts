/**
 * A fault proxy for integration tests: a node:http server on loopback in front of a real lab registry that forwards
 * every request unchanged unless a rule says otherwise. A rule turns one behaviour off at a time, the way a
 * registry upgrade or a misconfigured front would: answer with a status of its own (DELETE → 405, referrers → 404),
 * drop query parameters before forwarding (a mount ignored, tag pagination ignored), reset the connection or answer
 * 503 once, stall the response, or send a body that never ends. Every fault is bounded: a stalled or endless response
 * ends when the client goes away or after `faultBoundMs`.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the proxy does with one request. */
export type FaultAction =
  /** Forward as is. */
  | { readonly kind: 'forward' }
  /** Forward without these query parameters (`mount`/`from`, `n`/`last`). */
  | { readonly kind: 'drop-query'; readonly names: readonly string[] }
  /** Answer here with a status and an OCI error body; the registry never sees the request. */
  | { readonly kind: 'respond'; readonly status: number; readonly code: string; readonly message: string }
  /** Destroy the connection without an answer. */
  | { readonly kind: 'reset' }
  /** Never answer (headers never come). */
  | { readonly kind: 'stall' }
  /** Answer 200 with a body that never ends. */
  | { readonly kind: 'endless-body' };

/** The request a rule judges. */
export interface FaultRequest {
  readonly method: string;
  /** Path without the query. */
  readonly path: string;
  readonly query: URLSearchParams;
}

/** Decides what to do with a request; called once per request, in arrival order. */
export type FaultRule = (request: FaultRequest) => FaultAction;

/** A running proxy. */
export interface FaultProxy {
  /** `http://127.0.0.1:PORT`: the target to give regatta. */
  readonly url: string;
  /** `METHOD path → fault` of every request a rule did not forward as is. */
  readonly faults: string[];
  close(): Promise<void>;
}

/** Options of {@link startFaultProxy}. */
export interface FaultProxyOptions {
  /** Longest a stalled or endless response lasts on its own. @default 120000 */
  readonly faultBoundMs?: number;
}

/** Every request forwarded as is. */
export const forwardAll: FaultRule = () => ({ kind: 'forward' });

/** A rule that applies `fault` to the first request `matches` accepts, and forwards everything else. */
export function once(matches: (request: FaultRequest) => boolean, fault: FaultAction): FaultRule {
  let done = false;
  return (request) => {
    if (!done && matches(request)) {
      done = true;
      return fault;
    }
    return { kind: 'forward' };
  };
}

/** Keeps the response open, writing 64 KiB every 5 ms (endless) or nothing (stall), until the client leaves. */
function holdOpen(res: ServerResponse, endless: boolean, boundMs: number): void {
  if (endless) {
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
  }
  const chunk = Buffer.alloc(64 * 1024, 0x62);
  const timer = endless ? setInterval(() => res.write(chunk), 5) : undefined;
  const bound = setTimeout(() => res.destroy(), boundMs);
  res.on('close', () => {
    clearInterval(timer);
    clearTimeout(bound);
  });
}

/** Forwards one request to the upstream registry (Host kept, so the registry's Location headers name the proxy). */
function forward(req: IncomingMessage, res: ServerResponse, upstream: URL, pathAndQuery: string): void {
  const outgoing = httpRequest(
    { host: upstream.hostname, port: upstream.port, method: req.method, path: pathAndQuery, headers: req.headers },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  outgoing.on('error', () => res.destroy());
  req.pipe(outgoing);
}

/** Starts a fault proxy on 127.0.0.1 (port 0) in front of `upstreamUrl`. */
export async function startFaultProxy(upstreamUrl: string, rule: FaultRule, options: FaultProxyOptions = {}): Promise<FaultProxy> {
  const upstream = new URL(upstreamUrl);
  const boundMs = options.faultBoundMs ?? 120_000;
  const faults: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://proxy');
    const method = req.method ?? 'GET';
    const action = rule({ method, path: url.pathname, query: url.searchParams });
    if (action.kind !== 'forward') {
      faults.push(`${method} ${url.pathname} → ${action.kind === 'respond' ? String(action.status) : action.kind}`);
    }
    switch (action.kind) {
      case 'forward':
        forward(req, res, upstream, req.url ?? '/');
        return;
      case 'drop-query': {
        for (const name of action.names) {
          url.searchParams.delete(name);
        }
        const query = url.searchParams.toString();
        forward(req, res, upstream, `${url.pathname}${query === '' ? '' : `?${query}`}`);
        return;
      }
      case 'respond':
        req.resume();
        res
          .writeHead(action.status, { 'content-type': 'application/json', 'retry-after': '0' })
          .end(JSON.stringify({ errors: [{ code: action.code, message: action.message }] }));
        return;
      case 'reset':
        req.socket.destroy();
        return;
      case 'stall':
      case 'endless-body':
        req.resume();
        holdOpen(res, action.kind === 'endless-body', boundMs);
        return;
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    faults,
    close: async () => {
      for (const socket of sockets) {
        socket.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
