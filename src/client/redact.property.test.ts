import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendQueryParam } from './location.js';
import { redactHeaders, redactUrl } from './redact.js';

/** Secret-looking values: long enough to be searched for without matching ordinary URL text by chance. */
const secretValue = fc.stringMatching(/^[A-Za-z0-9_~.-]{12,40}$/);
const secretParam = fc.constantFrom(
  '_state',
  'X-Amz-Signature',
  'X-Amz-Credential',
  'sig',
  'token',
  'X-Goog-Signature',
  'Signature',
);
const plainParam = fc.constantFrom('n', 'last', 'digest', 'mount', 'from');

describe('redaction properties', () => {
  it('no secret query value survives in a URL or a Location header, whatever surrounds it', () => {
    fc.assert(
      fc.property(
        secretParam,
        secretValue,
        fc.array(fc.tuple(plainParam, fc.stringMatching(/^[a-z0-9]{0,8}$/)), { maxLength: 4 }),
        fc.boolean(),
        (name, value, others, absolute) => {
          const query = [...others.map(([k, v]) => `${k}=${v}`), `${name}=${value}`].join('&');
          const url = `${absolute ? 'https://reg.example:5000' : ''}/v2/a/blobs/uploads/u?${query}`;
          expect(redactUrl(url)).not.toContain(value);
          expect(JSON.stringify(redactHeaders({ Location: url }))).not.toContain(value);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('appendQueryParam keeps every existing parameter and adds the new one exactly', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(plainParam, fc.stringMatching(/^[a-z0-9]{0,8}$/)), { maxLength: 4 }),
        fc.string({ maxLength: 30 }),
        (existing, value) => {
          const query = existing.map(([k, v]) => `${k}=${v}`).join('&');
          const base = existing.length === 0 ? 'http://h/u' : `http://h/u?${query}`;
          const out = new URL(appendQueryParam(base, 'digest', value));
          const params = [...out.searchParams.entries()];
          expect(params.slice(0, existing.length)).toEqual(existing);
          expect(params[existing.length]).toEqual(['digest', value]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
