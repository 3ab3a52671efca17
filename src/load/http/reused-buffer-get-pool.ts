import { connect, type Socket } from 'node:net';
import type { Clock } from '../clock.js';
import type { DispatchGetResult } from './dispatch-get.js';
import { Http1ResponseParser, type ResponseHead } from './http1-response-parser.js';

/**
 * Bytes of the receive buffer every connection of a pool of `connections` reads into (one per pool, reused for every
 * read): 256 KiB up to 8 connections, 1 MiB beyond. Measured on the 2-core lab (distribution-3, verified pulls of
 * 16 MiB blobs, 6 s rows, two rounds each): with 256 KiB reads the client's CPU per GiB grew from 0.63 at 8
 * connections to 0.75 at 32 and 0.80 at 256, and the rate fell to 0.82-0.89 of its peak; with 1 MiB reads it stays at
 * 0.60-0.67 and the rate at 0.88-0.97 of the peak: fewer, larger reads of the long receive queues of many connections
 * cost less per byte (4 MiB, more than a core's L2 cache, was no better). At 8 connections 1 MiB reads were no faster
 * on 8 blobs and ~5 % slower on one hot blob (verified or not), so small pools keep 256 KiB.
 */
function receiveBufferBytes(connections: number): number {
  return connections > 8 ? 1024 * 1024 : 256 * 1024;
}
/** Request heads kept per frozen headers object: a run's repeated requests, and a bound for paths that never repeat. */
const keptHeadsPerHeaders = 1024;
/**
 * Longest pause between two looks for silent connections: a request times out between `timeoutMs` and `timeoutMs`
 * plus this (or a quarter of `timeoutMs`, when that is shorter).
 */
const maxSweepMs = 1000;
/** Most bytes of a non-2xx body kept for its error code (as on the undici path). */
const errorExcerptBytes = 16 * 1024;

/** One keep-alive connection and the exchange it is serving, if any. */
interface Connection {
  readonly socket: Socket;
  /** It served an earlier response: if it closes before answering, the server dropped it while idle. */
  used: boolean;
  exchange: Exchange | undefined;
  /** Sweeps since it last read a byte or was given a request (see {@link ReusedBufferGetPool.sweep}). */
  quietSweeps: number;
}

/** One request in flight on a connection. */
interface Exchange {
  readonly parser: Http1ResponseParser;
  fail(error: Error): void;
}

/** A request waiting for a free connection. */
interface Waiter {
  resolve(connection: Connection | undefined): void;
}

/** The error an abort ends a request with, classed as `aborted` like undici's. */
function abortError(): Error {
  return Object.assign(new Error('request aborted'), { name: 'AbortError', code: 'UND_ERR_ABORTED' });
}

/**
 * GETs on one cleartext origin over keep-alive HTTP/1.1 connections that read into one reused buffer
 * (`net.connect`'s `onread`): no buffer is allocated per read, no stream machinery runs per chunk, and body bytes are
 * passed to `onChunk` as views of that buffer (valid only during the call: hash or count them, never keep them).
 * This is the blob pull hot path: on the 2-core lab it cut the client's CPU per GiB to about a third of undici's
 * `dispatch` (which copies every read into its parser's memory and allocates a buffer per read).
 *
 * At most `connections` sockets; more requests wait their turn. No pipelining; a connection that an idle-closing
 * server dropped is retried once on a new one (GET is idempotent). `timeoutMs` bounds the silence on a busy socket
 * (the undici path's headersTimeout/bodyTimeout): past it the request fails with ETIMEDOUT (`OCI_TIMEOUT`).
 */
