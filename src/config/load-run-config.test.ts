import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/index.js';
import { loadRunConfig, type LoadRunConfigInput } from './load-run-config.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'regatta-config-'));
  dirs.push(dir);
  return dir;
}

const now = new Date('2026-01-02T03:04:05.678Z');

function load(partial: Partial<LoadRunConfigInput> & { cwd: string }): ReturnType<typeof loadRunConfig> {
  return loadRunConfig({ flags: {}, env: {}, now, checkIds: [], ...partial });
}

/** The ConfigError a load throws, for exact-message assertions. */
async function configError(promise: Promise<unknown>): Promise<ConfigError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe('loadRunConfig', () => {
  it('applies defaults to a single --target and resolves it', async () => {
    const cwd = await tempDir();
    const { config, targets } = await load({ cwd, flags: { target: ['http://127.0.0.1:5000'] } });
    expect(config).toEqual({
      targets: [
        {
          name: '127-0-0-1-5000',
          url: 'http://127.0.0.1:5000',
          namespace: '',
          auth: {},
          tls: { insecure: false },
          limits: { requestTimeoutMs: 30_000 },
          layout: 'per-check',
        },
      ],
      suites: [],
      checks: [],
      out: join(cwd, 'results', '2026-01-02T03-04-05-678Z'),
      keep: false,
      concurrency: 4,
      failOn: 'failed',
      specVersion: '1.1',
      grading: 'spec',
      labels: {},
      load: { verify: true, trials: 1 },
    });
    expect(targets).toEqual([
      {
        name: '127-0-0-1-5000',
        url: 'http://127.0.0.1:5000',
        namespace: '',
        credentials: { kind: 'anonymous' },
        tls: { insecure: false },
        requestTimeoutMs: 30_000,
        layout: { kind: 'per-check' },
      },
    ]);
  });

  it('layers defaults < file < env < flags', async () => {
    const cwd = await tempDir();
    await writeFile(
      join(cwd, 'regatta.yaml'),
      [
        'targets:',
        '  - name: from-file',
        '    url: https://file.example:443',
        '    limits: { requestTimeoutMs: 5000 }',
        'suites: [push]',
        'out: file-out',
        'keep: false',
        'load: { vus: 2, size: 1MiB }',
      ].join('\n'),
    );
    const fileOnly = await load({ cwd, flags: { config: 'regatta.yaml' } });
    expect(fileOnly.config.targets[0]).toMatchObject({ name: 'from-file', url: 'https://file.example', limits: { requestTimeoutMs: 5000 } });
    expect(fileOnly.config.suites).toEqual(['push']);
    expect(fileOnly.config.out).toBe(join(cwd, 'file-out'));
    expect(fileOnly.config.load).toMatchObject({ vus: 2, sizeBytes: 1024 * 1024 });
    expect(fileOnly.config.load.durationMs).toBeUndefined();

    const withEnv = await load({
      cwd,
      flags: { config: 'regatta.yaml' },
      env: { OCI_ROOT_URL: 'http://127.0.0.1:6000', REGATTA_OUT: 'env-out', REGATTA_KEEP: 'true', OCI_NAMESPACE: 'team/ci' },
    });
    expect(withEnv.config.targets.map((t) => [t.name, t.url, t.namespace])).toEqual([['127-0-0-1-6000', 'http://127.0.0.1:6000', 'team/ci']]);
    expect(withEnv.config.out).toBe(join(cwd, 'env-out'));
    expect(withEnv.config.keep).toBe(true);
    expect(withEnv.config.suites).toEqual(['push']);

    const withFlags = await load({
      cwd,
      flags: { config: 'regatta.yaml', target: ['zot=http://127.0.0.1:7000'], out: 'flag-out', suite: ['pull'], vus: '16', verify: false },
      env: { OCI_ROOT_URL: 'http://127.0.0.1:6000', REGATTA_OUT: 'env-out' },
    });
    expect(withFlags.config.targets.map((t) => [t.name, t.url])).toEqual([['zot', 'http://127.0.0.1:7000']]);
    expect(withFlags.config.out).toBe(join(cwd, 'flag-out'));
    expect(withFlags.config.suites).toEqual(['pull']);
    expect(withFlags.config.load).toMatchObject({ vus: 16, size: '1MiB', verify: false });
  });

  it('reads JSON files by extension and REGATTA_CONFIG when --config is absent', async () => {
    const cwd = await tempDir();
    await mkdir(join(cwd, 'conf'));
    await writeFile(join(cwd, 'conf', 'c.json'), JSON.stringify({ targets: [{ url: 'http://[::1]:5000' }], checks: ['pull/'] }));
    const { config } = await load({ cwd, env: { REGATTA_CONFIG: 'conf/c.json' } });
    expect(config.targets[0]?.name).toBe('1-5000');
    expect(config.checks).toEqual(['pull/']);
  });

  it('applies OCI_USERNAME / OCI_PASSWORD to the single target as Basic credentials', async () => {
    const cwd = await tempDir();
    const { targets } = await load({
      cwd,
      env: { OCI_ROOT_URL: 'http://127.0.0.1:5000', OCI_USERNAME: 'alice', OCI_PASSWORD: 's3cret' },
    });
    expect(targets[0]?.credentials).toEqual({ kind: 'basic', username: 'alice', password: 's3cret' });
  });

  it('refuses OCI_USERNAME / OCI_PASSWORD with several targets, so one password never goes to every registry', async () => {
    const cwd = await tempDir();
    const error = await configError(
      load({
        cwd,
        flags: { target: ['a=http://127.0.0.1:1', 'b=http://127.0.0.1:2'] },
        env: { OCI_USERNAME: 'alice', OCI_PASSWORD: 'pw' },
      }),
    );
    expect(error.message).toBe('invalid configuration: 2 problems');
    expect(error.issues).toEqual([
      { path: 'OCI_USERNAME', message: 'applies to a single target, but 2 are configured; set it per target in the config file' },
      { path: 'OCI_PASSWORD', message: 'applies to a single target, but 2 are configured; set it per target in the config file' },
    ]);
  });

  it('runs auth.passwordCommand and uses its output as the password', async () => {
    const cwd = await tempDir();
    await writeFile(
      join(cwd, 'c.yaml'),
      'targets:\n  - url: http://127.0.0.1:5000\n    auth: { username: bob, passwordCommand: "printf \'from-command\\n\'" }\n',
    );
    const { targets } = await load({ cwd, flags: { config: 'c.yaml' } });
    expect(targets[0]?.credentials).toEqual({ kind: 'basic', username: 'bob', password: 'from-command' });

    await writeFile(join(cwd, 'd.yaml'), 'targets:\n  - url: http://127.0.0.1:5000\n    auth: { username: bob, passwordCommand: "exit 3" }\n');
    const error = await configError(load({ cwd, flags: { config: 'd.yaml' } }));
    expect(error.message).toBe('targets[0].auth.passwordCommand: the password command exited with status 3');
  });

  it('refuses a passwordCommand on the read-only account, naming the setting, and never runs it', async () => {
    const cwd = await tempDir();
    const marker = join(cwd, 'ran');
    await writeFile(
      join(cwd, 'r.yaml'),
      `targets:\n  - url: http://127.0.0.1:5000\n    auth:\n      username: bob\n      password: pw-secret\n      readOnly: { username: reader, passwordCommand: "touch ${marker}; echo ro" }\n`,
    );
    const error = await configError(load({ cwd, flags: { config: 'r.yaml' } }));
    // One line naming the setting, not "unknown setting" plus "password: expected string".
    expect(error.message).toBe(
      'targets[0].auth.readOnly.passwordCommand: the read-only account takes a literal password only (auth.readOnly.password); passwordCommand is for the main account',
    );
    expect(error.issues).toEqual([]);
    await expect(readFile(marker, 'utf8')).rejects.toThrow();
  });

  it('reports a single bad --target as one line naming the flag', async () => {
    const cwd = await tempDir();
    const error = await configError(load({ cwd, flags: { target: ['ftp://example.test'] } }));
    expect(error.message).toBe('--target[0]: scheme ftp: is not supported; use http:// or https://');
    expect(error.issues).toEqual([]);
  });

  it('takes concurrency from the file, REGATTA_CONCURRENCY and --concurrency, in that precedence', async () => {
    const cwd = await tempDir();
    await writeFile(join(cwd, 'regatta.yaml'), 'targets: [{ url: http://127.0.0.1:5000 }]\nconcurrency: 2\n');
    expect((await load({ cwd, flags: { config: 'regatta.yaml' } })).config.concurrency).toBe(2);
    const env = { REGATTA_CONCURRENCY: '8' };
    expect((await load({ cwd, flags: { config: 'regatta.yaml' }, env })).config.concurrency).toBe(8);
    expect((await load({ cwd, flags: { config: 'regatta.yaml', concurrency: '1' }, env })).config.concurrency).toBe(1);
  });

  it('takes the spec version and grading from the file, REGATTA_SPEC_VERSION / REGATTA_GRADING and the flags, in that precedence', async () => {
    const cwd = await tempDir();
    await writeFile(join(cwd, 'regatta.yaml'), 'targets: [{ url: http://127.0.0.1:5000 }]\nspecVersion: 1.0\n');
    expect((await load({ cwd, flags: { config: 'regatta.yaml' } })).config).toMatchObject({ specVersion: '1.0', grading: 'spec' });
    const env = { REGATTA_SPEC_VERSION: 'main', REGATTA_GRADING: 'strict' };
    expect((await load({ cwd, flags: { config: 'regatta.yaml' }, env })).config).toMatchObject({ specVersion: 'main', grading: 'strict' });
    expect((await load({ cwd, flags: { config: 'regatta.yaml', specVersion: '1.1' }, env })).config.specVersion).toBe('1.1');
  });

  it('refuses an unknown spec version, naming where it was set', async () => {
    const cwd = await tempDir();
    const error = await configError(load({ cwd, flags: { target: ['http://127.0.0.1:5000'], specVersion: '1.2' } }));
    expect(error.message).toContain('--spec-version');
    expect(error.message).toContain('must be 1.0, 1.1 or main');
  });

  it('refuses a concurrency that is not a positive whole number, in one line naming where it was set', async () => {
    const cwd = await tempDir();
    const target = ['http://127.0.0.1:5000'];
    const messages: string[] = [];
    for (const concurrency of ['0', '-3', '1.5', 'many']) {
      messages.push((await configError(load({ cwd, flags: { target, concurrency } }))).message);
    }
    expect(messages).toEqual([
      '--concurrency: must be greater than 0',
      '--concurrency: must be greater than 0',
      '--concurrency: must be a whole number',
      '--concurrency: must be a number (checks at once)',
    ]);
    const fromEnv = await configError(load({ cwd, flags: { target }, env: { REGATTA_CONCURRENCY: '0' } }));
    expect(fromEnv.message).toBe('REGATTA_CONCURRENCY: must be greater than 0');
    await writeFile(join(cwd, 'c.yaml'), 'targets: [{ url: http://127.0.0.1:5000 }]\nconcurrency: two\n');
    const fromFile = await configError(load({ cwd, flags: { config: 'c.yaml' } }));
    expect(fromFile.message).toBe('concurrency: must be a number (checks at once)');
  });

  it('takes --verify-copies as a size (0 hashes every pull) and refuses a bad one naming the flag', async () => {
    const cwd = await tempDir();
    const target = ['http://127.0.0.1:5000'];
    expect((await load({ cwd, flags: { target, verifyCopies: '16MiB' } })).config.load.verifyCopyBytes).toBe(16 * 1024 * 1024);
    expect((await load({ cwd, flags: { target, verifyCopies: '0' } })).config.load.verifyCopyBytes).toBe(0);
    expect((await load({ cwd, flags: { target } })).config.load.verifyCopyBytes).toBeUndefined();
    const bad = await configError(load({ cwd, flags: { target, verifyCopies: 'lots' } }));
    expect(bad.message).toMatch(/^--verify-copies: /);
  });

  it('reports a missing target naming --target and OCI_ROOT_URL', async () => {
    const cwd = await tempDir();
    const error = await configError(load({ cwd }));
    expect(error.message).toBe(
      '--target: no target: pass --target URL (or NAME=URL), set OCI_ROOT_URL, or list targets in the config file',
    );
  });

  it('reports every issue at once, each named the way the user set it', async () => {
    const cwd = await tempDir();
    await writeFile(
      join(cwd, 'bad.yaml'),
      [
        'targets:',
        '  - name: Bad_Name',
        '    url: http://user:pw@127.0.0.1:5000',
        '    colour: blue',
        '  - url: https://127.0.0.1:5001/v2/',
        '    tls: { certFile: c.pem }',
        '    limits: { requestTimeoutMs: -1, minChunkBytes: 10, maxChunkBytes: 5 }',
        'keep: maybe',
        'load: { duration: soon, size: 3 parsecs }',
        'extra: 1',
      ].join('\n'),
    );
    const error = await configError(load({ cwd, flags: { config: 'bad.yaml', runId: 'Not Kebab' }, env: {} }));
    expect(error.message).toBe(`invalid configuration: ${error.issues.length} problems`);
    expect(error.issues).toEqual([
      { path: 'targets[0].name', message: 'must be kebab-case: lowercase letters, digits and single dashes' },
      {
        path: 'targets[0].url',
        message: 'credentials in the URL are not allowed; use auth.username / auth.password (or OCI_USERNAME / OCI_PASSWORD)',
      },
      { path: 'targets[0].colour', message: 'unknown setting' },
      {
        path: 'targets[1].url',
        message:
          '"https://127.0.0.1:5001/v2/" has a path, query or fragment; give the registry root only, e.g. https://127.0.0.1:5001 (put a repository prefix in namespace)',
      },
      { path: 'targets[1].limits.requestTimeoutMs', message: 'must be greater than 0' },
      // Cross-field checks still run next to the field errors, so one pass shows everything.
      { path: 'targets[1].tls.keyFile', message: 'tls.certFile and tls.keyFile go together; set both or neither' },
      { path: 'targets[1].limits.minChunkBytes', message: 'limits.minChunkBytes (10) is larger than limits.maxChunkBytes (5)' },
      { path: 'keep', message: 'must be true or false' },
      { path: '--run-id', message: 'must be kebab-case: lowercase letters, digits and single dashes' },
      { path: 'load.duration', message: '"soon" is not a duration; write e.g. 500ms, 30s, 5m or 1h' },
      { path: 'load.size', message: '"3 parsecs" is not a positive size; write e.g. 512 (bytes), 64KiB, 16MiB or 1GB' },
      { path: 'extra', message: 'unknown setting' },
    ]);
  });

  it('reports cross-field problems with messages naming the options', async () => {
    const cwd = await tempDir();
    await writeFile(
      join(cwd, 'x.yaml'),
      [
        'targets:',
        '  - name: a',
        '    url: http://127.0.0.1:5000',
        '    auth: { token: t, username: u, password: p }',
        '    tls: { caFile: ca.pem }',
        '  - name: a',
        '    url: https://127.0.0.1:5001',
        '    tls: { certFile: c.pem }',
        '    limits: { minChunkBytes: 10, maxChunkBytes: 5 }',
      ].join('\n'),
    );
    const error = await configError(load({ cwd, flags: { config: 'x.yaml' } }));
    expect(error.issues).toEqual([
      { path: 'targets[0].auth.token', message: 'set either auth.token or auth.username/password, not both' },
      { path: 'targets[0].tls.caFile', message: 'tls.caFile needs an https:// url' },
      { path: 'targets[1].tls.keyFile', message: 'tls.certFile and tls.keyFile go together; set both or neither' },
      { path: 'targets[1].limits.minChunkBytes', message: 'limits.minChunkBytes (10) is larger than limits.maxChunkBytes (5)' },
      { path: 'targets[1].name', message: 'duplicate target name "a" (also used by targets[0]); names must be unique' },
    ]);

    await writeFile(join(cwd, 'dup.yaml'), 'targets:\n  - { name: a, url: "http://127.0.0.1:1" }\n  - { name: a, url: "http://127.0.0.1:2" }\n');
    const duplicate = await configError(load({ cwd, flags: { config: 'dup.yaml' } }));
    expect(duplicate.message).toBe('targets[1].name: duplicate target name "a" (also used by targets[0]); names must be unique');
  });

  it('names OCI_ROOT_URL when the env target is bad', async () => {
    const cwd = await tempDir();
    const error = await configError(load({ cwd, env: { OCI_ROOT_URL: 'ftp://localhost:5000' } }));
    expect(error.message).toBe('OCI_ROOT_URL: scheme ftp: is not supported; use http:// or https://');
  });

  it('reads host:port without a scheme as https, as docker and crane do (flag, OCI_ROOT_URL and config file)', async () => {
    const cwd = await tempDir();
    const fromFlag = await load({ cwd, flags: { target: ['registry.example.test:5000', 'named=ghcr.io'] } });
    expect(fromFlag.targets.map((t) => [t.name, t.url])).toEqual([
      ['registry-example-test-5000', 'https://registry.example.test:5000'],
      ['named', 'https://ghcr.io'],
    ]);
    const fromEnv = await load({ cwd, env: { OCI_ROOT_URL: 'localhost:5000' } });
    expect(fromEnv.targets[0]?.url).toBe('https://localhost:5000');
    await writeFile(join(cwd, 'bare.yaml'), 'targets:\n  - { name: a, url: "127.0.0.1:5443" }\n');
    const fromFile = await load({ cwd, flags: { config: 'bare.yaml' } });
    expect(fromFile.targets[0]?.url).toBe('https://127.0.0.1:5443');
    // An explicit scheme stays as written.
    const plain = await load({ cwd, flags: { target: ['http://127.0.0.1:5000'] } });
    expect(plain.targets[0]?.url).toBe('http://127.0.0.1:5000');
  });

  it('names the file for a missing file, bad YAML, bad JSON and a non-mapping document', async () => {
    const cwd = await tempDir();
    expect((await configError(load({ cwd, flags: { config: 'nope.yaml' } }))).message).toBe(
      'cannot read config file nope.yaml: no such file',
    );
    await writeFile(join(cwd, 'bad.yaml'), 'targets: [ {url: 42 ');
    expect((await configError(load({ cwd, flags: { config: 'bad.yaml' } }))).message).toMatch(
      /^config file bad\.yaml is not valid YAML: /,
    );
    await writeFile(join(cwd, 'bad.json'), '{"targets": ');
    expect((await configError(load({ cwd, flags: { config: 'bad.json' } }))).message).toMatch(
      /^config file bad\.json is not valid JSON: /,
    );
    await writeFile(join(cwd, 'list.yaml'), '- a\n- b\n');
    expect((await configError(load({ cwd, flags: { config: 'list.yaml' } }))).message).toBe(
      'config file list.yaml must hold a mapping of settings (targets, suites, …) at the top level',
    );
    expect((await configError(load({ cwd, flags: { config: '.' } }))).message).toBe(
      'cannot read config file .: is a directory, not a file',
    );
  });
});

