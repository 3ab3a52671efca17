import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpsServer } from 'node:https';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runResultSchema } from '../../model/index.js';
import { startFakeRegistry, type FakeRegistryOptions } from '../../conformance/test-support/fake-registry.js';
import type { CliIo } from '../cli-io.js';
import { runCli } from '../run-cli.js';

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) {
    await cleanup();
  }
});

interface Captured {
  readonly io: CliIo;
  readonly out: string[];
  readonly err: string[];
  readonly dir: string;
}

async function capture(signal: AbortSignal = new AbortController().signal): Promise<Captured> {
  const dir = await mkdtemp(join(tmpdir(), 'regatta-conformance-cli-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env: {},
    cwd: dir,
    isTty: false,
    signal,
  };
  return { io, out, err, dir };
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return (server.address() as AddressInfo).port;
}

async function fakeUrl(options: FakeRegistryOptions = {}): Promise<string> {
  const registry = await startFakeRegistry(options);
  cleanups.push(() => registry.close());
  return registry.url;
}

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Stderr as lines, asserting that no stack trace leaked. */
function errLines(captured: Captured): string[] {
  const text = captured.err.join('');
  expect(text).not.toMatch(/\n\s+at /);
  return text.split('\n').filter((line) => line !== '');
}

describe('regatta conformance', () => {
  it('runs the suites on a registry, writes results.json, prints a summary and exits 0', async () => {
    const url = await fakeUrl();
    const captured = await capture();
    const code = await runCli(['conformance', '--target', `fake=${url}`, '--suite', 'ping', '--out', 'out'], captured.io);
    expect(code).toBe(0);
    const written = JSON.parse(await readFile(join(captured.dir, 'out', 'results.json'), 'utf8')) as unknown;
    const parsed = runResultSchema.parse(written);
    expect(parsed.targets.map((target) => [target.name, target.status])).toEqual([['fake', 'passed']]);
    expect(captured.out.join('')).toMatch(/^fake\s+passed\s+4\s/m);
  });

  it('prints one line per finished check on a terminal', async () => {
    const url = await fakeUrl();
    const captured = await capture();
    const code = await runCli(['conformance', '--target', url, '--suite', 'ping', '--out', 'out'], {
      ...captured.io,
      isTty: true,
    });
    expect(code).toBe(0);
    expect(captured.out.join('')).toMatch(/ ping\/get-v2-200 \(\d+ ms\)\n/);
  });

  it('in CI or a pipe prints a progress line per suite, and left-out checks as one line', async () => {
    const url = await fakeUrl();
    for (const io of [{ isTty: false, env: {} }, { isTty: true, env: { CI: 'true' } }]) {
      const captured = await capture();
      expect(await runCli(['conformance', '--target', url, '--suite', 'ping', '--out', 'out'], { ...captured.io, ...io })).toBe(0);
      const text = captured.out.join('');
      expect(text).toMatch(/^ping: 4 checks, 4 passed \([\d.]+ s\)$/m);
      expect(text).not.toMatch(/get-v2-200/);
      expect(text).toMatch(/^– \d+ checks not selected by --suite ping$/m);
      expect(text).not.toMatch(/^.*not selected.*\n.*not selected/m);
    }
  });

  it('colours the summary on a terminal unless NO_COLOR, and in a pipe only with FORCE_COLOR', async () => {
    const url = await fakeUrl();
    const cases = [
      { isTty: true, env: {}, colour: true },
      { isTty: true, env: { NO_COLOR: '1' }, colour: false },
      { isTty: false, env: {}, colour: false },
      { isTty: false, env: { FORCE_COLOR: '1' }, colour: true },
    ];
    for (const { colour, ...io } of cases) {
      const captured = await capture();
      expect(await runCli(['conformance', '--target', url, '--suite', 'ping', '--out', 'out'], { ...captured.io, ...io })).toBe(0);
      expect(captured.out.join('').includes('\u001b[')).toBe(colour);
    }
  });

  it('takes the target from OCI_ROOT_URL and OCI_NAMESPACE like the public suite', async () => {
    const registry = await startFakeRegistry();
    cleanups.push(() => registry.close());
    const captured = await capture();
    const io = { ...captured.io, env: { OCI_ROOT_URL: registry.url, OCI_NAMESPACE: 'team/ci' } };
    expect(await runCli(['conformance', '--suite', 'ping', '--out', 'out'], io)).toBe(0);
    const written = runResultSchema.parse(JSON.parse(await readFile(join(captured.dir, 'out', 'results.json'), 'utf8')));
    expect(written.targets[0]?.namespace).toMatch(/^team\/ci\/regatta-[a-z0-9]+$/);
    expect(registry.requests.some((request) => request.url.startsWith('/v2/team/ci/regatta-'))).toBe(true);
  });

  it('exits 1 when a MUST check fails', async () => {
    // Tag lists answer 500: tags/list-returns-all-tags, a MUST ("this request MUST return a 200 OK"), fails. (A
    // registry that answers 401 to everything is not a failed check but missing credentials: exit 2, tested elsewhere.)
    const url = await fakeUrl({
      faults: {
        rewrite: (response, ctx) => {
          if (ctx.route === 'tags-list') {
            response.status = 500;
          }
        },
      },
    });
    const captured = await capture();
    const code = await runCli(['conformance', '--target', url, '--check', 'tags/list-returns-all-tags', '--out', 'out'], captured.io);
    expect(code).toBe(1);
  });

  it('exits 0 when only a SHOULD check misses, and 1 with --fail-on warned', async () => {
    // GET /v2/ answers 202 after the reachability probe: ping/get-v2-200 is SHOULD (the spec puts no keyword on it).
    let pings = 0;
    const url = await fakeUrl({
      faults: {
        rewrite: (response, ctx) => {
          if (ctx.route === 'ping' && ++pings > 1) {
            response.status = 202;
          }
        },
      },
    });
    const captured = await capture();
    expect(await runCli(['conformance', '--target', url, '--check', 'ping/get-v2-200', '--out', 'out'], captured.io)).toBe(0);
    pings = 0;
    expect(await runCli(['conformance', '--target', url, '--check', 'ping/get-v2-200', '--out', 'out2', '--fail-on', 'warned'], captured.io)).toBe(1);
  });

  it('exits 2 with one line for an unreachable URL', async () => {
    const port = await closedPort();
    const captured = await capture();
    const code = await runCli(['conformance', '--target', `http://127.0.0.1:${port}`, '--out', 'out'], captured.io);
    expect(code).toBe(2);
    expect(errLines(captured)).toEqual([
      `regatta: cannot reach http://127.0.0.1:${port}: connection refused; is the registry running on that port?`,
    ]);
  });

  it('exits 2 with one line for a plain web server that is not a registry', async () => {
    const port = await listen(
      createServer((_req, res) => {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      }),
    );
    const captured = await capture();
    const code = await runCli(['conformance', '--target', `http://127.0.0.1:${port}`, '--out', 'out'], captured.io);
    expect(code).toBe(2);
    expect(errLines(captured)).toEqual([
      `regatta: http://127.0.0.1:${port} is not an OCI registry: GET /v2/ answered 404 (text/plain) without the registry API header`,
    ]);
  });

  it('exits 2 with one line naming TLS for https to a plain HTTP port', async () => {
    const url = await fakeUrl();
    const captured = await capture();
    const code = await runCli(['conformance', '--target', url.replace('http:', 'https:'), '--out', 'out'], captured.io);
    expect(code).toBe(2);
    const lines = errLines(captured);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^regatta: cannot reach https:\/\/127\.0\.0\.1:\d+: TLS handshake failed .*try http:\/\/$/);
  });

  it('exits 2 with one line naming the scheme for http to a TLS port', async () => {
    const captured = await capture();
    // A throwaway self-signed certificate, made by openssl (also what the lab uses for its TLS variants).
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-days', '1',
      '-keyout', join(captured.dir, 'key.pem'), '-out', join(captured.dir, 'cert.pem')], { stdio: 'ignore', timeout: 20_000 });
    const port = await listen(
      createHttpsServer(
        { key: await readFile(join(captured.dir, 'key.pem')), cert: await readFile(join(captured.dir, 'cert.pem')) },
        (_req, res) => {
          res.end('{}');
        },
      ),
    );
    const code = await runCli(['conformance', '--target', `http://127.0.0.1:${port}`, '--out', 'out'], captured.io);
    expect(code).toBe(2);
    expect(errLines(captured)).toEqual([
      `regatta: cannot reach http://127.0.0.1:${port}: the connection was closed (other side closed [UND_ERR_SOCKET]); ` +
        'is the port HTTPS? try https://',
    ]);
  });

  it('exits 2 with a clear message for an invalid target and for an invalid config file', async () => {
    const captured = await capture();
    expect(await runCli(['conformance', '--target', 'ftp://example.test'], captured.io)).toBe(2);
    expect(errLines(captured)).toEqual(['regatta: --target[0]: scheme ftp: is not supported; use http:// or https://']);
    const bad = await capture();
    await writeFile(join(bad.dir, 'bad.yaml'), 'targets: [ {url: 42 ');
    expect(await runCli(['conformance', '--config', 'bad.yaml'], bad.io)).toBe(2);
    const yamlLines = errLines(bad);
    expect(yamlLines).toHaveLength(1);
    expect(yamlLines[0]).toMatch(/^regatta: config file bad\.yaml is not valid YAML: .*line 1/);
    const invalid = await capture();
    await writeFile(join(invalid.dir, 'invalid.yaml'), 'targets:\n  - url: 42\n    bogus: true\n');
    expect(await runCli(['conformance', '--config', 'invalid.yaml'], invalid.io)).toBe(2);
    // Every problem at once, each with its path as the user wrote it.
    expect(errLines(invalid)).toEqual([
      'regatta: invalid configuration: 2 problems',
      '  - targets[0].url: must be a URL string like http://127.0.0.1:5000',
      '  - targets[0].bogus: unknown setting',
    ]);
  });

  it('runs with --concurrency N, recorded in the results, and exits 2 with one line for a bad value', async () => {
    const url = await fakeUrl();
    const captured = await capture();
    expect(await runCli(['conformance', '--target', url, '--suite', 'ping', '--out', 'out', '--concurrency', '2'], captured.io)).toBe(0);
    const written = runResultSchema.parse(JSON.parse(await readFile(join(captured.dir, 'out', 'results.json'), 'utf8')));
    expect(written.config['concurrency']).toBe(2);
    expect(written.targets[0]?.suites.find((suite) => suite.id === 'ping')?.status).toBe('passed');
    const bad = await capture();
    expect(await runCli(['conformance', '--target', url, '--concurrency', '0'], bad.io)).toBe(2);
    expect(errLines(bad)).toEqual(['regatta: --concurrency: must be greater than 0']);
  });

  it('exits 130 when interrupted, still writing partial results', async () => {
    const url = await fakeUrl();
    const controller = new AbortController();
    controller.abort();
    const captured = await capture(controller.signal);
    const code = await runCli(['conformance', '--target', url, '--out', 'out'], captured.io);
    expect(code).toBe(130);
    const written = runResultSchema.parse(JSON.parse(await readFile(join(captured.dir, 'out', 'results.json'), 'utf8')));
    expect(written.interrupted).toBe(true);
  });
});
