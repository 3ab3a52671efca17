import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { ResolvedTarget } from '../../config/target.js';

/** Behaviour knobs of the scripted registry. */
export interface ScriptedRegistryOptions {
  /** Delay before answering a blob GET, ms. */
  readonly pullDelayMs?: number;
  /** Never answer blob GETs (headers never come): tests the per-request timeout. */
  readonly stallPulls?: boolean;
  /** Send headers of a blob GET, then stall the body after `stallAfterBytes`. */
  readonly stallAfterBytes?: number;
  /** Answer blob GETs with 200 and a body that never ends (no Content-Length), until the client goes away. */
  readonly endlessPulls?: boolean;
  /** Answer blob GETs with this status and no body (e.g. 500). */
  readonly pullStatus?: number;
  /** Serve blobs with their first byte flipped (same length): the client's digest check must catch it. */
  readonly corruptPulls?: boolean;
  /** Refuse every manifest PUT with this status and error body (e.g. 400 and `MANIFEST_INVALID`). */
  readonly rejectManifests?: { readonly status: number; readonly code: string; readonly message: string };
  /** The first `count` requests with this method fail: answered with `status`, or the connection reset. */
  readonly failFirst?: { readonly method: string; readonly count: number; readonly status: number | 'reset' };
}

/**
 * Why an image manifest is invalid, as zot judges it: every blob it names must exist, and an OCI image config must be
 * a JSON image config (zot answers 400 MANIFEST_INVALID otherwise). Undefined when it is fine.
 */
function invalidManifestReason(body: Buffer, blobs: ReadonlyMap<string, Buffer>): { code: string; message: string } | undefined {
  let manifest: { config?: { mediaType?: string; digest?: string }; layers?: { digest?: string }[] };
  try {
    manifest = JSON.parse(body.toString('utf8')) as typeof manifest;
  } catch {
    return { code: 'MANIFEST_INVALID', message: 'manifest is not JSON' };
  }
  const named = [manifest.config, ...(manifest.layers ?? [])];
  if (named.some((descriptor) => descriptor?.digest === undefined || !blobs.has(descriptor.digest))) {
    return { code: 'MANIFEST_BLOB_UNKNOWN', message: 'blob unknown to registry' };
  }
  if (manifest.config?.mediaType === 'application/vnd.oci.image.config.v1+json') {
    try {
      const config = JSON.parse((blobs.get(manifest.config.digest ?? '') ?? Buffer.alloc(0)).toString('utf8')) as { rootfs?: { diff_ids?: unknown } };
      if (!Array.isArray(config.rootfs?.diff_ids)) {
        return { code: 'MANIFEST_INVALID', message: 'config has no rootfs.diff_ids' };
      }
    } catch {
      return { code: 'MANIFEST_INVALID', message: 'manifest invalid: config is not JSON' };
    }
  }
  return undefined;
}

/**
 * A minimal in-memory registry on 127.0.0.1: uploads (POST/PATCH/PUT), blob GET/HEAD, manifest PUT/GET/HEAD. Manifests
 * are checked as zot checks them (blobs present, OCI image config readable as JSON).
 */
export interface ScriptedRegistry {
  readonly url: string;
  readonly target: ResolvedTarget;
  /** Requests seen, `METHOD path`. */
  readonly seen: string[];
  /** References (tags and digests) of the manifests stored so far. */
  storedManifests(): string[];
  /** Digests of the blobs stored so far. */
  storedBlobs(): string[];
  /** Destroys every open socket and stops listening: a registry killed mid-run. */
  kill(): Promise<void>;
  close(): Promise<void>;
}

/** Reads a request body fully (test sizes are small). */
async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** 64 KiB every 5 ms until the client closes the connection (at most 60 s, so the loop is bounded on its own). */
function sendEndlessBody(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/octet-stream' });
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  const timer = setInterval(() => res.write(chunk), 5);
  const stop = (): void => {
    clearInterval(timer);
    clearTimeout(bound);
  };
  const bound = setTimeout(() => {
    stop();
    res.destroy();
  }, 60_000);
  res.on('close', stop);
}

