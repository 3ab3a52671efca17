import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab/index.js';
import { requireLabComponent } from '../../lab/test-support/require-lab-component.js';
import type { CliIo } from '../cli-io.js';
import { runCli } from '../run-cli.js';
import { jwtShape } from '../../auth/test-support/jwt-shape.js';

const labs: Lab[] = [];
const servers: Server[] = [];
const dirs: string[] = [];

afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  await Promise.all(labs.map((lab) => lab.stop()));
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Values of the presigned storage URL the front redirects blob downloads to. */
const signed = { credential: 'AKIALABSCANCRED0001', signature: 'labscansignature0123456789', token: 'lab-cdn-token-4242', sas: 'lab-sas-sig-9191' };
const signedQuery =
  `X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${signed.credential}&X-Amz-Signature=${signed.signature}` +
  `&token=${signed.token}&sig=${signed.sas}`;

/**
 * A front before a real lab registry, as a cloud registry with storage redirects would look from outside: blob GETs
 * are redirected to a signed URL (which serves the wrong bytes, so a pull check fails on that URL), and upload
 * status answers 200 instead of 204 (so a check fails on the upload URL with its `_state`). Everything else is
 * passed through unchanged; every upload state seen in a request URL is collected for the scan.
 */
async function startLeakyFront(registryUrl: string): Promise<{ url: string; states: Set<string> }> {
  const upstream = new URL(registryUrl);
  const states = new Set<string>();
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    for (const match of path.matchAll(/[?&]_state=([^&]+)/g)) {
      states.add(decodeURIComponent(match[1] ?? ''));
    }
    if (path.startsWith('/signed/')) {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end('not the blob');
      return;
    }
    if (req.method === 'GET' && /^\/v2\/.+\/blobs\/sha256:[0-9a-f]{64}$/.test(path) && req.headers.range === undefined) {
      req.resume();
      res.writeHead(307, { location: `/signed${path}?${signedQuery}` }).end();
      return;
    }
    const isUploadStatus = req.method === 'GET' && /\/blobs\/uploads\/[^/?]+/.test(path);
    const forward = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path, headers: req.headers },
      (answer) => {
        const status = isUploadStatus && answer.statusCode === 204 ? 200 : (answer.statusCode ?? 502);
        res.writeHead(status, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, states };
}

describe('no secret leaves the process (lab)', () => {
  it('a failing conformance run through the lab token server, with a signed-URL redirect: every output is clean', async (context) => {
    requireLabComponent(context, 'distribution-3');
    const lab = await startLab({ registries: ['distribution-3'], registryOptions: { auth: { kind: 'token' } } });
    labs.push(lab);
    const users = lab.targets[0]?.credentials;
    const registryUrl = lab.targets[0]?.url;
    if (users === undefined || registryUrl === undefined || lab.tokenServer === undefined) {
      throw new Error('the lab did not start distribution-3 with a token server and users');
    }
    const front = await startLeakyFront(registryUrl);
    const dir = await mkdtemp(join(tmpdir(), 'regatta-lab-redaction-'));
    dirs.push(dir);
    let console = '';
    const io: CliIo = {
      stdout: (text) => (console += text),
      stderr: (text) => (console += text),
      env: { HOME: dir, DOCKER_CONFIG: dir, PATH: '/usr/bin:/bin', OCI_USERNAME: users.readWrite.username, OCI_PASSWORD: users.readWrite.password },
      cwd: dir,
      isTty: true,
      signal: new AbortController().signal,
    };
    // The suites that upload and download blobs: the upload-state and signed-URL paths, kept short on a busy machine.
    const code = await runCli(['conformance', '--target', front.url, '--suite', 'blob-upload', '--suite', 'pull', '--out', 'out'], io);
    expect(code, console).toBe(1);

    const outputs: [string, string][] = [['console', console]];
    for (const name of (await readdir(join(dir, 'out'), { recursive: true })).map(String)) {
      outputs.push([name, await readFile(join(dir, 'out', name), 'utf8')]);
    }
    expect(outputs.length).toBe(6);
    const secrets = [
      users.readWrite.password,
      users.readOnly.password,
      Buffer.from(`${users.readWrite.username}:${users.readWrite.password}`).toString('base64'),
      ...Object.values(signed),
      ...front.states,
    ];
    expect(front.states.size).toBeGreaterThan(0);
    for (const [name, text] of outputs) {
      for (const secret of secrets) {
        expect(text.includes(secret), `${name} contains ${secret}`).toBe(false);
      }
      // Lab tokens are JWTs ("eyJ…"); Basic credentials are base64.
      expect(text, name).not.toMatch(jwtShape);
      expect(text, name).not.toMatch(/Basic (?!REDACTED)[A-Za-z0-9+/]{8,}=*/);
    }
    // The run went down the leaky paths: tokens from the lab token server, failed checks on both kinds of URL.
    expect(lab.tokenServer.issued.length).toBeGreaterThan(0);
    const results = outputs.find(([name]) => name === 'results.json')?.[1] ?? '';
    const urls = [...results.matchAll(/"url": "([^"]*)"/g)].map((match) => match[1] ?? '');
    expect(urls.some((url) => url.includes('_state=REDACTED'))).toBe(true);
    expect(urls.some((url) => url.includes('X-Amz-Signature=REDACTED') && url.includes('sig=REDACTED'))).toBe(true);
  }, 600_000);
});
