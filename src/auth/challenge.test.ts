import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AuthError } from '../errors/index.js';
import { type Challenge, formatChallenges, parseChallenges } from './challenge.js';

describe('parseChallenges', () => {
  it('parses a Docker Hub bearer challenge', () => {
    expect(
      parseChallenges(
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:samalba/my-app:pull,push"',
      ),
    ).toEqual([
      {
        scheme: 'bearer',
        params: {
          realm: 'https://auth.docker.io/token',
          service: 'registry.docker.io',
          scope: 'repository:samalba/my-app:pull,push',
        },
      },
    ]);
  });

  it('parses several challenges in one header, with quoted commas and escapes', () => {
    const parsed = parseChallenges('Basic realm="a, \\"b\\"", Bearer realm="https://x/token", error=insufficient_scope');
    expect(parsed).toEqual([
      { scheme: 'basic', params: { realm: 'a, "b"' } },
      { scheme: 'bearer', params: { realm: 'https://x/token', error: 'insufficient_scope' } },
    ]);
  });

  it('accepts a challenge without scope, lower-cases names and tolerates empty list elements', () => {
    expect(parseChallenges(' , BEARER Realm="r" , ,')).toEqual([{ scheme: 'bearer', params: { realm: 'r' } }]);
  });

  it('parses a bare scheme and a token68', () => {
    expect(parseChallenges('Negotiate abc+/==, Basic')).toEqual([
      { scheme: 'negotiate', params: {}, token68: 'abc+/==' },
      { scheme: 'basic', params: {} },
    ]);
  });

  it.each([
    ['', 'no challenge found'],
    ['Bearer realm="unterminated', 'unterminated quoted string'],
    ['Bearer realm=', 'expected a value after "realm="'],
    ['Bearer realm="r", =x', 'expected an auth scheme'],
    ['Bearer realm="a" junk', 'unexpected "j" after parameter "realm"'],
    ['"quoted-scheme"', 'expected an auth scheme'],
  ])('rejects %j with a clear message', (header, problem) => {
    expect(() => parseChallenges(header)).toThrow(AuthError);
    expect(() => parseChallenges(header)).toThrow(problem);
  });

  const tokenArb = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.-]{0,10}$/);
  const challengeArb: fc.Arbitrary<Challenge> = fc.record({
    scheme: tokenArb.map((value) => value.toLowerCase()),
    params: fc.dictionary(
      tokenArb.map((value) => value.toLowerCase()),
      fc.string({ maxLength: 30 }),
      { minKeys: 1, maxKeys: 4 },
    ),
  });

  it('round-trips any formatted challenge list (property)', () => {
    fc.assert(
      fc.property(fc.array(challengeArb, { minLength: 1, maxLength: 4 }), (challenges) => {
        expect(parseChallenges(formatChallenges(challenges))).toEqual(challenges);
      }),
      { numRuns: 300 },
    );
  });

  it('never crashes on garbage: it returns challenges or throws AuthError (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (garbage) => {
        try {
          const parsed = parseChallenges(garbage);
          expect(parsed.length).toBeGreaterThan(0);
        } catch (error) {
          expect(error).toBeInstanceOf(AuthError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
