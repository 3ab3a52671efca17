/** Status and headers of one HTTP/1.x response (header names lower-cased; a repeated header keeps its last value). */
export interface ResponseHead {
  readonly status: number;
  readonly headers: Record<string, string>;
  /** The connection may carry the next request once this response's body ended. */
  readonly keepAlive: boolean;
}

/** What the parser tells its owner. Body chunks are views into the input: valid only during the call. */
export interface ResponseParserHandlers {
  onHead(head: ResponseHead): void;
  onBody(chunk: Buffer): void;
  onEnd(): void;
}

/** Most bytes of a status line plus headers (undici's default is 16 KiB; registries send a few hundred). */
const maxHeadBytes = 64 * 1024;
/** The head kept before any byte came (never written to). */
const noBytes = Buffer.alloc(0);
/** The end of a head, as bytes: a string needle would be encoded again on every search. */
const blankLine = Buffer.from('\r\n\r\n', 'latin1');
/** Most bytes of a chunk-size line or trailer line of a chunked body. */
const maxLineBytes = 4 * 1024;

/** Where the line starting at `at` ends (its CR), or the text's end for the last line (the blank line was cut off). */
function lineEnd(text: string, at: number): number {
  const end = text.indexOf('\r\n', at);
  return end < 0 ? text.length : end;
}

const digitZero = 0x30;
const digitOne = 0x31;
const space = 0x20;

/** The status code of `HTTP/1.x NNN[ reason]` (the line is `text` up to `end`); throws on any other line. */
function statusOf(text: string, end: number): number {
  const minor = text.charCodeAt(7);
  // Digit values: outside 0-9 for any other character, NaN past the end (every comparison with NaN is false).
  const hundreds = text.charCodeAt(9) - digitZero;
  const tens = text.charCodeAt(10) - digitZero;
  const units = text.charCodeAt(11) - digitZero;
  const wellFormed =
    text.startsWith('HTTP/1.') &&
    (minor === digitZero || minor === digitOne) &&
    text.charCodeAt(8) === space &&
    hundreds >= 1 &&
    hundreds <= 9 &&
    tens >= 0 &&
    tens <= 9 &&
    units >= 0 &&
    units <= 9 &&
    (end === 12 || (end > 12 && text.charCodeAt(12) === space));
  if (!wellFormed) {
    throw new ResponseParseError(`bad status line: ${JSON.stringify(text.slice(0, Math.min(end, 80)))}`);
  }
  return hundreds * 100 + tens * 10 + units;
}

/** Field names lower-cased so far: a registry sends the same few names in every response. */
const lowerCaseNames = new Map<string, string>();
/** Most names kept: a server that makes up names cannot grow the map without bound. */
const maxLowerCaseNames = 256;

/** `name` lower-cased, from {@link lowerCaseNames} when it was seen before. */
function lowerCaseName(name: string): string {
  let lower = lowerCaseNames.get(name);
  if (lower === undefined) {
    lower = name.toLowerCase();
    if (lowerCaseNames.size < maxLowerCaseNames) {
      lowerCaseNames.set(name, lower);
    }
  }
  return lower;
}

/** A field name has no whitespace (RFC 9112 §5.1: none before the colon, and a name is a token). */
function isFieldName(text: string, from: number, to: number): boolean {
  for (let at = from; at < to; at += 1) {
    const code = text.charCodeAt(at);
    // Space, tab and the other whitespace latin1 can carry (CR and LF cannot be here, lines were split at CRLF).
    if (code === space || (code >= 0x09 && code <= 0x0d) || code === 0x85 || code === 0xa0) {
      return false;
    }
  }
  return true;
}

/** A response the parser cannot read: classed as a network failure (`OCI_NETWORK`) like undici's parser errors. */
export class ResponseParseError extends Error {
  readonly code = 'EPROTO';
  constructor(message: string) {
    super(message);
    this.name = 'ResponseParseError';
  }
}

