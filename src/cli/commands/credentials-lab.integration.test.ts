import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../lab/index.js';
import type { LabCredentials } from '../../lab/lab-credentials.js';
import { requireLabComponent } from '../../lab/test-support/require-lab-component.js';
import { runResultSchema } from '../../model/index.js';
import type { CliIo } from '../cli-io.js';
import { runCli } from '../run-cli.js';

const labs: Lab[] = [];
const dirs: string[] = [];

afterAll(async () => {
  await Promise.all(labs.map((lab) => lab.stop()));
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

type AuthMode = 'basic' | 'token';

/** distribution-3 of the lab behind htpasswd Basic auth or the lab token server. */
async function securedLab(mode: AuthMode): Promise<{ url: string; host: string; users: LabCredentials }> {
  const lab = await startLab({ registries: ['distribution-3'], registryOptions: { auth: { kind: mode } } });
  labs.push(lab);
  const started = lab.targets[0];
  if (started?.credentials === undefined) {
    throw new Error(`the ${mode} lab started without users`);
  }
  return { url: started.url, host: new URL(started.url).host, users: started.credentials };
}

/** Runs the CLI with `dockerConfig` as `$DOCKER_CONFIG/config.json` and the test's helpers on PATH. */
async function cli(
  args: readonly string[],
  dockerConfig: unknown,
  helpers: Record<string, string> = {},
): Promise<{ code: number; lines: string[]; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'regatta-credentials-lab-'));
  dirs.push(dir);
  await writeFile(join(dir, 'config.json'), JSON.stringify(dockerConfig));
  for (const [name, script] of Object.entries(helpers)) {
    await writeFile(join(dir, name), script);
    await chmod(join(dir, name), 0o755);
  }
  const err: string[] = [];
  const io: CliIo = {
    stdout: () => undefined,
    stderr: (text) => err.push(text),
    env: { HOME: dir, DOCKER_CONFIG: dir, PATH: `${dir}:/usr/bin:/bin` },
    cwd: dir,
    isTty: false,
    signal: new AbortController().signal,
  };
  const code = await runCli(args, io);
  return { code, lines: err.join('').split('\n').filter((line) => line !== ''), dir };
}

/** A short push-blobs bench: what must authenticate is every push of every iteration. */
function benchArgs(url: string): string[] {
  return ['bench', '--target', url, '--scenario', 'push-blobs', '--duration', '1s', '--vus', '2', '--size', '16KiB', '--threads', '1', '--out', 'out'];
}

/** The bench pushed and every iteration succeeded. */
async function expectPushed(dir: string): Promise<void> {
  const run = runResultSchema.parse(JSON.parse(await readFile(join(dir, 'out', 'results.json'), 'utf8')));
  const scenario = run.targets[0]?.scenarios[0];
  expect(scenario?.iterations).toBeGreaterThan(0);
  expect({ status: scenario?.status, errors: scenario?.errors, auth: scenario?.errorClasses['auth-denied'] }).toEqual({
    status: 'passed',
    errors: 0,
    auth: undefined,
  });
}

describe.each<AuthMode>(['basic', 'token'])('credentials against distribution-3 with %s auth', (mode) => {
  it('regatta bench authenticates from a Docker config entry', async (context) => {
    requireLabComponent(context, 'distribution-3');
    requireLabComponent(context, 'htpasswd');
    const { url, host, users } = await securedLab(mode);
    const { username, password } = users.readWrite;
    const auth = Buffer.from(`${username}:${password}`).toString('base64');
    const run = await cli(benchArgs(url), { auths: { [host]: { auth } } });
    expect(run.lines).toEqual([]);
    expect(run.code).toBe(0);
    await expectPushed(run.dir);
  });

  it('regatta bench authenticates from a credential helper', async (context) => {
    requireLabComponent(context, 'distribution-3');
    requireLabComponent(context, 'htpasswd');
    const { url, host, users } = await securedLab(mode);
    const answer = JSON.stringify({ ServerURL: host, Username: users.readWrite.username, Secret: users.readWrite.password });
    const helper = `#!/bin/sh\nread server\n[ "$server" = "${host}" ] || exit 1\ncat <<'EOF'\n${answer}\nEOF\n`;
    const run = await cli(benchArgs(url), { credHelpers: { [host]: 'regatta-lab' } }, { 'docker-credential-regatta-lab': helper });
    expect(run.lines).toEqual([]);
    expect(run.code).toBe(0);
    await expectPushed(run.dir);
  });

  it('a wrong password is exit 2 with one line, before any check', async (context) => {
    requireLabComponent(context, 'distribution-3');
    requireLabComponent(context, 'htpasswd');
    const { url, host, users } = await securedLab(mode);
    const auth = Buffer.from(`${users.readWrite.username}:not-the-password-2Vb`).toString('base64');
    const run = await cli(['conformance', '--target', url, '--out', 'out'], { auths: { [host]: { auth } } });
    expect(run.code).toBe(2);
    expect(run.lines).toHaveLength(1);
    expect(run.lines[0]).toMatch(mode === 'basic' ? /refused the credentials of regatta-rw from the Docker config/ : /token server .* refused the credentials \(status 401\)/);
    expect(run.lines[0]).not.toContain('not-the-password-2Vb');
    const results = runResultSchema.parse(JSON.parse(await readFile(join(run.dir, 'out', 'results.json'), 'utf8')));
    expect(results.targets[0]?.suites).toEqual([]);
  });
});

describe('anonymous against an authenticated lab registry', () => {
  it('is exit 2 with one line naming what to set', async (context) => {
    requireLabComponent(context, 'distribution-3');
    requireLabComponent(context, 'htpasswd');
    const { url, host } = await securedLab('basic');
    const run = await cli(['conformance', '--target', url, '--out', 'out'], {});
    expect(run.code).toBe(2);
    expect(run.lines).toEqual([
      `regatta: ${url} requires credentials (GET /v2/ answered 401) and none were found for ${host}: ` +
        `set --username with --password-stdin, OCI_USERNAME and OCI_PASSWORD, auth in the config file, or run docker login ${host}`,
    ]);
  });
});
