import { describe, expect, it } from 'vitest';
import { appendQueryParam, isLoopbackHost, isSameOrigin, resolveLocation } from './location.js';
import { parseRetryAfter } from './retry-after.js';

describe('resolveLocation', () => {
  it('resolves relative, absolute and other-host locations and keeps their query', () => {
    const base = 'http://127.0.0.1:5000/v2/a/blobs/uploads/';
    expect(resolveLocation('/v2/a/blobs/uploads/u1?_state=x', base)).toBe('http://127.0.0.1:5000/v2/a/blobs/uploads/u1?_state=x');
    expect(resolveLocation('u2', base)).toBe('http://127.0.0.1:5000/v2/a/blobs/uploads/u2');
    expect(resolveLocation('https://up.example/x?t=1', base)).toBe('https://up.example/x?t=1');
  });
});

describe('appendQueryParam', () => {
  it('uses ? or & as needed and encodes the value', () => {
    expect(appendQueryParam('http://h/u', 'digest', 'sha256:ab')).toBe('http://h/u?digest=sha256%3Aab');
    expect(appendQueryParam('http://h/u?_state=x', 'digest', 'sha256:ab')).toBe('http://h/u?_state=x&digest=sha256%3Aab');
    expect(appendQueryParam('http://h/u?', 'n', '1')).toBe('http://h/u?n=1');
    expect(appendQueryParam('http://h/u?a=1&', 'n', '1')).toBe('http://h/u?a=1&n=1');
    expect(appendQueryParam('/u#frag', 'n', '1')).toBe('/u?n=1#frag');
  });
});

describe('origins', () => {
  it('compares scheme, host and port with default ports made explicit', () => {
    expect(isSameOrigin(new URL('https://h/a'), new URL('https://h:443/b'))).toBe(true);
    expect(isSameOrigin(new URL('http://h/a'), new URL('https://h/a'))).toBe(false);
    expect(isSameOrigin(new URL('http://h:1/a'), new URL('http://h:2/a'))).toBe(false);
    expect(isSameOrigin(new URL('http://H/a'), new URL('http://h/a'))).toBe(true);
  });

  it('knows loopback hosts', () => {
    expect(['127.0.0.1', '127.1.2.3', '[::1]', 'localhost'].map(isLoopbackHost)).toEqual([true, true, true, true]);
    expect(['10.0.0.1', 'registry.example', '128.0.0.1'].map(isLoopbackHost)).toEqual([false, false, false]);
    // DNS names under .localhost are not pinned to loopback by Node's resolver; nor are look-alikes.
    expect(['registry.localhost', 'a.b.localhost', 'localhost.evil.example', '127.0.0.1.nip.io'].map(isLoopbackHost)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('parseRetryAfter', () => {
  it('parses seconds and HTTP dates, and rejects garbage', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
  });
});
