import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabError } from '../errors/index.js';
import { createLabTlsFiles, type LabTlsFiles } from './lab-tls.js';
import { requireLabComponent } from './test-support/require-lab-component.js';

const serverAuth = '1.3.6.1.5.5.7.3.1';
const clientAuth = '1.3.6.1.5.5.7.3.2';

/** An https server on 127.0.0.1 with the lab server certificate; requires a client certificate when `mtls`. */
async function listen(files: LabTlsFiles, mtls: boolean): Promise<{ server: Server; port: number }> {
  const server = createServer(
    {
      cert: await readFile(files.serverCertFile),
      key: await readFile(files.serverKeyFile),
      ...(mtls ? { ca: await readFile(files.caFile), requestCert: true, rejectUnauthorized: true } : {}),
    },
    (_request, response) => response.end('ok'),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  return { server, port: typeof address === 'object' && address !== null ? address.port : 0 };
}

/** GET `url` with the given TLS connect options; the body text, or the error's code/message. */
async function get(url: string, connect: Record<string, unknown>): Promise<string> {
  const agent = new Agent({ connect });
  try {
    const response = await request(url, { dispatcher: agent, headersTimeout: 5000, bodyTimeout: 5000 });
    return await response.body.text();
  } catch (error) {
    const record = error as { code?: unknown; message?: unknown };
    return `error ${typeof record.code === 'string' ? record.code : String(record.message)}`;
  } finally {
    await agent.close();
  }
}

describe('createLabTlsFiles', () => {
  let dir = '';
  let files: LabTlsFiles | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'regatta-lab-tls-test-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('makes a CA and a server certificate for 127.0.0.1 and localhost (serverAuth) that it signed', async (context) => {
    requireLabComponent(context, 'openssl');
    files = await createLabTlsFiles(dir, { client: true });
    const ca = new X509Certificate(await readFile(files.caFile));
    const server = new X509Certificate(await readFile(files.serverCertFile));
    expect(ca.ca).toBe(true);
    expect(server.ca).toBe(false);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(server.checkIssued(ca)).toBe(true);
    expect(server.subjectAltName).toBe('IP Address:127.0.0.1, DNS:localhost');
    expect(server.keyUsage).toEqual([serverAuth]);
    const client = new X509Certificate(await readFile(files.clientCertFile ?? ''));
    expect(client.verify(ca.publicKey)).toBe(true);
    expect(client.keyUsage).toEqual([clientAuth]);
    expect(files.clientKeyFile).toBe(join(dir, 'client.key'));
  });

  it('gives a certificate a client trusts with the CA alone, under both names, and not without it', async (context) => {
    requireLabComponent(context, 'openssl');
    const tls = files ?? (await createLabTlsFiles(dir, { client: true }));
    const { server, port } = await listen(tls, false);
    try {
      const ca = await readFile(tls.caFile, 'utf8');
      expect(await get(`https://127.0.0.1:${port}/`, { ca })).toBe('ok');
      expect(await get(`https://localhost:${port}/`, { ca, host: '127.0.0.1' })).toBe('ok');
      expect(await get(`https://127.0.0.1:${port}/`, {})).toBe('error UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    } finally {
      server.close();
    }
  });

  it('issues a client certificate that an mTLS server requiring the lab CA accepts', async (context) => {
    requireLabComponent(context, 'openssl');
    const tls = files ?? (await createLabTlsFiles(dir, { client: true }));
    const { server, port } = await listen(tls, true);
    try {
      const ca = await readFile(tls.caFile, 'utf8');
      const cert = await readFile(tls.clientCertFile ?? '', 'utf8');
      const key = await readFile(tls.clientKeyFile ?? '', 'utf8');
      expect(await get(`https://127.0.0.1:${port}/`, { ca, cert, key })).toBe('ok');
      expect(await get(`https://127.0.0.1:${port}/`, { ca })).toMatch(/^error /);
    } finally {
      server.close();
    }
  });

  it('issues no client certificate unless asked, and says how to fix a missing openssl', async (context) => {
    requireLabComponent(context, 'openssl');
    const other = await mkdtemp(join(tmpdir(), 'regatta-lab-tls-test-'));
    try {
      const plain = await createLabTlsFiles(other);
      expect(plain.clientCertFile).toBeUndefined();
      expect(Object.keys(plain).sort()).toEqual(['caFile', 'serverCertFile', 'serverKeyFile']);
      const missing = createLabTlsFiles(other, { openssl: join(other, 'no-openssl') });
      await expect(missing).rejects.toBeInstanceOf(LabError);
      await expect(missing).rejects.toThrow(/^openssl genpkey could not be started/);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });
});
