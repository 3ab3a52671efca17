import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeRegistry } from '../../conformance/test-support/fake-registry.js';
import type { FaultHooks } from '../../conformance/test-support/fake-registry-types.js';
import { tokenGate, tokenGateUsers } from '../../conformance/test-support/token-gate.js';
import { runResultSchema, type RunResult } from '../../model/index.js';
import type { CliIo } from '../cli-io.js';
import { runCli } from '../run-cli.js';

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) {
    await cleanup();
  }
});

const BASIC_PASSWORD = 'basic-gate-pw-7Rk';

/** HTTP Basic in front of the fake registry: user `alice` with {@link BASIC_PASSWORD}, else 401. */
function basicGate(): FaultHooks {
  const expected = `Basic ${Buffer.from(`alice:${BASIC_PASSWORD}`).toString('base64')}`;
  return {
    before(req: IncomingMessage, res: ServerResponse) {
      if (req.headers.authorization === expected) {
        return false;
      }
      res.writeHead(401, { 'www-authenticate': 'Basic realm="gate"', 'content-type': 'application/json' });
      res.end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
      return true;
    },
  };
}

interface CliRun {
  readonly code: number;
  readonly lines: string[];
  readonly stdout: string;
  readonly dir: string;
  results(): Promise<RunResult>;
}

/** Runs the CLI in a fresh directory with an empty Docker config, `stdin` as standard input. */
async function cli(args: readonly string[], options: { env?: Record<string, string>; stdin?: string; files?: Record<string, string> } = {}): Promise<CliRun> {
  const dir = await mkdtemp(join(tmpdir(), 'regatta-conformance-credentials-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(options.files ?? {})) {
    await writeFile(join(dir, name), text);
  }
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env: { HOME: dir, DOCKER_CONFIG: dir, PATH: '/usr/bin:/bin', ...options.env },
    cwd: dir,
    isTty: false,
    signal: new AbortController().signal,
    ...(options.stdin === undefined ? {} : { readStdin: () => Promise.resolve(options.stdin ?? '') }),
  };
  const code = await runCli(args, io);
  return {
    code,
    lines: err.join('').split('\n').filter((line) => line !== ''),
    stdout: out.join(''),
    dir,
    results: async () => runResultSchema.parse(JSON.parse(await readFile(join(dir, 'out', 'results.json'), 'utf8'))),
  };
}

describe('credentials diagnosed before the run', () => {
  it('anonymous against a registry that wants credentials: exit 2, one line naming what to set, no check run', async () => {
    const registry = await startFakeRegistry({ faults: basicGate() });
    cleanups.push(() => registry.close());
    const run = await cli(['conformance', '--target', registry.url, '--out', 'out']);
    expect(run.code).toBe(2);
    const host = new URL(registry.url).host;
    expect(run.lines).toEqual([
      `regatta: ${registry.url} requires credentials (GET /v2/ answered 401) and none were found for ${host}: ` +
        `set --username with --password-stdin, OCI_USERNAME and OCI_PASSWORD, auth in the config file, or run docker login ${host}`,
    ]);
    expect((await run.results()).targets[0]?.suites).toEqual([]);
  });

  it('a wrong Basic password: exit 2, one line saying the credentials were refused, the password never printed', async () => {
    const registry = await startFakeRegistry({ faults: basicGate() });
    cleanups.push(() => registry.close());
    const run = await cli(['conformance', '--target', registry.url, '--out', 'out', '--username', 'alice', '--password-stdin'], {
      stdin: 'wrong-pw-3Jq\n',
    });
    expect(run.code).toBe(2);
    expect(run.lines).toHaveLength(1);
    expect(run.lines[0]).toMatch(new RegExp(`^regatta: ${registry.url} refused the credentials of alice from the target settings .*GET /v2/ answered 401`));
    expect(`${run.lines.join('\n')}${run.stdout}`).not.toContain('wrong-pw-3Jq');
  });

  it('--username with --password-stdin (one trailing newline dropped) and --namespace reach the single target', async () => {
    const registry = await startFakeRegistry({ faults: basicGate() });
    cleanups.push(() => registry.close());
    const run = await cli(
      ['conformance', '--target', registry.url, '--suite', 'ping', '--out', 'out', '--username', 'alice', '--password-stdin', '--namespace', 'team/ci'],
      { stdin: `${BASIC_PASSWORD}\n` },
    );
    expect(run.lines).toEqual([]);
    expect(run.code).toBe(0);
    const results = await run.results();
    expect(results.targets[0]?.namespace).toMatch(/^team\/ci\/regatta-/);
    expect(JSON.stringify(results)).not.toContain(BASIC_PASSWORD);
  });

  it('--password-stdin with nothing on standard input, or with several targets, is exit 2 naming the flag', async () => {
    const empty = await cli(['conformance', '--target', 'http://127.0.0.1:1', '--username', 'alice', '--password-stdin'], { stdin: '' });
    expect(empty.code).toBe(2);
    expect(empty.lines[0]).toBe('regatta: --password-stdin: standard input held no password');
    const several = await cli(
      ['conformance', '--target', 'a=http://127.0.0.1:1', '--target', 'b=http://127.0.0.1:2', '--username', 'alice', '--password-stdin'],
      { stdin: 'pw\n' },
    );
    expect(several.code).toBe(2);
    expect(several.lines.join('\n')).toContain('--password-stdin: applies to a single target, but 2 are configured');
  });
});

describe('passwordCommand refresh through regatta conformance', () => {
  it('a password that stops working mid-run is fetched anew from the command, and the run passes as before', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'regatta-password-rotation-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const passwordFile = join(dir, 'password');
    writeFileSync(passwordFile, `${tokenGateUsers.rw}\n`);
    let current: string = tokenGateUsers.rw;
    let tokenRequests = 0;
    const gate = tokenGate({}, { passwords: () => ({ rw: current, ro: tokenGateUsers.ro }) });
    const rotating: FaultHooks = {
      before(req, res, ctx) {
        if (ctx.url.pathname === '/token' && ++tokenRequests === 8) {
          // The password expires mid-run (an ECR password after 12 hours); its source already has the new one.
          current = 'rotated-pw-6Wd';
          writeFileSync(passwordFile, `${current}\n`);
        }
        return gate.before?.(req, res, ctx) ?? false;
      },
    };
    const registry = await startFakeRegistry({ faults: rotating });
    cleanups.push(() => registry.close());
    const config = { targets: [{ url: registry.url, auth: { username: 'rw', passwordCommand: `cat ${passwordFile}` } }] };
    const run = await cli(['conformance', '--config', 'regatta.json', '--suite', 'ping', '--suite', 'blob-upload', '--out', 'out'], {
      files: { 'regatta.json': JSON.stringify(config) },
    });
    expect(run.lines).toEqual([]);
    expect(current).toBe('rotated-pw-6Wd');
    expect(tokenRequests).toBeGreaterThan(8);
    const results = await run.results();
    const statuses = (results.targets[0]?.suites ?? []).flatMap((suite) => suite.checks.map((check) => check.status));
    expect(statuses.length).toBeGreaterThan(10);
    expect(statuses).not.toContain('errored');
    expect(run.code).toBe(0);
    expect(JSON.stringify(results)).not.toContain('rotated-pw-6Wd');
  });
});
