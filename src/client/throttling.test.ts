import { afterEach, describe, expect, it } from 'vitest';
import type { Exchange } from '../model/index.js';
import { createRegistryClient } from './registry-client.js';
import { startScriptedServer, testTarget, type ScriptedServer } from './test-support/scripted-server.js';
import { decideOnThrottle, parseWarningTexts, type ThrottlePolicy } from './traffic-observations.js';
import type { RegistryClient } from './types.js';

const servers: ScriptedServer[] = [];
let client: RegistryClient | undefined;

afterEach(async () => {
  await client?.close();
  client = undefined;
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const fastPolicy: ThrottlePolicy = { maxRetries: 3, maxWaitMs: 2000, fallbackWaitMs: 20 };

/** A registry that answers the first `refusals` requests with the given 429, then 200 with a Warning. */
async function throttling(refusals: number, answer: { headers?: Record<string, string>; body?: string }): Promise<{ server: ScriptedServer; exchanges: Exchange[] }> {
  let seen = 0;
  const server = await startScriptedServer((_request, response) => {
    seen += 1;
    if (seen <= refusals) {
      response.writeHead(429, answer.headers ?? {});
      response.end(answer.body ?? '');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json', warning: '299 - "this repository is deprecated"' });
    response.end('{}');
  });
  servers.push(server);
  const exchanges: Exchange[] = [];
  client = createRegistryClient({ target: testTarget(server.url), recorder: { record: (e) => exchanges.push(e) }, throttlePolicy: fastPolicy });
  return { server, exchanges };
}

const tooMany = '{"errors":[{"code":"TOOMANYREQUESTS","message":"slow down"}]}';

describe('the client waits out 429s and never hides them', () => {
  it('honours Retry-After in seconds, sends again, and counts the 429, the wait and the Warning', async () => {
    const { server, exchanges } = await throttling(1, { headers: { 'retry-after': '1', 'content-type': 'application/json' }, body: tooMany });
    const started = Date.now();
    const response = await client?.listTags('a/b');
    expect(response?.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(server.seen).toHaveLength(2);
    // Each 429 is its own transcript exchange.
    expect(exchanges.map((exchange) => exchange.response?.status)).toEqual([429, 200]);
    const summary = client?.observations?.().summary();
    expect(summary).toMatchObject({ throttled: 1, throttleRetries: 1, throttledWithoutRetryAfter: 0, throttledNonJson: 0 });
    expect(summary?.throttleWaitMs).toBe(1000);
    expect(summary?.warnings).toEqual([{ text: 'this repository is deprecated', count: 1 }]);
    expect(client?.observations?.().throttleEvents()[0]).toMatchObject({ retryAfter: '1', codes: ['TOOMANYREQUESTS'], nonJsonBody: false, retried: true });
  });

  it('honours Retry-After as an HTTP date', async () => {
    const at = new Date(Date.now() + 1500).toUTCString();
    await throttling(1, { headers: { 'retry-after': at } });
    const response = await client?.ping();
    expect(response?.status).toBe(200);
    const waited = client?.observations?.().summary().throttleWaitMs ?? 0;
    expect(waited).toBeGreaterThan(0);
    expect(waited).toBeLessThanOrEqual(1500);
  });

  it('handles a plain-text 429 without Retry-After with the fallback wait, and counts both faults', async () => {
    await throttling(2, { headers: { 'content-type': 'text/plain' }, body: 'Too Many Requests (HAP429).' });
    expect((await client?.ping())?.status).toBe(200);
    expect(client?.observations?.().summary()).toMatchObject({ throttled: 2, throttleRetries: 2, throttleWaitMs: 40, throttledWithoutRetryAfter: 2, throttledNonJson: 2 });
  });

  it('gives the 429 back once the tries are used up, and when Retry-After asks for longer than the policy allows', async () => {
    const { server } = await throttling(10, { headers: { 'retry-after': '0' } });
    expect((await client?.ping())?.status).toBe(429);
    expect(server.seen).toHaveLength(1 + fastPolicy.maxRetries);
    expect(client?.observations?.().summary()).toMatchObject({ throttled: 4, throttleRetries: 3 });
    await client?.close();
    const long = await throttling(1, { headers: { 'retry-after': '3600' } });
    const started = Date.now();
    expect((await client?.ping())?.status).toBe(429);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(long.server.seen).toHaveLength(1);
    expect(client?.observations?.().summary()).toMatchObject({ throttled: 1, throttleRetries: 0, throttleWaitMs: 0 });
  });

  it('ends a wait when the request is aborted', async () => {
    await throttling(1, { headers: { 'retry-after': '2' } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('check budget spent')), 50);
    await expect(client?.ping({ signal: controller.signal })).rejects.toThrow('check budget spent');
  });
});

describe('throttle decisions and Warning texts', () => {
  it('reads seconds, dates and garbage', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(decideOnThrottle({ 'retry-after': '2' }, 0, fastPolicy, now).waitMs).toBe(2000);
    expect(decideOnThrottle({ 'retry-after': 'Thu, 01 Jan 2026 00:00:01 GMT' }, 0, fastPolicy, now).waitMs).toBe(1000);
    expect(decideOnThrottle({ 'retry-after': 'soon' }, 0, fastPolicy, now).waitMs).toBe(20);
    expect(decideOnThrottle({}, 3, fastPolicy, now).waitMs).toBeUndefined();
  });

  it('parses 299 warnings, several in one header, and keeps a malformed one whole', () => {
    expect(parseWarningTexts('299 - "one", 299 - "two \\"quoted\\""')).toEqual(['one', 'two "quoted"']);
    expect(parseWarningTexts('something odd')).toEqual(['something odd']);
  });
});
