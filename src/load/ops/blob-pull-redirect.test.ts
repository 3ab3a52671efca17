import { afterEach, describe, expect, it } from 'vitest';
import { startScriptedServer, testTarget, type ScriptedServer } from '../../client/test-support/scripted-server.js';
import { digestOf } from '../../oci/digest.js';
import { systemClock } from '../clock.js';
import { LoadTarget } from '../http/load-target.js';
import { MetricsCollector } from '../metrics/metrics-collector.js';
import { pullBlob } from './blob-pull.js';

const servers: ScriptedServer[] = [];
const targets: LoadTarget[] = [];
afterEach(async () => {
  await Promise.all(targets.splice(0).map((target) => target.close()));
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const content = Buffer.from('a blob served by object storage');
const digest = digestOf(content);

/** A registry that throttles the first blob GET, then redirects it to a storage host that serves the bytes. */
async function setup(registryAnswers: readonly ('429' | '429-text' | '307')[]): Promise<{ http: LoadTarget; storage: ScriptedServer; registry: ScriptedServer }> {
  const storage = await startScriptedServer((_request, response) => {
    response.writeHead(200, { 'content-length': String(content.length) });
    response.end(content);
  });
  let index = 0;
  const registry = await startScriptedServer((_request, response) => {
    const answer = registryAnswers[Math.min(index, registryAnswers.length - 1)];
    index += 1;
    if (answer === '429') {
      response.writeHead(429, { 'retry-after': '0', 'content-type': 'application/json' });
      response.end('{"errors":[{"code":"TOOMANYREQUESTS","message":"slow"}]}');
    } else if (answer === '429-text') {
      response.writeHead(429, { 'content-type': 'text/plain' });
      response.end('Too Many Requests (HAP429).');
    } else {
      response.writeHead(307, { location: `${storage.url}/obj?X-Amz-Signature=s`, warning: '299 - "mirror is read-only"' });
      response.end();
    }
  });
  servers.push(storage, registry);
  const http = new LoadTarget(testTarget(registry.url, { credentials: { kind: 'basic', username: 'u', password: 'p' } }), 2, systemClock, new MetricsCollector(systemClock));
  targets.push(http);
  return { http, storage, registry };
}

describe('blob pull through a redirect, throttled first', () => {
  it('waits out the 429, follows the redirect without credentials, and records both hops and the throttle on blob-pull', async () => {
    const { http, storage, registry } = await setup(['429', '307']);
    const bytes = await pullBlob({ http, verify: true, signal: new AbortController().signal }, 'r/one', digest, content.length);
    expect(bytes).toBe(content.length);
    expect(registry.seen).toHaveLength(2);
    expect(registry.seen[0]?.headers.authorization).toBeDefined();
    expect(storage.seen.map((request) => request.headers.authorization)).toEqual([undefined]);
    const metrics = http.metrics.operation('blob-pull').toMetrics(1000);
    expect(metrics).toMatchObject({ count: 1, errors: 0, throttled: 1, throttleWaitMs: 0 });
    expect(metrics.redirect).toMatchObject({
      count: 1,
      storageBytes: content.length,
      storageHosts: [new URL(storage.url).host],
      httpVersions: ['http/1.1'],
    });
    expect(metrics.redirect?.registryHopMs.max).toBeGreaterThan(0);
    expect(metrics.redirect?.storageHopMs.max).toBeGreaterThan(0);
    expect(http.metrics.statusCodes).toEqual({ '429': 1, '307': 1, '200': 1 });
    expect(http.metrics).toMatchObject({ throttled: 1, throttleRetries: 1, warnings: { 'mirror is read-only': 1 } });
  });

  it('waits the 1 s fallback for a plain-text 429 without Retry-After, and counts the wait', async () => {
    const { http } = await setup(['429-text', '307']);
    const started = Date.now();
    await pullBlob({ http, verify: true, signal: new AbortController().signal }, 'r/one', digest, content.length);
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
    expect(http.metrics.operation('blob-pull').toMetrics(1000)).toMatchObject({ throttled: 1, throttleWaitMs: 1000 });
  });

  it('gives up after the policy’s tries: the pull fails with the 429, every one counted', async () => {
    const { http, registry } = await setup(['429']);
    await expect(pullBlob({ http, verify: true, signal: new AbortController().signal }, 'r/one', digest)).rejects.toThrow('429');
    expect(registry.seen).toHaveLength(4);
    expect(http.metrics.operation('blob-pull').toMetrics(1000)).toMatchObject({ errors: 1, throttled: 4 });
    expect(http.metrics.statusCodes).toEqual({ '429': 4 });
  });
});
