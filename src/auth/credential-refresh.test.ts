import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRegistryClient } from '../client/registry-client.js';
import { startScriptedServer, testTarget, type ScriptedServer } from '../client/test-support/scripted-server.js';
import type { RegistryClient } from '../client/types.js';
import type { Exchange } from '../model/index.js';
import { openTargetSession } from './target-session.js';
import { startTokenWorld, type TokenWorld } from './test-support/token-world.js';
import { TokenAuthProvider } from './token-auth-provider.js';

const CURRENT = 'current-pw-R4w';
const STALE = 'stale-pw-X1y';

const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0)) {
    await close();
  }
});

/** A client of `url` whose provider starts with the stale password and refreshes to the current one. */
function refreshingClient(url: string, clock: { now: number }): { client: RegistryClient; refreshes: () => number } {
  let refreshes = 0;
  const provider = new TokenAuthProvider({
    target: testTarget(url),
    credentials: { kind: 'basic', username: 'alice', password: STALE },
    now: () => clock.now,
    refreshCredentials: () => {
      refreshes += 1;
      return Promise.resolve({ kind: 'basic', username: 'alice', password: CURRENT });
    },
  });
  const client = createRegistryClient({ target: testTarget(url), auth: provider });
  closers.push(() => client.close());
  return { client, refreshes: () => refreshes };
}

/** A Basic registry that accepts alice with `password()`. */
async function basicRegistry(password: () => string): Promise<ScriptedServer> {
  const server = await startScriptedServer((request, response) => {
    const expected = `Basic ${Buffer.from(`alice:${password()}`).toString('base64')}`;
    if (request.headers['authorization'] === expected) {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    } else {
      response.writeHead(401, { 'www-authenticate': 'Basic realm="r"' }).end();
    }
  });
  closers.push(() => server.close());
  return server;
}

describe('credential refresh (an expired short-lived password)', () => {
  it('fetches the password anew when the token server refuses it, and goes on', async () => {
    const world: TokenWorld = await startTokenWorld({ users: { alice: CURRENT } });
    closers.push(() => world.close());
    const clock = { now: 0 };
    const { client, refreshes } = refreshingClient(world.registry.url, clock);
    expect((await client.getManifest('ns/app', 'v1')).status).toBe(200);
    expect(refreshes()).toBe(1);
    expect(world.tokens.seen.map((request) => request.headers['authorization'])).toEqual([
      `Basic ${Buffer.from(`alice:${STALE}`).toString('base64')}`,
      `Basic ${Buffer.from(`alice:${CURRENT}`).toString('base64')}`,
    ]);
  });

  it('retries a Basic 401 once with the fresh password, and refreshes at most once a minute', async () => {
    let accepted = CURRENT;
    const registry = await basicRegistry(() => accepted);
    const clock = { now: 0 };
    const { client, refreshes } = refreshingClient(registry.url, clock);
    expect((await client.ping()).status).toBe(200);
    expect(refreshes()).toBe(1);
    // The password changes again: within the minute the 401 comes back as is; after it, one more refresh.
    accepted = 'rotated-again';
    expect((await client.ping()).status).toBe(401);
    expect((await client.ping()).status).toBe(401);
    expect(refreshes()).toBe(1);
    clock.now = 61_000;
    expect((await client.ping()).status).toBe(401);
    expect(refreshes()).toBe(2);
  });

  it('re-runs auth.passwordCommand through the target session, and keeps the new password out of transcripts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'regatta-password-command-'));
    closers.push(() => rm(dir, { recursive: true, force: true }));
    await writeFile(join(dir, 'password'), `${CURRENT}\n`);
    const registry = await basicRegistry(() => CURRENT);
    const target = testTarget(registry.url, {
      credentials: { kind: 'basic', username: 'alice', password: STALE },
      passwordCommand: { command: 'cat password', cwd: dir },
    });
    const exchanges: Exchange[] = [];
    const session = await openTargetSession(target, {});
    closers.push(() => session.close());
    const client = session.createClient({ record: (e) => exchanges.push(e) });
    expect((await client.ping()).status).toBe(200);
    expect(JSON.stringify(exchanges)).not.toContain(Buffer.from(`alice:${CURRENT}`).toString('base64'));
    expect(JSON.stringify(exchanges)).not.toContain(CURRENT);
  });
});
