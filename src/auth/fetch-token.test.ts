import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthError } from '../errors/index.js';
import { fetchToken, type TokenRequest } from './fetch-token.js';

const servers: Server[] = [];
const agents: Agent[] = [];

afterEach(async () => {
  await Promise.all(agents.splice(0).map((agent) => agent.close()));
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A token server on loopback that resets the connection of the first `resets` requests, then issues a token. */
async function tokenServer(resets: number): Promise<{ url: URL; requests: () => number }> {
  let requests = 0;
  const server = createServer((req, res) => {
    requests += 1;
    if (requests <= resets) {
      req.socket.destroy();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: 'issued-token', expires_in: 300 }));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/token`), requests: () => requests };
}

function tokenRequest(realm: URL): TokenRequest {
  const dispatcher = new Agent();
  agents.push(dispatcher);
  return { realm, service: 'lab', scopes: [], credentials: { kind: 'anonymous' }, oauthPassword: false, dispatcher, timeoutMs: 5000 };
}

describe('fetchToken over a connection the token server resets', () => {
  it('asks once more when the first request is reset before any answer', async () => {
    const server = await tokenServer(1);
    const issued = await fetchToken(tokenRequest(server.url));
    expect(issued.token).toBe('issued-token');
    expect(server.requests()).toBe(2);
  });

  it('gives up after the second reset with one error naming the token server', async () => {
    const server = await tokenServer(2);
    const failure = await fetchToken(tokenRequest(server.url)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AuthError);
    expect((failure as Error).message).toContain(`token server ${server.url.origin} could not be reached`);
    expect(server.requests()).toBe(2);
  });
});
