import { describe, expect, it } from 'vitest';
import { ConformanceFailure, TimeoutError, UnsupportedApiError } from '../errors/index.js';
import { classifyOutcome } from './classify-outcome.js';

const miss = new ConformanceFailure('HEAD on a missing blob returns 404: expected status 404, got status 200', {
  expected: 'status 404',
  actual: 'status 200',
  method: 'HEAD',
  url: 'http://127.0.0.1/v2/a/blobs/sha256:0',
  spec: ['end-2'],
});

describe('classifyOutcome', () => {
  it('keeps expected, actual, request and spec of a MUST miss', () => {
    expect(classifyOutcome('MUST', miss, false)).toEqual({
      status: 'failed',
      errors: [
        {
          message: 'HEAD on a missing blob returns 404: expected status 404, got status 200',
          expected: 'status 404',
          actual: 'status 200',
          method: 'HEAD',
          url: 'http://127.0.0.1/v2/a/blobs/sha256:0',
          spec: ['end-2'],
        },
      ],
    });
  });

  it('warns on a SHOULD miss and reports a MAY miss as an unsupported capability', () => {
    expect(classifyOutcome('SHOULD', miss, false).status).toBe('warned');
    expect(classifyOutcome('MAY', miss, false)).toEqual({
      status: 'skipped',
      reason: `capability not supported: ${miss.message}`,
    });
    expect(classifyOutcome('MAY', undefined, true)).toEqual({ status: 'passed', note: 'supported' });
  });

  it('skips on UnsupportedApiError and errors on anything else, with its code', () => {
    expect(classifyOutcome('MUST', new UnsupportedApiError('no referrers API', 'referrers'), false)).toEqual({
      status: 'skipped',
      reason: 'capability not supported: referrers (no referrers API)',
    });
    expect(classifyOutcome('MUST', new TimeoutError('GET /v2/ timed out', 10), false)).toEqual({
      status: 'errored',
      errors: [{ message: 'GET /v2/ timed out', code: 'OCI_TIMEOUT' }],
    });
    expect(classifyOutcome('MUST', 'a string', false)).toEqual({
      status: 'errored',
      errors: [{ message: 'a string', code: 'OCI_INTERNAL' }],
    });
  });
});
