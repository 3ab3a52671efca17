import { Readable } from 'node:stream';
import type { RequestBody } from './types.js';

/**
 * A request body prepared for sending, possibly more than once (401 retry, 307 redirect). In-memory bodies replay;
 * a caller's stream is consumed by the first send and cannot.
 */
export interface PreparedBody {
  /** True when `open()` may be called again after a send. */
  readonly replayable: boolean;
  /** Byte length when known before sending (in-memory bodies). */
  readonly length: number | undefined;
  /** In-memory bytes, for transcript excerpts. */
  readonly bytes: Uint8Array | undefined;
  /** The body to hand to undici for one send. */
  open(): Uint8Array | Readable;
  /** Bytes actually handed to undici by the last `open()` so far (streams are counted as they pass). */
  sentBytes(): number;
}

/** Wraps a stream so the bytes it yields are counted, without buffering. */
function counted(source: AsyncIterable<Uint8Array>, onChunk: (bytes: number) => void): Readable {
  async function* pass(): AsyncGenerator<Uint8Array> {
    for await (const chunk of source) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      onChunk(bytes.byteLength);
      yield bytes;
    }
  }
  return Readable.from(pass(), { objectMode: false });
}

/** Slice size when in-memory bytes are sent as a stream. */
const STREAM_SLICE_BYTES = 1024 * 1024;

/**
 * In-memory bytes to be sent as a stream (chunked transfer encoding, no `Content-Length`), the way docker and
 * containerd do a "streamed" PATCH. Unlike a caller's stream it can be replayed after a 401 or a 307.
 */
export class StreamedBytes implements AsyncIterable<Uint8Array> {
  readonly bytes: Uint8Array;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }

  /** Yields the bytes in slices, without copying. */
  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    for (let start = 0; start < this.bytes.byteLength; start += STREAM_SLICE_BYTES) {
      yield await Promise.resolve(this.bytes.subarray(start, start + STREAM_SLICE_BYTES));
    }
  }
}

/**
 * Prepares a body for sending: bytes and strings as they are, {@link StreamedBytes} as a replayable stream, any other
 * stream or async iterable as a one-shot stream.
 */
export function prepareBody(body: RequestBody | undefined): PreparedBody | undefined {
  if (body === undefined) {
    return undefined;
  }
  let sent = 0;
  if (body instanceof StreamedBytes) {
    return {
      replayable: true,
      length: undefined,
      bytes: body.bytes,
      open: () => {
        sent = 0;
        return counted(body, (n) => (sent += n));
      },
      sentBytes: () => sent,
    };
  }
  if (typeof body === 'string' || body instanceof Uint8Array) {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    return {
      replayable: true,
      length: bytes.byteLength,
      bytes,
      open: () => {
        sent = bytes.byteLength;
        return bytes;
      },
      sentBytes: () => sent,
    };
  }
  let opened = false;
  return {
    replayable: false,
    length: undefined,
    bytes: undefined,
    open: () => {
      if (opened) {
        throw new Error('a streamed request body cannot be sent twice');
      }
      opened = true;
      return counted(body, (n) => (sent += n));
    },
    sentBytes: () => sent,
  };
}
