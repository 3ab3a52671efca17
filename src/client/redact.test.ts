import { describe, expect, it } from 'vitest';
import { redactOutgoing, rememberSecrets } from './redact-outgoing.js';
import { REDACTED, redactBodyText, redactHeaders, redactSecrets, redactText, redactUrl } from './redact.js';

const secrets = {
  state: 'c3RhdGUtc2VjcmV0LWhtYWM',
  amzSig: 'a1b2c3d4e5f6amzsignature',
  amzCred: 'AKIAEXAMPLECREDENTIAL',
  amzToken: 'FwoGZXIvYXdzSECURITYTOKEN',
  sas: 'sv-sig-azure-SAS-value',
  goog: 'googsignaturevalue0123',
  token: 'eyJhbGciOiJSUzI1NiJ9.payload.sig',
  password: 'hunter2-password',
  basic: Buffer.from('user:hunter2-password').toString('base64'),
  cookie: 'session-cookie-value-xyz',
};

const all = Object.values(secrets);

/** Asserts that no secret survives in a text. */
function expectClean(text: string): void {
  for (const secret of all) {
    expect(text).not.toContain(secret);
  }
}

describe('redactUrl', () => {
  it('replaces upload state, signed-URL parameters and userinfo, and keeps the rest', () => {
    const urls = [
      `http://r.example/v2/a/blobs/uploads/u1?_state=${secrets.state}&keep=1`,
      `https://bucket.s3.amazonaws.com/x?X-Amz-Algorithm=AWS4&X-Amz-Credential=${secrets.amzCred}&X-Amz-Signature=${secrets.amzSig}&X-Amz-Security-Token=${secrets.amzToken}`,
      `https://acct.blob.core.windows.net/c/b?sv=2020&se=2026-01-01&sp=r&sig=${secrets.sas}`,
      `https://storage.googleapis.com/b/o?X-Goog-Signature=${secrets.goog}&Expires=123`,
      `https://cdn.example/x?token=${secrets.token}&Signature=${secrets.amzSig}`,
      `https://user:${secrets.password}@r.example/v2/`,
      `/v2/a/blobs/uploads/u1?_state=${secrets.state}`,
      `https://r.example/x?access_token=${secrets.token}`,
    ];
    for (const url of urls) {
      expectClean(redactUrl(url));
      expect(redactUrl(url)).toContain(REDACTED);
    }
    expect(redactUrl(urls[0]!)).toBe(`http://r.example/v2/a/blobs/uploads/u1?_state=${REDACTED}&keep=1`);
    expect(redactUrl(urls[6]!)).toBe(`/v2/a/blobs/uploads/u1?_state=${REDACTED}`);
    expect(redactUrl('http://r.example/v2/a/tags/list?n=2&last=b')).toBe('http://r.example/v2/a/tags/list?n=2&last=b');
  });
});

describe('redactHeaders', () => {
  it('removes credentials from secret headers, URL headers and free text', () => {
    const headers = {
      Authorization: `Basic ${secrets.basic}`,
      'Proxy-Authorization': `Bearer ${secrets.token}`,
      Cookie: `sid=${secrets.cookie}`,
      'set-cookie': `sid=${secrets.cookie}; HttpOnly`,
      'X-Registry-Auth': secrets.token,
      location: `/v2/a/blobs/uploads/u1?_state=${secrets.state}`,
      link: `</v2/a/tags/list?n=2&last=b&token=${secrets.token}>; rel="next"`,
      'x-echo': `Bearer ${secrets.token}`,
      'x-custom': `the password is ${secrets.password}`,
      'www-authenticate': 'Bearer realm="https://auth.example/token",service="registry"',
    };
    const out = redactHeaders(headers, [secrets.password]);
    expectClean(JSON.stringify(out));
    expect(out['authorization']).toBe(REDACTED);
    expect(out['location']).toBe(`/v2/a/blobs/uploads/u1?_state=${REDACTED}`);
    expect(out['link']).toBe(`</v2/a/tags/list?n=2&last=b&token=${REDACTED}>; rel="next"`);
    expect(out['www-authenticate']).toBe('Bearer realm="https://auth.example/token",service="registry"');
  });
});

