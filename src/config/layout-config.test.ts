import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/index.js';
import { loadRunConfig } from './load-run-config.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Loads a config from flags and env in a fresh directory. */
async function load(flags: Record<string, unknown>, env: Record<string, string> = {}): ReturnType<typeof loadRunConfig> {
  const cwd = await mkdtemp(join(tmpdir(), 'regatta-layout-'));
  dirs.push(cwd);
  return loadRunConfig({ flags: { target: ['http://127.0.0.1:5000'], ...flags }, env, cwd, checkIds: [] });
}

/** The message of the ConfigError a load throws. */
async function problem(flags: Record<string, unknown>, env: Record<string, string> = {}): Promise<string> {
  const error = await load(flags, env).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).message;
}

describe('repository layout settings', () => {
  it('resolves --layout fixed --repositories a,b to a fixed layout of the single target', async () => {
    const { targets } = await load({ layout: 'fixed', repositories: 'regatta/one,regatta/two' });
    expect(targets[0]?.layout).toEqual({ kind: 'fixed', repositories: ['regatta/one', 'regatta/two'] });
  });

  it('reads REGATTA_LAYOUT and REGATTA_REPOSITORIES, below the flags', async () => {
    const { targets } = await load({}, { REGATTA_LAYOUT: 'fixed', REGATTA_REPOSITORIES: 'team/a, team/b' });
    expect(targets[0]?.layout).toEqual({ kind: 'fixed', repositories: ['team/a', 'team/b'] });
    const flagged = await load({ layout: 'per-check' }, { REGATTA_LAYOUT: 'fixed' });
    expect(flagged.targets[0]?.layout).toEqual({ kind: 'per-check' });
  });

  it('defaults to per-check and carries hooks', async () => {
    const { targets } = await load({ preCreate: 'aws ecr create-repository --repository-name {repository}' });
    expect(targets[0]?.layout).toEqual({
      kind: 'per-check',
      hooks: { preCreate: 'aws ecr create-repository --repository-name {repository}' },
    });
  });

  it('refuses a fixed layout without two different repositories, naming the flag', async () => {
    expect(await problem({ layout: 'fixed' })).toContain('layout fixed needs two different repositories');
    expect(await problem({ layout: 'fixed', repositories: 'a/b,a/b' })).toContain('--repositories: layout fixed needs two different repositories');
  });

  it('refuses repositories without layout fixed, an invalid name, an unknown layout, hooks with fixed', async () => {
    expect(await problem({ repositories: 'a/b,a/c' })).toContain('--repositories: repositories apply to layout fixed only');
    expect(await problem({ layout: 'fixed', repositories: 'a/b,Upper/c' })).toContain('"Upper/c" is not a repository name');
    expect(await problem({ layout: 'sideways' })).toContain('--layout: must be per-check or fixed');
    expect(await problem({ layout: 'fixed', repositories: 'a/b,a/c', postDelete: 'rm {repository}' })).toContain('hooks apply to layout per-check');
  });

  it('refuses a hook without {repository} or on several lines', async () => {
    expect(await problem({ preCreate: 'make-repo' })).toContain('must contain {repository}');
    expect(await problem({ postDelete: 'a {repository}\nb' })).toContain('must be one line');
  });
});
