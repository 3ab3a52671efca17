import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TimeoutError } from '../errors/index.js';
import { createLabTlsFiles, labTargetTls, type LabTlsFiles } from './lab-tls.js';
import { requireLabComponent } from './test-support/require-lab-component.js';
import { waitForRegistryReady } from './wait-ready.js';

let dir = '';
let files: LabTlsFiles | undefined;
const servers: Server[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'regatta-wait-ready-tls-'));
});
afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  await rm(dir, { recursive: true, force: true });
});

/** An https `/v2/` answering 200 with the lab server certificate; requires the lab client certificate when `mtls`. */
async function listen(mtls: boolean): Promise<{ url: string; tls: LabTlsFiles }> {
  files ??= await createLabTlsFiles(dir, { client: true });
  const server = createServer(
    {
      cert: await readFile(files.serverCertFile),
      key: await readFile(files.serverKeyFile),
      ...(mtls ? { ca: await readFile(files.caFile), requestCert: true, rejectUnauthorized: true } : {}),
    },
    (_request, response) => response.end('{}'),
  );
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  return { url: `https://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`, tls: files };
}

describe('waitForRegistryReady over https', () => {
  it('trusts the lab CA (and presents the client certificate to an mTLS registry)', async (context) => {
    requireLabComponent(context, 'openssl');
    const plain = await listen(false);
    await expect(waitForRegistryReady(plain.url, { tls: { caFile: plain.tls.caFile }, timeoutMs: 5000 })).resolves.toBeUndefined();
    const mutual = await listen(true);
    await expect(waitForRegistryReady(mutual.url, { tls: labTargetTls(mutual.tls), timeoutMs: 5000 })).resolves.toBeUndefined();
  });

  it('does not pass a certificate it cannot verify, and says why when it gives up', async (context) => {
    requireLabComponent(context, 'openssl');
    const { url } = await listen(false);
    const error = await waitForRegistryReady(url, { intervalMs: 20, timeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toBe(
      `${url}/v2/ did not answer within 200 ms (last: fetch failed: UNABLE_TO_VERIFY_LEAF_SIGNATURE unable to verify the first certificate)`,
    );
  });
});