type State = 'head' | 'fixed' | 'chunk-size' | 'chunk-data' | 'chunk-data-end' | 'trailers' | 'until-close' | 'done';

/**
 * Incremental reader of one HTTP/1.1 response to a GET or HEAD, fed whatever the socket read. The head is copied out
 * (it is small); body bytes are handed on as views into the fed buffer, never copied, so a socket can read into one
 * reused buffer. Framing follows RFC 9112 §6.3: no body for HEAD, 1xx, 204 and 304; chunked before Content-Length;
 * else Content-Length; else until the connection closes. Interim 1xx responses are skipped.
 */
export class Http1ResponseParser {
  private state: State = 'head';
  private head = noBytes;
  private line = '';
  private remaining = 0;
  private keepAlive = true;
  private readonly method: 'GET' | 'HEAD';
  private readonly handlers: ResponseParserHandlers;

  constructor(method: 'GET' | 'HEAD', handlers: ResponseParserHandlers) {
    this.method = method;
    this.handlers = handlers;
  }

  /** True once the whole response was read. */
  get done(): boolean {
    return this.state === 'done';
  }

  /** True while nothing of the response has been seen (a reused connection that closes now never answered). */
  get untouched(): boolean {
    return this.state === 'head' && this.head.byteLength === 0;
  }

  /**
   * Reads `data`. Throws {@link ResponseParseError} on a malformed response, or on bytes after the end of the
   * response (this client never pipelines, so they can only be garbage).
   */
  feed(data: Buffer): void {
    let at = 0;
    while (at < data.byteLength) {
      switch (this.state) {
        case 'head':
          at = this.readHead(data, at);
          break;
        case 'fixed':
        case 'chunk-data': {
          const take = Math.min(this.remaining, data.byteLength - at);
          this.handlers.onBody(data.subarray(at, at + take));
          at += take;
          this.remaining -= take;
          if (this.remaining === 0 && this.state === 'fixed') {
            this.finish();
          } else if (this.remaining === 0) {
            this.state = 'chunk-data-end';
          }
          break;
        }
        case 'until-close':
          this.handlers.onBody(at === 0 ? data : data.subarray(at));
          at = data.byteLength;
          break;
        case 'chunk-size':
        case 'chunk-data-end':
        case 'trailers':
          at = this.readLine(data, at);
          break;
        case 'done':
          throw new ResponseParseError('bytes after the end of the response');
      }
    }
  }

  /** The connection closed: ends a body read until close, else throws unless the response was complete. */
  end(): void {
    if (this.state === 'until-close') {
      this.finish();
    } else if (this.state !== 'done') {
      throw new ResponseParseError('connection closed before the response ended');
    }
  }

