import { describe, expect, it } from 'vitest';
import { authVariantGap, tlsVariantGap } from './lab-variant-support.js';

describe('authVariantGap', () => {
  it('lets distribution and zot run behind Basic, only distribution behind tokens, everything open', () => {
    expect(authVariantGap('distribution', 'basic')).toBeUndefined();
    expect(authVariantGap('zot', 'basic')).toBeUndefined();
    expect(authVariantGap('olareg', 'basic')).toBe('only distribution and zot have a basic auth variant');
    expect(authVariantGap('distribution', 'token')).toBeUndefined();
    expect(authVariantGap('zot', 'token')).toBe('only distribution has a token auth variant');
    expect(authVariantGap(undefined, 'basic')).toBe('only distribution and zot have a basic auth variant');
    expect(authVariantGap('olareg', 'none')).toBeUndefined();
  });
});

describe('tlsVariantGap', () => {
  it('keeps olareg out of mTLS, and zot when htpasswd would make its client certificate optional', () => {
    expect(tlsVariantGap('olareg', 'mtls', 'none')).toBe('olareg cannot require client certificates');
    expect(tlsVariantGap('zot', 'mtls', 'none')).toBeUndefined();
    expect(tlsVariantGap('zot', 'mtls', 'basic')).toBe('zot stops requiring client certificates once htpasswd auth is on');
    expect(tlsVariantGap('distribution', 'mtls', 'basic')).toBeUndefined();
    expect(tlsVariantGap('olareg', 'tls', 'none')).toBeUndefined();
    expect(tlsVariantGap('zot', 'tls', 'basic')).toBeUndefined();
  });
});
