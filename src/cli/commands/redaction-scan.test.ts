import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { errorResponse, startFakeRegistry, type FakeRegistry, type FaultHooks } from '../../conformance/test-support/fake-registry.js';
import { tokenGate, tokenGateUsers } from '../../conformance/test-support/token-gate.js';
import type { CliIo } from '../cli-io.js';
import { runCli } from '../run-cli.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) {
    await cleanup();
  }
});

/** Values of a presigned storage URL (S3 credential and signature, a CDN token, an Azure SAS signature). */
const signed = {
  credential: 'AKIASCANCREDENTIAL0001',
  signature: 'scansignature0123456789abcdef',
  token: 'scan-cdn-token-5555aa',
  sas: 'scan-sas-sig-7777bb',
} as const;
const signedQuery =
  `X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${signed.credential}&X-Amz-Signature=${signed.signature}` +
  `&token=${signed.token}&sig=${signed.sas}`;
const password = tokenGateUsers.rw;
const basic = Buffer.from(`rw:${password}`).toString('base64');

/**
 * A token-auth registry that leaks on every path a report can show: blob GETs redirect to a signed URL that serves
 * the wrong bytes (a failed check whose URL is the signed one), and upload status answers 200 instead of 204 with a
 * body that echoes the password and a Basic header (a failed check whose URL carries `_state`).
 */
function leakyFaults(): FaultHooks {
  const gate = tokenGate();
  return {
    before(req, res, ctx) {
      if (ctx.url.pathname.startsWith('/signed/')) {
        res.writeHead(200, { 'content-type': 'application/octet-stream' }).end('not the blob');
        return true;
      }
      return gate.before?.(req, res, ctx) ?? false;
    },
    rewrite(response, ctx) {
      if (ctx.route === 'blob-get' && ctx.method === 'GET' && response.status === 200) {
        return { status: 307, headers: { location: `/signed${ctx.url.pathname}?${signedQuery}` }, body: Buffer.alloc(0) };
      }
      if (ctx.route === 'upload-status' && response.status === 204) {
        const echo = errorResponse(200, 'UNKNOWN', `login rw:${password} failed (Authorization: Basic ${basic})`);
        const { 'content-length': _length, ...headers } = response.headers;
        return { ...echo, headers: { ...headers, 'content-type': 'application/json' } };
      }
      return undefined;
    },
  };
}

/** A bench target whose upload completions fail with a message quoting the upload URL and its state. */
function failingPushFaults(): FaultHooks {
  const gate = tokenGate();
  return {
    ...gate,
    rewrite(_response, ctx) {
      if (ctx.route === 'upload-put') {
        return errorResponse(400, 'BLOB_UPLOAD_INVALID', `upload ${ctx.url.pathname}${ctx.url.search} rejected for rw:${password}`);
      }
      return undefined;
    },
  };
}

/** Runs the CLI in-process with the gate's read-write account; returns the exit code and every console line. */
async function run(argv: readonly string[], dir: string): Promise<{ code: number; console: string }> {
  let console = '';
  const io: CliIo = {
    stdout: (text) => (console += text),
    stderr: (text) => (console += text),
    env: { HOME: dir, DOCKER_CONFIG: dir, PATH: '/usr/bin:/bin', OCI_USERNAME: 'rw', OCI_PASSWORD: password },
    cwd: dir,
    // A terminal: the live per-check lines are printed too.
    isTty: true,
    signal: new AbortController().signal,
  };
  const code = await runCli(argv, io);
  return { code, console };
}

/** Every secret the registry handed out or was sent: upload states, bearer tokens, and the fixed ones. */
function secretsSeenBy(registry: FakeRegistry): string[] {
  const states = registry.requests.flatMap((request) => [...request.url.matchAll(/[?&]_state=([^&]+)/g)].map((m) => decodeURIComponent(m[1] ?? '')));
  const tokens = registry.requests
    .map((request) => request.headers.authorization ?? '')
    .filter((header) => header.startsWith('Bearer '))
    .map((header) => header.slice('Bearer '.length));
  return [...new Set([...states, ...tokens, password, basic, ...Object.values(signed)])].filter((value) => value.length >= 6);
}