describe('loadRunConfig check ids for expectation profiles', () => {
  const profile = 'name: mine\nknown:\n  - {check: tags/list-sorted, reason: r, source: "https://example.org/1", expires: 2027-01-31}\n';

  it('asks a lazy source for the check ids only when a target has a profile, and once for all of them', async () => {
    const cwd = await tempDir();
    await writeFile(join(cwd, 'mine.yaml'), profile);
    let calls = 0;
    const checkIds = (): Promise<readonly string[]> => {
      calls += 1;
      return Promise.resolve(['tags/list-sorted']);
    };
    await load({ cwd, flags: { target: ['http://127.0.0.1:5000'] }, checkIds });
    expect(calls).toBe(0);
    const { targets } = await load({ cwd, flags: { target: ['a=http://127.0.0.1:5000', 'b=http://127.0.0.1:5001'], expect: 'mine.yaml' }, checkIds });
    expect(targets.map((target) => target.name)).toEqual(['a', 'b']);
    expect(calls).toBe(1);
  });

  it('still rejects an entry that matches none of the lazily given ids', async () => {
    const cwd = await tempDir();
    await writeFile(join(cwd, 'mine.yaml'), profile);
    const error = await configError(load({ cwd, flags: { target: ['http://127.0.0.1:5000'], expect: 'mine.yaml' }, checkIds: () => Promise.resolve(['tags/list']) }));
    expect(error.issues).toEqual([{ path: 'known[0].check', message: '"tags/list-sorted" matches no check id' }]);
  });
});
