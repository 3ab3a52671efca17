import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { labComponentStatus } from './component-status.js';
import type { LabPaths } from './lab-paths.js';
import { resolveLabPaths } from './lab-paths.js';

describe('labComponentStatus', () => {
  const root = mkdtempSync(join(tmpdir(), 'regatta-status-'));
  const paths: LabPaths = { binDir: join(root, 'bin'), cacheBinDir: join(root, 'cache'), stateFile: join(root, 'state.json') };
  mkdirSync(paths.binDir, { recursive: true });
  mkdirSync(paths.cacheBinDir, { recursive: true });
  afterEach(() => {
    rmSync(paths.binDir, { recursive: true, force: true });
    rmSync(paths.cacheBinDir, { recursive: true, force: true });
    mkdirSync(paths.binDir, { recursive: true });
    mkdirSync(paths.cacheBinDir, { recursive: true });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('says how to install a Go component that is missing', () => {
    expect(labComponentStatus('olareg', paths)).toEqual({
      available: false,
      reason: 'olareg v0.1.2 is not installed: run `regatta lab install olareg`',
    });
  });

  it('ignores a project binary stamped with another version', () => {
    writeFileSync(join(paths.binDir, 'olareg'), '');
    writeFileSync(join(paths.binDir, 'olareg.version'), 'v0.0.1\n');
    expect(labComponentStatus('olareg', paths).available).toBe(false);
  });

  it('finds the project binary at the pinned version, then the user cache', () => {
    writeFileSync(join(paths.cacheBinDir, 'olareg@v0.1.2'), '');
    expect(labComponentStatus('olareg', paths)).toEqual({
      available: true,
      binary: join(paths.cacheBinDir, 'olareg@v0.1.2'),
      version: 'v0.1.2',
    });
    writeFileSync(join(paths.binDir, 'olareg'), '');
    writeFileSync(join(paths.binDir, 'olareg.version'), 'v0.1.2\n');
    expect(labComponentStatus('olareg', paths)).toEqual({
      available: true,
      binary: join(paths.binDir, 'olareg'),
      version: 'v0.1.2',
    });
  });

  it('reports the recorded build failure as the reason', () => {
    writeFileSync(join(paths.binDir, 'zot.unavailable'), 'proxy refused the module\n');
    expect(labComponentStatus('zot', paths)).toEqual({
      available: false,
      reason: 'zot v1.4.3 cannot be installed here: proxy refused the module',
    });
  });

  it('resolves the user cache from XDG_CACHE_HOME, else HOME', () => {
    expect(resolveLabPaths({ XDG_CACHE_HOME: '/x', REGATTA_HOME: '/r' })).toEqual({
      binDir: '/r/bin',
      cacheBinDir: '/x/regatta/bin',
      stateFile: '/r/lab/state.json',
    });
    expect(resolveLabPaths({ HOME: '/h', REGATTA_HOME: '/r' }).cacheBinDir).toBe('/h/.cache/regatta/bin');
  });
});
