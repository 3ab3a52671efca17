import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedTarget } from '../config/target.js';
import { ConfigError } from '../errors/index.js';
import { createLabTlsFiles, type LabTlsFiles } from '../lab/lab-tls.js';
import { requireLabComponent } from '../lab/test-support/require-lab-component.js';
import { createTlsConnectOptions } from './dispatcher.js';
import { diagnoseClientCertificate } from './diagnose-client-certificate.js';

let dir = '';
let files: LabTlsFiles | undefined;
const servers: Server[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'regatta-diagnose-tls-'));
});
afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  await rm(dir, { recursive: true, force: true });
});

/** The lab CA and certificates, made once. */
async function labFiles(): Promise<LabTlsFiles> {
  files ??= await createLabTlsFiles(dir, { client: true });
  return files;
}

/** An https registry stand-in on 127.0.0.1 that answers `/v2/` 200; with `mtls` it requires a lab client cert. */
async function listen(mtls: boolean): Promise<string> {
  const tls = await labFiles();
  const server = createServer(
    {
      cert: await readFile(tls.serverCertFile),
      key: await readFile(tls.serverKeyFile),
      ...(mtls ? { ca: await readFile(tls.caFile), requestCert: true, rejectUnauthorized: true } : {}),
    },
    (_request, response) => response.end('{}'),
  );
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  return `https://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
}

function targetOf(url: string, tls: ResolvedTarget['tls']): ResolvedTarget {
  return { name: 't', url, namespace: '', credentials: { kind: 'anonymous' }, tls, requestTimeoutMs: 5000 };
}

describe('diagnoseClientCertificate', () => {
  it('says a registry wants a client certificate, naming the settings to set', async (context) => {
    requireLabComponent(context, 'openssl');
    const url = await listen(true);
    const { caFile } = await labFiles();
    expect(await diagnoseClientCertificate(targetOf(url, { insecure: false, caFile }))).toBe(
      `cannot reach ${url}: the registry requires a client certificate (TLS alert: certificate required); ` +
        'set tls.certFile and tls.keyFile (--cert-file/--key-file)',
    );
  });

  it('claims nothing when a registry drops a foreign client certificate without an alert (Node servers do)', async (context) => {
    requireLabComponent(context, 'openssl');
    const url = await listen(true);
    const tls = await labFiles();
    // Signed by another CA than the one the server trusts for clients. distribution (Go) answers this with a
    // bad-certificate alert, which the lab integration test covers; OpenSSL servers just close.
    const other = await mkdtemp(join(dir, 'other-'));
    const foreign = await createLabTlsFiles(other, { client: true });
    const target = targetOf(url, { insecure: false, caFile: tls.caFile, certFile: foreign.clientCertFile ?? '', keyFile: foreign.clientKeyFile ?? '' });
    expect(await diagnoseClientCertificate(target)).toBeUndefined();
  });

  it('finds nothing to say when the certificate is accepted, the registry does not ask for one, or the url is http', async (context) => {
    requireLabComponent(context, 'openssl');
    const tls = await labFiles();
    const mtls = await listen(true);
    const withCert = { insecure: false, caFile: tls.caFile, certFile: tls.clientCertFile ?? '', keyFile: tls.clientKeyFile ?? '' };
    expect(await diagnoseClientCertificate(targetOf(mtls, withCert))).toBeUndefined();
    expect(await diagnoseClientCertificate(targetOf(await listen(false), { insecure: false, caFile: tls.caFile }))).toBeUndefined();
    // An untrusted server certificate is the regular client's message (tls.caFile), not a client-certificate one.
    expect(await diagnoseClientCertificate(targetOf(mtls, { insecure: false }))).toBeUndefined();
    expect(await diagnoseClientCertificate(targetOf('http://127.0.0.1:1', { insecure: false }))).toBeUndefined();
  });
});

describe('createTlsConnectOptions', () => {
  it('adds the CA file to the system roots and reads the client certificate and key', async (context) => {
    requireLabComponent(context, 'openssl');
    const tls = await labFiles();
    const options = createTlsConnectOptions(
      targetOf('https://127.0.0.1:1', { insecure: false, caFile: tls.caFile, certFile: tls.clientCertFile ?? '', keyFile: tls.clientKeyFile ?? '' }),
    );
    expect(options.rejectUnauthorized).toBe(true);
    expect(options.ca?.at(-1)).toBe(await readFile(tls.caFile, 'utf8'));
    expect(options.ca?.length).toBeGreaterThan(1);
    expect(options.cert).toContain('BEGIN CERTIFICATE');
    expect(options.key).toContain('PRIVATE KEY');
    expect(createTlsConnectOptions(targetOf('https://127.0.0.1:1', { insecure: true }))).toEqual({ rejectUnauthorized: false });
  });

  it('names the setting of a PEM file it cannot read', () => {
    const target = targetOf('https://127.0.0.1:1', { insecure: false, caFile: join(dir, 'missing.pem') });
    expect(() => createTlsConnectOptions(target)).toThrow(ConfigError);
    expect(() => createTlsConnectOptions(target)).toThrow(`cannot read tls.caFile ${join(dir, 'missing.pem')}`);
  });
});
