import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, InterruptedError, NetworkError, TimeoutError } from '../errors/index.js';
import type { Exchange } from '../model/index.js';
import { digestOf } from '../oci/digest.js';
import { createRegistryClient } from './registry-client.js';
import { startScriptedServer, testTarget, type ScriptedServer } from './test-support/scripted-server.js';
import type { RegistryClient } from './types.js';

let server: ScriptedServer | undefined;
let client: RegistryClient | undefined;

afterEach(async () => {
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

/** A port nothing listens on: bind one, then close it. */
async function closedPort(): Promise<number> {
  const s = await startScriptedServer(() => undefined);
  await s.close();
  return s.port;
}

describe('timeouts', () => {
  it('a server that never answers gives TimeoutError, and the exchange records it', async () => {
    server = await startScriptedServer(() => undefined);
    const exchanges: Exchange[] = [];
    client = createRegistryClient({
      target: testTarget(server.url, { requestTimeoutMs: 300 }),
      recorder: { record: (e) => exchanges.push(e) },
    });
    const error = await client.ping().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(300);
    expect((error as TimeoutError).message).toBe(`GET ${server.url}/v2/ timed out after 300 ms`);
    expect(exchanges[0]?.error).toBe((error as Error).message);
    expect(exchanges[0]?.response).toBeUndefined();
  });

  it('a body that stalls after the headers gives TimeoutError on a streamed download', async () => {
    server = await startScriptedServer((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('partial');
    });
    client = createRegistryClient({ target: testTarget(server.url, { requestTimeoutMs: 300 }) });
    const error = await client.downloadBlob('a', digestOf('x')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).message).toContain('UND_ERR_BODY_TIMEOUT');
  });

  it('a per-request timeoutMs overrides the target’s', async () => {
    server = await startScriptedServer(() => undefined);
    client = createRegistryClient({ target: testTarget(server.url, { requestTimeoutMs: 60_000 }) });
    const error = await client.ping({ timeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(200);
  });

  it('the caller’s abort ends the request with the abort reason', async () => {
    server = await startScriptedServer(() => undefined);
    client = createRegistryClient({ target: testTarget(server.url) });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new InterruptedError('stop')), 100);
    const error = await client.ping({ signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InterruptedError);
  });
});

describe('network failures', () => {
  it('a missing CA file is a config error naming the setting', () => {
    const target = testTarget('https://127.0.0.1:1', { tls: { insecure: false, caFile: '/nonexistent/ca.pem' } });
    expect(() => createRegistryClient({ target })).toThrow(ConfigError);
    expect(() => createRegistryClient({ target })).toThrow('cannot read tls.caFile /nonexistent/ca.pem');
  });

  it('connection refused gives NetworkError with the request and a hint', async () => {
    const port = await closedPort();
    client = createRegistryClient({ target: testTarget(`http://127.0.0.1:${port}`) });
    const error = await client.ping().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    const network = error as NetworkError;
    expect(network.message).toBe(`GET http://127.0.0.1:${port}/v2/ failed: ECONNREFUSED`);
    expect(network.request).toBe(`GET http://127.0.0.1:${port}/v2/`);
    expect(network.hint).toBe(`is a registry listening at http://127.0.0.1:${port}? check the target url`);
    expect(network.cause).toBeDefined();
  });

  it('https to a plain HTTP port hints at the scheme', async () => {
    server = await startScriptedServer((_req, res) => res.end());
    client = createRegistryClient({ target: testTarget(server.url.replace('http:', 'https:')) });
    const error = await client.ping().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).hint).toBe(`the server at https://127.0.0.1:${server.port} does not speak TLS; use http:// for this target`);
  });
});

/** Makes a self-signed certificate for 127.0.0.1 with openssl, or says why it could not. */
function makeCertificate(dir: string): { cert: string; key: string } | string {
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
        '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
      { stdio: 'ignore', timeout: 30_000 },
    );
    return { cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem') };
  } catch (error) {
    return `openssl could not make a certificate: ${String(error)}`;
  }
}

describe('TLS', () => {
  const dir = mkdtempSync(join(tmpdir(), 'regatta-client-tls-'));
  const made = makeCertificate(dir);
  let https: HttpsServer | undefined;
  let url = '';

  beforeAll(async () => {
    if (typeof made === 'string') {
      return;
    }
    https = createHttpsServer({ cert: readFileSync(made.cert), key: readFileSync(made.key) }, (_req, res) => {
      res.end('{}');
    });
    await new Promise<void>((resolve) => https!.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(https.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    https?.closeAllConnections();
    await new Promise<void>((resolve) => (https === undefined ? resolve() : https.close(() => resolve())));
    rmSync(dir, { recursive: true, force: true });
  });

  it('trusts the CA from caFile, skips checks with insecure, and hints otherwise', async () => {
    if (typeof made === 'string') {
      // Without openssl there is no certificate: report why, and check only that the reason is clear.
      console.warn(`TLS client test not run: ${made}`);
      expect(made).toMatch(/^openssl could not make a certificate/);
      return;
    }
    const certs = made;
    const untrusted = createRegistryClient({ target: testTarget(url) });
    const error = await untrusted.ping().catch((e: unknown) => e);
    await untrusted.close();
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).hint).toMatch(/--ca-file.*--insecure/);

    const withCa = createRegistryClient({ target: testTarget(url, { tls: { insecure: false, caFile: certs.cert } }) });
    expect((await withCa.ping()).status).toBe(200);
    await withCa.close();

    const insecure = createRegistryClient({ target: testTarget(url, { tls: { insecure: true } }) });
    expect((await insecure.ping()).status).toBe(200);
    await insecure.close();

    // mTLS: a server that demands a client certificate signed by our (self-signed) CA.
    const mtls = createHttpsServer(
      {
        cert: readFileSync(certs.cert),
        key: readFileSync(certs.key),
        ca: readFileSync(certs.cert),
        requestCert: true,
        rejectUnauthorized: true,
      },
      (req, res) => res.end(String((req.socket as TLSSocket).getPeerCertificate().subject?.CN)),
    );
    await new Promise<void>((resolve) => mtls.listen(0, '127.0.0.1', resolve));
    const mtlsUrl = `https://127.0.0.1:${(mtls.address() as AddressInfo).port}`;
    const withCert = createRegistryClient({
      target: testTarget(mtlsUrl, { tls: { insecure: false, caFile: certs.cert, certFile: certs.cert, keyFile: certs.key } }),
    });
    const authed = await withCert.ping();
    await withCert.close();
    const withoutCert = createRegistryClient({ target: testTarget(mtlsUrl, { tls: { insecure: false, caFile: certs.cert } }) });
    const refused = await withoutCert.ping().catch((e: unknown) => e);
    await withoutCert.close();
    mtls.closeAllConnections();
    await new Promise<void>((resolve) => mtls.close(() => resolve()));
    expect(authed.status).toBe(200);
    expect(authed.text()).toBe('127.0.0.1');
    expect(refused).toBeInstanceOf(NetworkError);

    const plain = createRegistryClient({ target: testTarget(url.replace('https:', 'http:')) });
    const plainError = await plain.ping().catch((e: unknown) => e);
    await plain.close();
    expect(plainError).toBeInstanceOf(NetworkError);
    expect((plainError as NetworkError).hint).toMatch(/use https:\/\//);
  });
});