describe('redactBodyText', () => {
  it('blanks token fields of JSON bodies and known secrets', () => {
    const body = JSON.stringify({ token: secrets.token, access_token: secrets.token, expires_in: 60, note: secrets.password });
    const out = redactBodyText(body, [secrets.password]);
    expectClean(out);
    expect(JSON.parse(out)).toEqual({ token: REDACTED, access_token: REDACTED, expires_in: 60, note: REDACTED });
  });
});

describe('redactText', () => {
  it('leaves prose that merely names an auth scheme alone, and still redacts a lower-case credential', () => {
    expect(redactText('--auth must be none, basic or token, not "kerberos"', [])).toBe(
      '--auth must be none, basic or token, not "kerberos"',
    );
    expect(redactText('authorization: basic cmVnYXR0YTpzM2NyZXQ=', [])).not.toContain('cmVnYXR0YTpzM2NyZXQ');
    expect(redactText('sent Basic YTpi to the proxy', [])).not.toContain('YTpi');
  });

  it('redacts URLs, credentials, tokens and known secrets wherever they sit in free text', () => {
    const text = [
      `expected status 204, got 200 at http://r.example/v2/a/blobs/uploads/u1?_state=${secrets.state}&digest=sha256:1`,
      `redirected to https://b.s3.example/o?X-Amz-Credential=${secrets.amzCred}&amp;X-Amz-Signature=${secrets.amzSig} (307)`,
      `sas https://a.blob.core.windows.net/c?sv=1&sig=${secrets.sas}`,
      `proxy https://user:${secrets.password}@proxy.example:3128/`,
      `header Authorization: Basic ${secrets.basic}`,
      `id token ${secrets.token}`,
      `{"access_token":"${secrets.token}"}`,
      `echoed ${secrets.cookie}`,
    ].join('\n');
    const out = redactText(text, [secrets.cookie]);
    expectClean(out);
    expect(out).toContain(`/v2/a/blobs/uploads/u1?_state=${REDACTED}&digest=sha256:1`);
    expect(out).toContain(`X-Amz-Credential=${REDACTED}&amp;X-Amz-Signature=${REDACTED} (307)`);
    expect(out).toContain(`https://${REDACTED}@proxy.example:3128/`);
    expect(redactText('GET /v2/a/tags/list?n=2&last=b: status 200')).toBe('GET /v2/a/tags/list?n=2&last=b: status 200');
  });
});

describe('redactSecrets', () => {
  it('replaces every one of many secrets in one pass: the longest whole, metacharacters literally, short ones never', () => {
    const tokens = Array.from({ length: 300 }, (_, index) => `opaque-token-${index}-${'x'.repeat(index % 7)}`);
    const secrets = [...tokens, 'pa$$w.rd(1)', 'pa$$w.rd(1)-longer', 'abc', 'p@ss'];
    const text = `a ${tokens[299] ?? ''} b pa$$w.rd(1)-longer c pa$$w.rd(1) d abc e p@ss f ${tokens[7] ?? ''}`;
    expect(redactSecrets(text, secrets)).toBe(`a ${REDACTED} b ${REDACTED} c ${REDACTED} d abc e ${REDACTED} f ${REDACTED}`);
    // A regular expression's metacharacters in a secret match only themselves.
    expect(redactSecrets('paXXw.rd(1) pa$$wXrd(1)', secrets)).toBe('paXXw.rd(1) pa$$wXrd(1)');
    expect(redactSecrets('nothing here', [])).toBe('nothing here');
  });
});

describe('redactOutgoing', () => {
  it('redacts every string of a nested result, header records by name, and remembered secrets', () => {
    rememberSecrets(['remembered-secret-42']);
    const result = {
      errors: [{ url: `/v2/a/blobs/uploads/u?_state=${secrets.state}`, message: 'the registry said remembered-secret-42' }],
      transcript: [{ request: { headers: { authorization: `Bearer ${secrets.token}`, 'x-trace': 'kept' } } }],
      count: 3,
      flag: true,
    };
    const out = redactOutgoing(result);
    expect(out).toEqual({
      errors: [{ url: `/v2/a/blobs/uploads/u?_state=${REDACTED}`, message: `the registry said ${REDACTED}` }],
      transcript: [{ request: { headers: { authorization: REDACTED, 'x-trace': 'kept' } } }],
      count: 3,
      flag: true,
    });
    expect(result.errors[0]?.message).toBe('the registry said remembered-secret-42');
  });
});