export class ReusedBufferGetPool {
  private readonly receiveBuffer: Buffer;
  private readonly idle: Connection[] = [];
  private readonly waiters: Waiter[] = [];
  /** Bytes of request heads sent with frozen headers (see {@link ReusedBufferGetPool.headBytes}). */
  private readonly frozenHeads = new WeakMap<object, Map<string, Buffer>>();
  /** Requests in flight by the signal that may abort them (see {@link ReusedBufferGetPool.abortsOf}). */
  private readonly abortable = new WeakMap<AbortSignal, Set<() => void>>();
  /** Every open connection, busy or idle: counted against `connections`, and watched by the sweep. */
  private readonly live = new Set<Connection>();
  /** Looks for busy connections silent past the timeout; runs while the pool has connections. */
  private sweeper: NodeJS.Timeout | undefined;
  private readonly sweepMs: number;
  private closed = false;
  private readonly origin: URL;
  private readonly connections: number;
  private readonly timeoutMs: number;
  private readonly clock: Clock;

  constructor(origin: URL, connections: number, timeoutMs: number, clock: Clock) {
    this.origin = origin;
    this.connections = Math.max(1, connections);
    this.receiveBuffer = Buffer.allocUnsafe(receiveBufferBytes(this.connections));
    this.timeoutMs = timeoutMs;
    this.sweepMs = Math.max(1, Math.min(maxSweepMs, Math.floor(timeoutMs / 4)));
    this.clock = clock;
    if (origin.protocol !== 'http:') {
      throw new Error(`ReusedBufferGetPool speaks cleartext HTTP only, not ${origin.protocol}`);
    }
  }

  /** Same contract as {@link dispatchGet}: status, headers, ttfb, bytes, and an excerpt of a non-2xx body. */
  async get(
    path: string,
    headers: Readonly<Record<string, string>>,
    signal: AbortSignal,
    onChunk: (chunk: Buffer) => void,
    method: 'GET' | 'HEAD' = 'GET',
  ): Promise<DispatchGetResult> {
    const head = this.headBytes(method, path, headers);
    const started = this.clock.now();
    for (let attempt = 0; ; attempt += 1) {
      if (signal.aborted) {
        throw abortError();
      }
      // An idle connection (the common case) is taken at once, without an extra turn of the microtask queue.
      const connection = (attempt === 0 ? this.idle.pop() : undefined) ?? (await this.acquire(signal, attempt > 0));
      try {
        return await this.exchange(connection, head, method, signal, started, onChunk);
      } catch (error) {
        if (!(error instanceof StaleConnectionError) || attempt > 0) {
          throw error instanceof StaleConnectionError ? error.cause : error;
        }
      }
    }
  }

