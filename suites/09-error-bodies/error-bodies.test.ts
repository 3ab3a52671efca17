import { describe, expect, it } from 'vitest';
import type { FakeRegistryOptions, FakeResponse } from '../../src/conformance/test-support/fake-registry-types.js';
import suite from './index.js';
import { expectAllPass, expectCheckOutcome, runChecks } from '../test-support/suite-faults.js';

/** Rewrites every 4xx of the suite's repositories (the probe keeps a conformant registry). */
function on4xx(mutate: (response: FakeResponse) => void): FakeRegistryOptions {
  return {
    faults: {
      rewrite: (response, ctx) => {
        if (response.status >= 400 && response.status < 500 && (ctx.repo?.includes(`/${suite.id}-`) ?? false)) {
          mutate(response);
        }
      },
    },
  };
}

/** Sets a JSON body. */
function json(body: unknown): (response: FakeResponse) => void {
  return (response) => {
    response.body = Buffer.from(JSON.stringify(body));
    response.headers['content-type'] = 'application/json';
    delete response.headers['content-length'];
  };
}

describe('error-bodies suite', () => {
  it('passes every check on a conformant registry', async () => {
    await expectAllPass(suite);
  });

  for (const check of suite.checks) {
    it(`fails ${check.id} when the JSON error body has no "errors" array`, async () => {
      await expectCheckOutcome(suite, check.id, on4xx(json({ error: 'oops' })), 'a JSON error body has the spec shape: expected a JSON error body with an "errors" array');
    });
  }

  it('fails when a code is not uppercase letters and "_"', async () => {
    await expectCheckOutcome(suite, 'blob-unknown', on4xx(json({ errors: [{ code: 'blob-unknown' }] })), 'errors[0].code made of uppercase letters');
  });

  it('fails when a message is not a string', async () => {
    await expectCheckOutcome(suite, 'manifest-unknown-tag', on4xx(json({ errors: [{ code: 'MANIFEST_UNKNOWN', message: 42 }] })), 'errors[0].message to be a string');
  });

  it('fails a MUST 404 answered with another 4xx, and fails a 5xx', async () => {
    await expectCheckOutcome(suite, 'blob-unknown', on4xx((r) => void (r.status = 400)), 'expected status 404, got status 400');
    await expectCheckOutcome(suite, 'name-unknown', on4xx((r) => void (r.status = 500)), 'expected a 4xx status, got status 500');
  });

  it('warns on an unknown code and on an unexpected known code', async () => {
    await expectCheckOutcome(suite, 'blob-unknown', on4xx(json({ errors: [{ code: 'NOT_A_SPEC_CODE' }] })), 'error codes are known codes', 'warned');
    await expectCheckOutcome(suite, 'blob-unknown', on4xx(json({ errors: [{ code: 'DENIED' }] })), 'expected error code BLOB_UNKNOWN', 'warned');
  });

  it('skips (never fails) when a registry answers 200 where erroring is not required', async () => {
    const virtualRepos: FakeRegistryOptions = {
      faults: {
        rewrite: (response, ctx) => {
          if (ctx.route === 'tags-list' && response.status === 404) {
            response.status = 200;
            response.body = Buffer.from('{"name":"x","tags":[]}');
            delete response.headers['content-length'];
          }
        },
      },
    };
    const { status, message } = await runChecks(suite, 'name-unknown', virtualRepos);
    expect(status('name-unknown')).toBe('skipped');
    expect(message('name-unknown')).toContain('virtual repositories');
  });

  it('passes a non-JSON 4xx body (a 4xx MAY have any body)', async () => {
    const plain = on4xx((r) => {
      r.body = Buffer.from('not found');
      r.headers['content-type'] = 'text/plain';
      delete r.headers['content-length'];
    });
    const { status } = await runChecks(suite, 'manifest-unknown', plain);
    expect([status('manifest-unknown-tag'), status('manifest-unknown-digest')]).toEqual(['passed', 'passed']);
  });
});