  private readHead(data: Buffer, at: number): number {
    // Look for the blank line across the bytes kept so far (the last 3 may start it) and the new ones.
    const before = this.head.byteLength;
    const joined = before === 0 ? data.subarray(at) : Buffer.concat([this.head, data.subarray(at)]);
    const end = joined.indexOf(blankLine, Math.max(0, before - 3));
    if (end < 0) {
      if (joined.byteLength > maxHeadBytes) {
        throw new ResponseParseError(`response head longer than ${maxHeadBytes} bytes`);
      }
      // Copy: `data` may be a reused buffer that the next read overwrites.
      this.head = Buffer.from(joined);
      return data.byteLength;
    }
    if (end > maxHeadBytes) {
      throw new ResponseParseError(`response head longer than ${maxHeadBytes} bytes`);
    }
    const text = joined.toString('latin1', 0, end);
    this.head = noBytes;
    const consumed = end + 4 - before;
    // Walked by index, not split and matched: a storm reads thousands of heads a second, and the array of lines, the
    // status regex and a regex per field were most of this parser's time.
    const statusEnd = lineEnd(text, 0);
    const status = statusOf(text, statusEnd);
    const headers: Record<string, string> = {};
    for (let at = statusEnd + 2; at < text.length; ) {
      const fieldEnd = lineEnd(text, at);
      const colon = text.indexOf(':', at);
      if (colon <= at || colon > fieldEnd || !isFieldName(text, at, colon)) {
        throw new ResponseParseError(`bad header line: ${JSON.stringify(text.slice(at, Math.min(fieldEnd, at + 80)))}`);
      }
      headers[lowerCaseName(text.slice(at, colon))] = text.slice(colon + 1, fieldEnd).trim();
      at = fieldEnd + 2;
    }
    if (status < 200) {
      // An interim answer (100 Continue, 103 Early Hints): the real one follows.
      return at + consumed;
    }
    const connection = (headers['connection'] ?? '').toLowerCase();
    // HTTP/1.1 keeps the connection unless told to close; HTTP/1.0 closes it unless told to keep it.
    this.keepAlive = text.charCodeAt(7) === digitOne ? !connection.includes('close') : connection.includes('keep-alive');
    // Framing first: it decides whether the connection can be reused, which the head reports.
    this.frameBody(status, headers);
    this.handlers.onHead({ status, headers, keepAlive: this.keepAlive });
    if (this.state === 'done') {
      this.handlers.onEnd();
    }
    return at + consumed;
  }

  /** Sets the state that reads the body (`done` when there is none; the caller then reports the end). */
  private frameBody(status: number, headers: Record<string, string>): void {
    const transferEncoding = headers['transfer-encoding'];
    const contentLength = headers['content-length'];
    if (this.method === 'HEAD' || status === 204 || status === 304) {
      this.state = 'done';
    } else if (transferEncoding !== undefined) {
      if (!/(?:^|,)\s*chunked\s*$/i.test(transferEncoding)) {
        // Not chunked last: only the close ends the body (RFC 9112 §6.3 item 4), and the connection cannot be reused.
        this.keepAlive = false;
        this.state = 'until-close';
        return;
      }
      this.state = 'chunk-size';
    } else if (contentLength !== undefined) {
      if (!/^\d{1,15}$/.test(contentLength)) {
        throw new ResponseParseError(`bad Content-Length: ${JSON.stringify(contentLength.slice(0, 40))}`);
      }
      this.remaining = Number(contentLength);
      this.state = this.remaining === 0 ? 'done' : 'fixed';
    } else {
      this.keepAlive = false;
      this.state = 'until-close';
    }
  }

  /** One CRLF-ended line of the chunked framing (size line, the CRLF after data, trailers); copies only line bytes. */
  private readLine(data: Buffer, at: number): number {
    const newline = data.indexOf(10, at);
    const stop = newline < 0 ? data.byteLength : newline + 1;
    this.line += data.toString('latin1', at, stop);
    if (this.line.length > maxLineBytes) {
      throw new ResponseParseError('chunked framing line too long');
    }
    if (newline < 0) {
      return stop;
    }
    const line = this.line.replace(/\r?\n$/, '');
    this.line = '';
    if (this.state === 'chunk-data-end') {
      if (line !== '') {
        throw new ResponseParseError('chunk data longer than its size');
      }
      this.state = 'chunk-size';
    } else if (this.state === 'chunk-size') {
      const size = /^([0-9a-fA-F]{1,12})(?:\s*;.*)?$/.exec(line);
      if (size === null) {
        throw new ResponseParseError(`bad chunk size: ${JSON.stringify(line.slice(0, 40))}`);
      }
      this.remaining = Number.parseInt(size[1] ?? '', 16);
      this.state = this.remaining === 0 ? 'trailers' : 'chunk-data';
    } else if (line === '') {
      // The blank line after the trailers ends the message.
      this.finish();
    }
    return stop;
  }

  private finish(): void {
    this.state = 'done';
    this.handlers.onEnd();
  }
}