  /** Closes every connection; requests in flight fail. */
  close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweeper);
    this.sweeper = undefined;
    for (const waiter of this.waiters.splice(0)) {
      waiter.resolve(undefined);
    }
    for (const connection of this.idle.splice(0)) {
      connection.socket.destroy();
    }
    return Promise.resolve();
  }

  /**
   * The request's bytes. With frozen headers (the same request headers every time, such as a manifest read's Accept),
   * they are kept by headers, method and path: a storm sends the same few requests thousands of times a second, and a
   * repeat then costs two lookups instead of building, checking and encoding the head. Frozen objects cannot change, so
   * a kept head is always the one that would be built.
   */
  private headBytes(method: 'GET' | 'HEAD', path: string, headers: Readonly<Record<string, string>>): Buffer {
    if (!Object.isFrozen(headers)) {
      return Buffer.from(this.requestHead(method, path, headers), 'latin1');
    }
    let byRequest = this.frozenHeads.get(headers);
    if (byRequest === undefined) {
      byRequest = new Map();
      this.frozenHeads.set(headers, byRequest);
    }
    const key = `${method} ${path}`;
    let bytes = byRequest.get(key);
    if (bytes === undefined) {
      bytes = Buffer.from(this.requestHead(method, path, headers), 'latin1');
      if (byRequest.size >= keptHeadsPerHeaders) {
        byRequest.clear();
      }
      byRequest.set(key, bytes);
    }
    return bytes;
  }

  private requestHead(method: 'GET' | 'HEAD', path: string, headers: Readonly<Record<string, string>>): string {
    // A CR or LF would end the request line or a header early and let a value write headers of its own.
    if (/[\r\n ]/.test(path)) {
      throw new TypeError('invalid character in request path');
    }
    let head = `${method} ${path} HTTP/1.1\r\nhost: ${this.origin.host}\r\n`;
    for (const name in headers) {
      const value = headers[name] ?? '';
      if (/[\r\n]/.test(name) || /[\r\n]/.test(value)) {
        throw new TypeError(`invalid character in request header ${JSON.stringify(name)}`);
      }
      head += `${name}: ${value}\r\n`;
    }
    return `${head}\r\n`;
  }

  /**
   * The requests `signal` ends when it aborts: one listener per signal, with the requests in a set (hundreds of
   * requests in flight share the run's stop signal, and EventTarget finds a listener to remove by walking all of them).
   * A request adds its abort to the set and deletes it when it settles.
   */
  private abortsOf(signal: AbortSignal): Set<() => void> {
    let aborts = this.abortable.get(signal);
    if (aborts === undefined) {
      const created = new Set<() => void>();
      aborts = created;
      this.abortable.set(signal, created);
      signal.addEventListener(
        'abort',
        () => {
          for (const abort of [...created]) {
            abort();
          }
          created.clear();
        },
        { once: true },
      );
    }
    return aborts;
  }

  /**
   * A connection when no idle one was at hand (the caller takes an idle one itself, without an await): a new one within
   * the limit, or the next one freed. `fresh`: a new one even past the limit (a retry after a stale connection).
   */
  private async acquire(signal: AbortSignal, fresh: boolean): Promise<Connection> {
    if (this.live.size < this.connections || fresh) {
      return this.dial();
    }
    const aborts = this.abortsOf(signal);
    const connection = await new Promise<Connection | undefined>((resolve, reject) => {
      const waiter: Waiter = {
        resolve: (value) => {
          aborts.delete(onAbort);
          resolve(value);
        },
      };
      const onAbort = (): void => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(abortError());
      };
      aborts.add(onAbort);
      this.waiters.push(waiter);
    });
    if (connection === undefined) {
      if (this.closed) {
        throw Object.assign(new Error('pool closed'), { code: 'UND_ERR_DESTROYED' });
      }
      // A connection closed and freed its slot: open a new one.
      return this.dial();
    }
    return connection;
  }

  /**
   * One look at every connection: a busy one that read nothing since the last `timeoutMs` of sweeps is destroyed with
   * ETIMEDOUT. One timer for the pool instead of a socket timeout per request: arming and refreshing a socket's timer
   * on every request, read and write cost more client CPU in a manifest storm than parsing the response did.
   */
  private sweep(): void {
    if (this.live.size === 0) {
      // Nothing to watch until the next dial starts it again.
      clearInterval(this.sweeper);
      this.sweeper = undefined;
      return;
    }
    const limit = Math.ceil(this.timeoutMs / this.sweepMs);
    for (const connection of this.live) {
      if (connection.exchange === undefined) {
        continue;
      }
      connection.quietSweeps += 1;
      if (connection.quietSweeps > limit) {
        connection.socket.destroy(Object.assign(new Error(`no response bytes for ${this.timeoutMs} ms`), { code: 'ETIMEDOUT' }));
      }
    }
  }

  private dial(): Connection {
    if (this.sweeper === undefined) {
      this.sweeper = setInterval(() => this.sweep(), this.sweepMs);
      // A pool left open must not keep the process alive.
      this.sweeper.unref();
    }
    // The read callback needs the connection, which needs the socket: it is filled in right after the connect call.
    const made: { connection?: Connection } = {};
    const socket = connect({
      host: this.origin.hostname.replace(/^\[|\]$/g, ''),
      port: Number(this.origin.port === '' ? 80 : this.origin.port),
      noDelay: true,
      onread: {
        buffer: this.receiveBuffer,
        callback: (count, buffer) => {
          const connection = made.connection;
          const exchange = connection?.exchange;
          if (connection === undefined || exchange === undefined) {
            // Bytes on an idle connection answer nothing that was asked: drop the connection.
            socket.destroy();
            return false;
          }
          connection.quietSweeps = 0;
          try {
            exchange.parser.feed(Buffer.from(buffer.buffer, buffer.byteOffset, count));
          } catch (error) {
            exchange.fail(error as Error);
          }
          return true;
        },
      },
    });
    const current: Connection = { socket, used: false, exchange: undefined, quietSweeps: 0 };
    made.connection = current;
    this.live.add(current);
    socket.on('error', (error) => current.exchange?.fail(error));
    socket.on('close', () => {
      this.live.delete(current);
      const at = this.idle.indexOf(current);
      if (at >= 0) {
        this.idle.splice(at, 1);
      }
      const exchange = current.exchange;
      if (exchange !== undefined) {
        try {
          exchange.parser.end();
        } catch (error) {
          exchange.fail(error as Error);
        }
      }
      // A slot is free: a waiting request may dial.
      this.waiters.shift()?.resolve(undefined);
    });
    return current;
  }

  /** Sends one request on `connection` and reads its response. */
  private exchange(
    connection: Connection,
    requestHead: Buffer,
    method: 'GET' | 'HEAD',
    signal: AbortSignal,
    started: number,
    onChunk: (chunk: Buffer) => void,
  ): Promise<DispatchGetResult> {
    return new Promise<DispatchGetResult>((resolve, reject) => {
      const { socket } = connection;
      let head: ResponseHead | undefined;
      let ttfbMs = 0;
      let bytes = 0;
      const errorChunks: Buffer[] = [];
      let errorBytes = 0;
      let settled = false;
      const aborts = this.abortsOf(signal);
      const settle = (): void => {
        settled = true;
        connection.exchange = undefined;
        aborts.delete(onAbort);
      };
      const fail = (error: Error): void => {
        if (settled) {
          return;
        }
        const stale = connection.used && parser.untouched;
        settle();
        socket.destroy();
        reject(stale ? new StaleConnectionError(error) : error);
      };
      const onAbort = (): void => fail(abortError());
      const parser = new Http1ResponseParser(method, {
        onHead: (value) => {
          head = value;
          ttfbMs = this.clock.now() - started;
        },
        onBody: (chunk) => {
          bytes += chunk.byteLength;
          const status = head?.status ?? 0;
          if (status >= 200 && status < 300) {
            onChunk(chunk);
          } else if (errorBytes < errorExcerptBytes) {
            // A copy: the chunk is a view of the reused receive buffer.
            errorChunks.push(Buffer.from(chunk.subarray(0, errorExcerptBytes - errorBytes)));
            errorBytes += Math.min(chunk.byteLength, errorExcerptBytes - errorBytes);
          }
        },
        onEnd: () => {
          if (settled || head === undefined) {
            return;
          }
          settle();
          connection.used = true;
          if (head.keepAlive && !socket.destroyed) {
            this.release(connection);
          } else {
            socket.destroy();
          }
          // Two literal shapes, not a conditional spread: that takes V8's slow object-clone path on every response.
          resolve(
            errorChunks.length === 0
              ? { status: head.status, headers: head.headers, ttfbMs, bytes }
              : { status: head.status, headers: head.headers, ttfbMs, bytes, errorText: Buffer.concat(errorChunks).toString('utf8') },
          );
        },
      });
      connection.exchange = { parser, fail };
      aborts.add(onAbort);
      if (signal.aborted) {
        // Aborted while this request waited for its connection: the signal's listener already ran, and will not again.
        onAbort();
        return;
      }
      connection.quietSweeps = 0;
      socket.write(requestHead);
    });
  }

  /** Hands a finished connection to the next waiting request, or keeps it idle. */
  private release(connection: Connection): void {
    const waiter = this.waiters.shift();
    if (this.closed) {
      connection.socket.destroy();
    } else if (waiter !== undefined) {
      waiter.resolve(connection);
    } else {
      this.idle.push(connection);
    }
  }
}

/** A reused connection closed or failed before any byte of the answer: the request may go again on a new one. */
class StaleConnectionError extends Error {
  override readonly cause: Error;
  constructor(cause: Error) {
    super(cause.message, { cause });
    this.name = 'StaleConnectionError';
    this.cause = cause;
  }
}
