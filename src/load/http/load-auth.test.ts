import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResolvedTarget } from '../../config/target.js';
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

/**
 * A registry whose password rotates (as ECR's and GCP's do): only `current.password` is accepted, by Basic on the
 * registry itself or, with `token`, by its token endpoint.
 */
async function rotatingRegistry(token: boolean): Promise<{ server: ScriptedServer; current: { password: string } }> {
  const current = { password: 'first' };
  const basicOk = (header: string | undefined): boolean =>
    header === `Basic ${Buffer.from(`user:${current.password}`).toString('base64')}`;
  const started = await startScriptedServer((request, response) => {
    const header = request.headers['authorization'];
    if (token && request.url.startsWith('/token')) {
      response.writeHead(basicOk(header) ? 200 : 401, { 'content-type': 'application/json' }).end(JSON.stringify({ token: `for-${current.password}` }));
      return;
    }
    const ok = token ? header === `Bearer for-${current.password}` : basicOk(header);
    const challenge = token ? `Bearer realm="http://${request.headers.host ?? ''}/token",service="s"` : 'Basic realm="r"';
    response.writeHead(ok ? 200 : 401, ok ? { 'content-type': 'application/json' } : { 'www-authenticate': challenge }).end(ok ? '{}' : '');
  });
  server = started;
  return { server: started, current };
}

/** A target whose `auth.passwordCommand` prints the contents of `file` and counts its runs in `file.runs`. */
async function rotatingTarget(url: string, dir: string): Promise<ResolvedTarget> {
  const file = join(dir, 'password');
  await writeFile(file, 'second');
  return testTarget(url, {
    credentials: { kind: 'basic', username: 'user', password: 'first' },
    passwordCommand: { command: `echo x >> runs; cat ${file}`, cwd: dir },
  });
}

describe('load path passwordCommand refresh', () => {
  for (const token of [false, true]) {
    it(`re-runs the password command when the ${token ? 'token endpoint' : 'registry'} refuses an expired password, at most once a minute`, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'regatta-load-refresh-'));
      try {
        const { server: registry, current } = await rotatingRegistry(token);
        target = new LoadTarget(await rotatingTarget(registry.url, dir), 2, systemClock, new MetricsCollector(systemClock));
        expect(await get(target)).toBe(200);
        current.password = 'second';
        expect(await Promise.all([get(target), get(target), get(target)])).toEqual([200, 200, 200]);
        expect((await readFile(join(dir, 'runs'), 'utf8')).trim().split('\n')).toHaveLength(1);
        // Refused again within the minute: a wrong password, not an expired one; the request fails, nothing re-runs.
        current.password = 'third';
        await expect(get(target)).rejects.toThrow(token ? /password was refused/ : /401 on GET/);
        expect((await readFile(join(dir, 'runs'), 'utf8')).trim().split('\n')).toHaveLength(1);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  }

  it('without a password command, a refused password fails the request as before', async () => {
    const { server: registry, current } = await rotatingRegistry(false);
    target = new LoadTarget(testTarget(registry.url, { credentials: { kind: 'basic', username: 'user', password: 'first' } }), 2, systemClock, new MetricsCollector(systemClock));
    expect(await get(target)).toBe(200);
    current.password = 'second';
    await expect(get(target)).rejects.toThrow(/401 on GET/);
  });
});