/** Starts the registry on port 0. */
export async function startScriptedRegistry(options: ScriptedRegistryOptions = {}): Promise<ScriptedRegistry> {
  const blobs = new Map<string, Buffer>();
  const manifests = new Map<string, Buffer>();
  const uploads = new Map<string, Buffer[]>();
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  let nextUpload = 0;
  let failed = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://x');
    const method = req.method ?? 'GET';
    seen.push(`${method} ${url.pathname}`);
    const body = await readBody(req);
    if (options.failFirst?.method === method && failed < options.failFirst.count) {
      failed += 1;
      if (options.failFirst.status === 'reset') {
        req.socket.destroy();
      } else {
        res.writeHead(options.failFirst.status, { 'content-type': 'text/plain' }).end('try again later');
      }
      return;
    }
    const path = url.pathname;
    let match: RegExpExecArray | null;
    if (method === 'GET' && path === '/v2/') {
      // The API version check every client (and regatta's reachability probe) starts with.
      res.writeHead(200, { 'content-type': 'application/json', 'docker-distribution-api-version': 'registry/2.0' }).end('{}');
      return;
    }
    if (method === 'POST' && /\/blobs\/uploads\/$/.test(path)) {
      const id = String(nextUpload++);
      uploads.set(id, []);
      res.writeHead(202, { location: `/upload/${id}`, 'content-length': '0' }).end();
    } else if ((match = /^\/upload\/(\d+)$/.exec(path)) !== null) {
      const parts = uploads.get(match[1] ?? '');
      if (parts === undefined) {
        res.writeHead(404).end();
        return;
      }
      parts.push(body);
      if (method === 'PATCH') {
        res.writeHead(202, { location: path, 'content-length': '0' }).end();
        return;
      }
      const data = Buffer.concat(parts);
      const digest = `sha256:${createHash('sha256').update(data).digest('hex')}`;
      if (digest !== url.searchParams.get('digest')) {
        res.writeHead(400).end('{"errors":[{"code":"DIGEST_INVALID"}]}');
        return;
      }
      blobs.set(digest, data);
      res.writeHead(201, { 'docker-content-digest': digest, location: `/v2/x/blobs/${digest}`, 'content-length': '0' }).end();
    } else if (method === 'GET' && /\/tags\/list$/.test(path)) {
      const tags = [...manifests.keys()].filter((reference) => !reference.startsWith('sha256:'));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ name: 'x', tags }));
    } else if (method === 'DELETE' && (match = /\/blobs\/(sha256:[0-9a-f]{64})$/.exec(path)) !== null) {
      res.writeHead(blobs.delete(match[1] ?? '') ? 202 : 404, { 'content-length': '0' }).end();
    } else if (method === 'DELETE' && (match = /\/manifests\/(sha256:[0-9a-f]{64})$/.exec(path)) !== null) {
      const gone = manifests.get(match[1] ?? '');
      for (const [reference, data] of [...manifests]) {
        if (data === gone) {
          manifests.delete(reference);
        }
      }
      res.writeHead(gone === undefined ? 404 : 202, { 'content-length': '0' }).end();
    } else if ((match = /\/blobs\/(sha256:[0-9a-f]{64})$/.exec(path)) !== null) {
      const data = blobs.get(match[1] ?? '');
      if (data === undefined) {
        res.writeHead(404).end();
        return;
      }
      if (options.stallPulls === true) {
        return;
      }
      if (options.endlessPulls === true && method === 'GET') {
        sendEndlessBody(res);
        return;
      }
      if (options.pullStatus !== undefined) {
        res.writeHead(options.pullStatus, { 'content-length': '0' }).end();
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, options.pullDelayMs ?? 0));
      res.writeHead(200, { 'content-length': String(data.byteLength), 'docker-content-digest': match[1] });
      if (options.stallAfterBytes !== undefined) {
        res.write(data.subarray(0, options.stallAfterBytes));
        return;
      }
      if (options.corruptPulls === true && method !== 'HEAD') {
        const corrupted = Buffer.from(data);
        corrupted[0] = (corrupted[0] ?? 0) ^ 0xff;
        res.end(corrupted);
        return;
      }
      res.end(method === 'HEAD' ? undefined : data);
    } else if ((match = /\/manifests\/([^/]+)$/.exec(path)) !== null) {
      const reference = match[1] ?? '';
      if (method === 'PUT') {
        const rejected = options.rejectManifests;
        const invalid = rejected ?? invalidManifestReason(body, blobs);
        if (invalid !== undefined) {
          const errorBody = JSON.stringify({ errors: [{ code: invalid.code, message: invalid.message }] });
          res.writeHead(rejected?.status ?? 400, { 'content-type': 'application/json' }).end(errorBody);
          return;
        }
        const digest = `sha256:${createHash('sha256').update(body).digest('hex')}`;
        manifests.set(reference, body);
        manifests.set(digest, body);
        res.writeHead(201, { 'docker-content-digest': digest, 'content-length': '0' }).end();
        return;
      }
      const data = manifests.get(reference);
      if (data === undefined) {
        res.writeHead(404).end();
        return;
      }
      const digest = `sha256:${createHash('sha256').update(data).digest('hex')}`;
      res.writeHead(200, {
        'content-type': 'application/vnd.oci.image.manifest.v1+json',
        'content-length': String(data.byteLength),
        'docker-content-digest': digest,
      });
      res.end(method === 'HEAD' ? undefined : data);
    } else {
      res.writeHead(404).end();
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    for (const socket of sockets) {
      socket.destroy();
    }
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return {
    url,
    seen,
    target: {
      name: 'scripted',
      url,
      namespace: '',
      credentials: { kind: 'anonymous' },
      tls: { insecure: false },
      requestTimeoutMs: 5_000,
    },
    storedBlobs: () => [...blobs.keys()],
    storedManifests: () => [...manifests.keys()],
    kill: stop,
    close: stop,
  };
}
