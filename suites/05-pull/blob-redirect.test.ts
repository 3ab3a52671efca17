import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runSuiteOnFake } from '../../src/conformance/test-support/run-suite-on-fake.js';
import pull from './index.js';

/** How the scripted storage host treats requests. */
interface StorageRules {
  /** Answer 401 unless Authorization is sent (a storage that wants the registry's credentials). */
  readonly wantsCredentials?: boolean;
  /** Answer HEAD with 403 (S3 on a URL signed for GET). */
  readonly headForbidden?: boolean;
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/**
 * A storage host that serves the fake registry's blobs by fetching them from the registry itself (marked so the fault
 * does not redirect again), and records whether it was sent Authorization.
 */
async function startStorage(rules: StorageRules): Promise<{ url: string; authorizations: boolean[]; setRegistry(url: string): void }> {
  let registry = '';
  const authorizations: boolean[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    authorizations.push(req.headers.authorization !== undefined);
    if (rules.wantsCredentials === true && req.headers.authorization === undefined) {
      res.writeHead(401, { 'content-type': 'application/xml' }).end('<Error><Code>AccessDenied</Code></Error>');
      return;
    }
    if (rules.headForbidden === true && req.method === 'HEAD') {
      res.writeHead(403).end();
      return;
    }
    const path = new URL(req.url ?? '/', 'http://storage').searchParams.get('path') ?? '';
    void fetch(`${registry}${path}`, { method: req.method ?? 'GET', headers: { 'x-from-storage': '1' } }).then(async (answer) => {
      const body = Buffer.from(await answer.arrayBuffer());
      res.writeHead(answer.status, { 'content-length': answer.headers.get('content-length') ?? String(body.length) });
      res.end(req.method === 'HEAD' ? undefined : body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, authorizations, setRegistry: (url) => (registry = url) };
}

/** Faults redirecting blob GETs (and HEADs when asked) to the storage host with a signed-looking URL. */
function redirectingTo(storage: { url: string; setRegistry(url: string): void }, routes: readonly string[], status = 307, withDigest = false) {
  return {
    faults: {
      before: (req: IncomingMessage, res: ServerResponse, ctx: { route: string; url: URL; reference?: string }) => {
        storage.setRegistry(ctx.url.origin);
        if (!routes.includes(ctx.route) || req.headers['x-from-storage'] !== undefined) {
          return false;
        }
        const digest = withDigest && ctx.reference !== undefined ? { 'docker-content-digest': ctx.reference } : {};
        res.writeHead(status, { location: `${storage.url}/obj?path=${encodeURIComponent(ctx.url.pathname)}&X-Amz-Signature=secret`, ...digest }).end();
        return true;
      },
    },
    checks: ['pull/blob-redirect'],
  };
}

describe('blob redirect checks', () => {
  it('pass when the storage host serves a redirected GET and HEAD without credentials', async () => {
    const storage = await startStorage({});
    const { status, run } = await runSuiteOnFake(pull, redirectingTo(storage, ['blob-get']));
    expect(status('pull/blob-redirect-without-credentials')).toBe('passed');
    expect(status('pull/blob-redirect-head')).toBe('passed');
    expect(storage.authorizations.length).toBeGreaterThan(0);
    expect(storage.authorizations.every((sent) => !sent)).toBe(true);
    // The signed URL never reaches the results.
    expect(JSON.stringify(run)).not.toContain('secret');
  });

  it('fail the GET when the storage host wants the credentials a client must not forward', async () => {
    const storage = await startStorage({ wantsCredentials: true });
    const { status, message } = await runSuiteOnFake(pull, redirectingTo(storage, ['blob-get'], 302));
    expect(status('pull/blob-redirect-without-credentials')).toBe('warned');
    expect(message('pull/blob-redirect-without-credentials')).toMatch(
      /^A redirected blob GET is served by the storage host without credentials \(the redirect to 127\.0\.0\.1:\d+ was followed without Authorization, as clients MUST\): expected status 200, got status 401$/,
    );
  });

  it('fail the HEAD when the registry redirects it to storage that refuses HEAD (S3 on a GET-signed URL)', async () => {
    const storage = await startStorage({ headForbidden: true });
    const { status, message } = await runSuiteOnFake(pull, redirectingTo(storage, ['blob-get', 'blob-head']));
    expect(status('pull/blob-redirect-without-credentials')).toBe('passed');
    expect(status('pull/blob-redirect-head')).toBe('failed');
    expect(message('pull/blob-redirect-head')).toMatch(/redirected to 127\.0\.0\.1:\d+\): expected status 200, got status 403$/);
  });

  it('are skipped, saying so, when the registry serves blobs itself', async () => {
    const { status, message } = await runSuiteOnFake(pull, { checks: ['pull/blob-redirect'] });
    expect(status('pull/blob-redirect-without-credentials')).toBe('skipped');
    expect(message('pull/blob-redirect-without-credentials')).toContain('the registry served the blob itself (status 200)');
  });

  it('judge a redirected GET’s Docker-Content-Digest on the registry’s redirect, not on the storage answer', async () => {
    const storage = await startStorage({});
    const checks = ['pull/blob-get-digest-header', 'pull/blob-head-get-agree'];
    const withDigest = await runSuiteOnFake(pull, { ...redirectingTo(storage, ['blob-get'], 307, true), checks });
    expect(withDigest.status('pull/blob-get-digest-header')).toBe('passed');
    expect(withDigest.status('pull/blob-head-get-agree')).toBe('passed');
    const without = await runSuiteOnFake(pull, { ...redirectingTo(storage, ['blob-get']), checks });
    expect(without.status('pull/blob-get-digest-header')).toBe('warned');
    expect(without.message('pull/blob-get-digest-header')).toContain('got no Docker-Content-Digest header');
  });
});
