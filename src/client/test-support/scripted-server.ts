import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ResolvedTarget } from '../../config/target.js';

/** One request as the scripted server saw it. */
export interface SeenRequest {
  readonly method: string;
  /** Path and query, as sent. */
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: Buffer;
}

/** Handles one request; the body has been read already. */
export type ScriptedHandler = (request: SeenRequest, response: ServerResponse) => unknown;

/** A `node:http` server on 127.0.0.1, port 0, that records every request and answers with a script. */
export interface ScriptedServer {
  readonly url: string;
  readonly port: number;
  readonly seen: SeenRequest[];
  readonly server: Server;
  close(): Promise<void>;
}

/** Starts a scripted server. Request bodies are read whole unless `readBodies` is false (then `body` is empty). */
export async function startScriptedServer(
  handler: ScriptedHandler,
  options: { readonly readBodies?: boolean } = {},
): Promise<ScriptedServer> {
  const seen: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    const finish = (): void => {
      const request: SeenRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      seen.push(request);
      Promise.resolve(handler(request, res)).catch((error: unknown) => {
        res.statusCode = 599;
        res.end(String(error));
      });
    };
    if (options.readBodies === false) {
      finish();
      return;
    }
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', finish);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A target for a test server: anonymous, plain HTTP, short timeout. */
export function testTarget(url: string, overrides: Partial<ResolvedTarget> = {}): ResolvedTarget {
  return {
    name: 'test',
    url,
    namespace: '',
    credentials: { kind: 'anonymous' },
    tls: { insecure: false },
    requestTimeoutMs: 5_000,
    ...overrides,
  };
}
