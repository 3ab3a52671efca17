import { afterEach, describe, expect, it } from 'vitest';
import { startScriptedServer, testTarget, type ScriptedServer } from '../../client/test-support/scripted-server.js';
import { systemClock } from '../clock.js';
import { MetricsCollector } from '../metrics/metrics-collector.js';
import { LoadTarget } from './load-target.js';

let server: ScriptedServer | undefined;
let target: LoadTarget | undefined;

afterEach(async () => {
  await target?.close();
  await server?.close();
  target = undefined;
  server = undefined;
});

/** A registry with its own /token: it accepts only the newest token while `onlyNewest` is set, any issued one else. */
async function tokenRegistry(): Promise<{ server: ScriptedServer; issued: string[]; state: { onlyNewest: boolean } }> {
  const issued: string[] = [];
  const state = { onlyNewest: false };
  const started = await startScriptedServer((request, response) => {
    if (request.url.startsWith('/token')) {
      const token = `t${issued.length + 1}`;
      issued.push(token);
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token }));
      return;
    }
    const token = (request.headers['authorization'] ?? '').replace(/^Bearer /, '');
    const accepted = state.onlyNewest ? token === issued.at(-1) : issued.includes(token);
    if (accepted) {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    } else {
      response.writeHead(401, { 'www-authenticate': `Bearer realm="http://${request.headers.host ?? ''}/token",service="s"` }).end();
    }
  });
  server = started;
  return { server: started, issued, state };
}

/** GETs a manifest through the load path; returns the status. */
async function get(load: LoadTarget): Promise<number> {
  const response = await load.send({ method: 'GET', path: '/v2/a/manifests/v1', scope: 'repository:a:pull', signal: new AbortController().signal });
  await response.body.dump();
  return response.status;
}

describe('load path bearer tokens', () => {
  it('fetches a token on the first challenge and reuses it', async () => {
    const { server: registry, issued } = await tokenRegistry();
    target = new LoadTarget(testTarget(registry.url), 2, systemClock, new MetricsCollector(systemClock));
    expect(await get(target)).toBe(200);
    expect(await get(target)).toBe(200);
    expect(issued).toEqual(['t1']);
  });

  it('replaces a cached token the registry stopped accepting (expired mid-run) instead of failing the request', async () => {
    const { server: registry, issued, state } = await tokenRegistry();
    target = new LoadTarget(testTarget(registry.url), 2, systemClock, new MetricsCollector(systemClock));
    expect(await get(target)).toBe(200);
    state.onlyNewest = true;
    issued.push('someone-else');
    expect(await get(target)).toBe(200);
    expect(issued).toEqual(['t1', 'someone-else', 't3']);
  });
});