/** Every file under `dir` (recursively) with its text. */
async function filesOf(dir: string): Promise<[string, string][]> {
  const names = (await readdir(dir, { recursive: true })).map(String);
  const files: [string, string][] = [];
  for (const name of names) {
    const text = await readFile(join(dir, name), 'utf8').catch(() => undefined);
    if (text !== undefined) {
      files.push([name, text]);
    }
  }
  return files;
}

/** Fails when any secret or credential-shaped text appears in any output. */
function expectNoLeak(outputs: readonly [string, string][], secrets: readonly string[]): void {
  for (const [name, text] of outputs) {
    for (const secret of secrets) {
      expect(text.includes(secret), `${name} contains ${secret}`).toBe(false);
    }
    expect(text, name).not.toMatch(/_state=(?!REDACTED)[^&\s"'<]/);
    expect(text, name).not.toMatch(/X-Amz-(Signature|Credential)=(?!REDACTED)/i);
    expect(text, name).not.toMatch(/Basic (?!REDACTED)[A-Za-z0-9+/]{8,}=*/);
  }
}

describe('no secret leaves the process', () => {
  it('a failing authenticated conformance run with a signed-URL redirect: reports and console are clean', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'regatta-redaction-scan-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const registry = await startFakeRegistry({ faults: leakyFaults(), absoluteLocations: true });
    cleanups.push(() => registry.close());

    // The suites that upload and download blobs: the upload-state and signed-URL paths.
    const { code, console } = await run(['conformance', '--target', registry.url, '--suite', 'blob-upload', '--suite', 'pull', '--out', 'out'], dir);
    expect(code, console).toBe(1);
    const outputs: [string, string][] = [['console', console], ...(await filesOf(join(dir, 'out')))];
    expect(outputs.map(([name]) => name).sort()).toEqual(
      ['console', 'junit.xml', 'report.html', 'results.json', 'results.schema.json', 'summary.md'],
    );
    const secrets = secretsSeenBy(registry);
    expectNoLeak(outputs, secrets);

    // The scan is only worth something if the run went down the leaky paths: the token flow, a failed check on an
    // upload URL with state, a failed check on the signed URL, and the error echoing the password.
    expect(registry.requests.some((request) => request.url.startsWith('/token'))).toBe(true);
    expect(secrets.some((secret) => registry.requests.some((request) => request.url.includes(`_state=${secret}`)))).toBe(true);
    const results = outputs.find(([name]) => name === 'results.json')?.[1] ?? '';
    const urls = [...results.matchAll(/"url": "([^"]*)"/g)].map((match) => match[1] ?? '');
    expect(urls.some((url) => url.includes('_state=REDACTED'))).toBe(true);
    expect(urls.some((url) => url.includes(`X-Amz-Signature=REDACTED`) && url.includes('sig=REDACTED'))).toBe(true);
    expect(results).toContain('login rw:REDACTED failed (Authorization: Basic REDACTED)');
  }, 180_000);

  it('a bench whose pushes fail with the upload state and password in the error: reports and console are clean', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'regatta-redaction-scan-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const registry = await startFakeRegistry({ faults: failingPushFaults() });
    cleanups.push(() => registry.close());

    const argv = ['bench', '--target', registry.url, '--scenario', 'push-blobs', '--duration', '1s', '--vus', '1', '--size', '1KiB', '--threads', '1', '--out', 'out'];
    const { code, console } = await run(argv, dir);
    expect(code, console).not.toBe(0);
    const outputs: [string, string][] = [['console', console], ...(await filesOf(join(dir, 'out')))];
    expect(outputs.map(([name]) => name)).toContain('results.json');
    expectNoLeak(outputs, secretsSeenBy(registry));
    expect(registry.requests.some((request) => request.route === 'upload-put')).toBe(true);
  }, 120_000);
});
