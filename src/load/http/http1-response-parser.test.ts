import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Http1ResponseParser, ResponseParseError, type ResponseHead } from './http1-response-parser.js';

/** Feeds `wire` cut at `cuts` and returns what the parser reported. */
function parse(wire: Buffer, cuts: readonly number[] = [], method: 'GET' | 'HEAD' = 'GET', closeAtEnd = false) {
  const heads: ResponseHead[] = [];
  const body: Buffer[] = [];
  let ends = 0;
  const parser = new Http1ResponseParser(method, {
    onHead: (head) => heads.push(head),
    // Copied here only to compare; the parser itself hands out views.
    onBody: (chunk) => body.push(Buffer.from(chunk)),
    onEnd: () => {
      ends += 1;
    },
  });
  const points = [...new Set(cuts)].filter((cut) => cut > 0 && cut < wire.byteLength).sort((a, b) => a - b);
  let from = 0;
  for (const cut of [...points, wire.byteLength]) {
    parser.feed(wire.subarray(from, cut));
    from = cut;
  }
  if (closeAtEnd) {
    parser.end();
  }
  return { heads, body: Buffer.concat(body), ends, done: parser.done };
}

const payload = Buffer.from(Array.from({ length: 3000 }, (_, index) => (index * 7) % 256));

function fixedResponse(extraHeaders = ''): Buffer {
  return Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: ${payload.length}\r\nDocker-Content-Digest: sha256:x\r\n${extraHeaders}\r\n`), payload]);
}

function chunkedResponse(): Buffer {
  const parts = [payload.subarray(0, 1000), payload.subarray(1000, 1001), payload.subarray(1001)];
  return Buffer.concat([
    Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'),
    ...parts.flatMap((part, index) => [Buffer.from(`${part.length.toString(16)}${index === 1 ? ';ext=1' : ''}\r\n`), part, Buffer.from('\r\n')]),
    Buffer.from('0\r\nX-Trailer: t\r\n\r\n'),
  ]);
}

describe('Http1ResponseParser', () => {
  it('reads a Content-Length body whole however the socket splits it', () => {
    const wire = fixedResponse();
    fc.assert(
      fc.property(fc.array(fc.nat(wire.length), { maxLength: 12 }), (cuts) => {
        const result = parse(wire, cuts);
        expect(result.heads).toEqual([{ status: 200, headers: { 'content-length': '3000', 'docker-content-digest': 'sha256:x' }, keepAlive: true }]);
        expect(result.body.equals(payload)).toBe(true);
        expect(result.ends).toBe(1);
      }),
    );
  });

  it('reads a chunked body (extensions, trailers) whole however the socket splits it', () => {
    const wire = chunkedResponse();
    fc.assert(
      fc.property(fc.array(fc.nat(wire.length), { maxLength: 12 }), (cuts) => {
        const result = parse(wire, cuts);
        expect(result.heads[0]?.status).toBe(200);
        expect(result.body.equals(payload)).toBe(true);
        expect(result.ends).toBe(1);
      }),
    );
  });

  it('hands body bytes on as views of the fed buffer, never copies', () => {
    const wire = fixedResponse();
    const seen: Buffer[] = [];
    const parser = new Http1ResponseParser('GET', { onHead: () => undefined, onBody: (chunk) => seen.push(chunk), onEnd: () => undefined });
    parser.feed(wire);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.buffer).toBe(wire.buffer);
  });

  it('reads a body without length until the close, and the connection is not reused', () => {
    const wire = Buffer.concat([Buffer.from('HTTP/1.1 200 OK\r\n\r\n'), payload]);
    const result = parse(wire, [100, 2000], 'GET', true);
    expect(result.body.equals(payload)).toBe(true);
    expect(result.heads[0]?.keepAlive).toBe(false);
    expect(result.ends).toBe(1);
  });

  it('a close before the end of a Content-Length or chunked body is an error, not a short success', () => {
    const fixed = fixedResponse();
    expect(() => parse(fixed.subarray(0, fixed.length - 1), [], 'GET', true)).toThrow(new ResponseParseError('connection closed before the response ended'));
    const chunked = chunkedResponse();
    expect(() => parse(chunked.subarray(0, chunked.length - 2), [], 'GET', true)).toThrow(ResponseParseError);
  });

  it('HEAD, 204 and 304 have no body whatever Content-Length says', () => {
    expect(parse(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 3000\r\n\r\n'), [], 'HEAD')).toMatchObject({ ends: 1, done: true });
    expect(parse(Buffer.from('HTTP/1.1 204 No Content\r\n\r\n'))).toMatchObject({ ends: 1, done: true });
    expect(parse(Buffer.from('HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n'))).toMatchObject({ ends: 1, done: true });
  });

  it('skips an interim 100 Continue and reads the final answer', () => {
    const wire = Buffer.concat([Buffer.from('HTTP/1.1 100 Continue\r\n\r\n'), fixedResponse()]);
    const result = parse(wire, [10, 30]);
    expect(result.heads.map((head) => head.status)).toEqual([200]);
    expect(result.body.equals(payload)).toBe(true);
  });

  it('reads a status line with or without a reason, and header names in any case, values trimmed', () => {
    const bare = parse(Buffer.from('HTTP/1.1 404\r\nCONTENT-LENGTH: 2\r\nX-Empty:\r\nDocker-Content-Digest:   sha256:x  \r\n\r\nno'));
    expect(bare.heads[0]).toEqual({ status: 404, keepAlive: true, headers: { 'content-length': '2', 'x-empty': '', 'docker-content-digest': 'sha256:x' } });
    expect(bare.body.toString()).toBe('no');
    // The same names in another case come back lower-cased too (the parser remembers names it has seen).
    const again = parse(Buffer.from('HTTP/1.0 204 No Content\r\ncontent-length: 0\r\n\r\n'));
    expect(again.heads[0]).toEqual({ status: 204, keepAlive: false, headers: { 'content-length': '0' } });
  });

  it('keeps the connection per HTTP version and Connection header', () => {
    expect(parse(fixedResponse('Connection: close\r\n')).heads[0]?.keepAlive).toBe(false);
    const http10 = Buffer.from(`HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n`);
    expect(parse(http10).heads[0]?.keepAlive).toBe(false);
    const http10KeepAlive = Buffer.from(`HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n`);
    expect(parse(http10KeepAlive).heads[0]?.keepAlive).toBe(true);
  });

  it('rejects what it cannot frame: bad status line, bad length, bad chunk size, an endless head, bytes after the end', () => {
    expect(() => parse(Buffer.from('HTTP/2 200\r\n\r\n'))).toThrow('bad status line: "HTTP/2 200"');
    for (const line of ['HTTP/1.2 200 OK', 'HTTP/1.1 099 Low', 'HTTP/1.1 2000', 'HTTP/1.1 20x OK', 'HTTP/1.1  200 OK', 'HTTP/1.1 200x', 'http/1.1 200 OK']) {
      expect(() => parse(Buffer.from(`${line}\r\nContent-Length: 0\r\n\r\n`)), line).toThrow(`bad status line: ${JSON.stringify(line)}`);
    }
    expect(() => parse(Buffer.from('HTTP/1.1 200 OK\r\nContent Length: 0\r\n\r\n'))).toThrow('bad header line: "Content Length: 0"');
    expect(() => parse(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length\t: 0\r\n\r\n'))).toThrow('bad header line');
    expect(() => parse(Buffer.from('HTTP/1.1 200 OK\r\nno colon here\r\n\r\n'))).toThrow('bad header line: "no colon here"');
    expect(() => parse(Buffer.from('HTTP/1.1 200 OK\r\n: empty name\r\n\r\n'))).toThrow('bad header line: ": empty name"');
    expect(() => parse(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n'))).toThrow('bad Content-Length: "-1"');
    expect(() => parse(Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'))).toThrow('bad chunk size: "zz"');
    expect(() => parse(Buffer.from(`HTTP/1.1 200 OK\r\nX: ${'a'.repeat(70 * 1024)}`))).toThrow('response head longer than 65536 bytes');
    expect(() => parse(Buffer.concat([fixedResponse(), Buffer.from('HTTP/1.1')]))).toThrow('bytes after the end of the response');
  });
});
