import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { runSuiteOnFake } from '../../src/conformance/test-support/run-suite-on-fake.js';
import throttling from './index.js';

/** Faults answering the first ping (the reachability probe) with a 429 of the given shape; the client waits it out. */
function firstPingThrottled(headers: Record<string, string>, body: string) {
  let pings = 0;
  return {
    faults: {
      before: (_req: unknown, res: ServerResponse, ctx: { route: string }) => {
        if (ctx.route === 'ping' && ++pings === 1) {
          res.writeHead(429, headers);
          res.end(body);
          return true;
        }
        return false;
      },
    },
  };
}

describe('throttling suite', () => {
  it('skips both checks, saying why, when no request met a 429', async () => {
    const { status, message, run } = await runSuiteOnFake(throttling);
    expect(status('throttling/retry-after')).toBe('skipped');
    expect(message('throttling/retry-after')).toContain('no request of this run was answered 429');
    expect(status('throttling/toomanyrequests-body')).toBe('skipped');
    expect(run.targets[0]?.traffic).toMatchObject({ throttled: 0, warnings: [] });
  });

  it('passes a 429 with Retry-After and a TOOMANYREQUESTS body, and the target counts it', async () => {
    const { status, run } = await runSuiteOnFake(
      throttling,
      firstPingThrottled({ 'retry-after': '0', 'content-type': 'application/json' }, '{"errors":[{"code":"TOOMANYREQUESTS","message":"slow"}]}'),
    );
    expect(status('throttling/retry-after')).toBe('passed');
    expect(status('throttling/toomanyrequests-body')).toBe('passed');
    expect(run.targets[0]?.traffic).toMatchObject({ throttled: 1, throttleRetries: 1, throttledWithoutRetryAfter: 0, throttledNonJson: 0 });
  });

  it('warns on a plain-text 429 without Retry-After (waited out with the 1 s fallback)', async () => {
    const { status, message, run } = await runSuiteOnFake(throttling, firstPingThrottled({ 'content-type': 'text/plain' }, 'Too Many Requests (HAP429).'));
    expect(status('throttling/retry-after')).toBe('warned');
    expect(message('throttling/retry-after')).toMatch(/^A 429 carries Retry-After: expected a Retry-After header on every 429 \(seconds or an HTTP date\), got 1 of 1 429 answers had none; the first: GET http:\/\/127\.0\.0\.1:\d+\/v2\/$/);
    expect(status('throttling/toomanyrequests-body')).toBe('warned');
    expect(message('throttling/toomanyrequests-body')).toContain('1 of 1 429 answers did not name it (1 not JSON at all)');
    expect(run.targets[0]?.traffic).toMatchObject({ throttled: 1, throttleWaitMs: 1000, throttledNonJson: 1 });
  });
});
