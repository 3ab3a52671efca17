import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { installGoComponent } from './install-go.js';
import { findLabComponent } from './lab-component.js';
import type { LabPaths } from './lab-paths.js';

const root = mkdtempSync(join(tmpdir(), 'regatta-install-go-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function freshPaths(name: string): LabPaths {
  const paths = { binDir: join(root, name, 'bin'), cacheBinDir: join(root, name, 'cache'), stateFile: join(root, name, 's.json') };
  mkdirSync(paths.cacheBinDir, { recursive: true });
  return paths;
}

describe('installGoComponent reuse', () => {
  const olareg = findLabComponent('olareg');

  it('copies the user-cache binary into the project folder with a version stamp, without building', async () => {
    const paths = freshPaths('cache');
    writeFileSync(join(paths.cacheBinDir, 'olareg@v0.1.2'), '#!/bin/sh\n');
    const lines: string[] = [];
    const outcome = await installGoComponent(olareg, paths, (line) => lines.push(line));
    expect(outcome).toEqual({ ok: true, source: 'user-cache', binary: join(paths.binDir, 'olareg') });
    expect(readFileSync(join(paths.binDir, 'olareg'), 'utf8')).toBe('#!/bin/sh\n');
    expect(statSync(join(paths.binDir, 'olareg')).mode & 0o111).not.toBe(0);
    expect(readFileSync(join(paths.binDir, 'olareg.version'), 'utf8')).toBe('v0.1.2\n');
    expect(lines).toEqual([]);
  });

  it('reuses the project binary at the pinned version and touches nothing', async () => {
    const paths = freshPaths('project');
    mkdirSync(paths.binDir, { recursive: true });
    writeFileSync(join(paths.binDir, 'olareg'), 'project copy');
    writeFileSync(join(paths.binDir, 'olareg.version'), 'v0.1.2\n');
    const outcome = await installGoComponent(olareg, paths, () => undefined);
    expect(outcome).toEqual({ ok: true, source: 'project', binary: join(paths.binDir, 'olareg') });
    expect(readFileSync(join(paths.binDir, 'olareg'), 'utf8')).toBe('project copy');
    expect(existsSync(join(paths.cacheBinDir, 'olareg@v0.1.2'))).toBe(false);
  });

  it('replaces a project binary stamped with another version from the cache', async () => {
    const paths = freshPaths('stale');
    mkdirSync(paths.binDir, { recursive: true });
    writeFileSync(join(paths.binDir, 'olareg'), 'old');
    writeFileSync(join(paths.binDir, 'olareg.version'), 'v0.0.9\n');
    writeFileSync(join(paths.cacheBinDir, 'olareg@v0.1.2'), 'new');
    const outcome = await installGoComponent(olareg, paths, () => undefined);
    expect(outcome.ok && outcome.source).toBe('user-cache');
    expect(readFileSync(join(paths.binDir, 'olareg'), 'utf8')).toBe('new');
  });
});

describe('oci-conformance (a go-build component)', () => {
  const oci = findLabComponent('oci-conformance');

  it('is the 2026 suite at its pinned pseudo-version, built with go build, and part of the default install (its integration test needs it)', () => {
    expect(oci.version).toBe('v0.0.0-20260831232431-97274622c111');
    expect(oci.recipe).toEqual({
      kind: 'go-build',
      module: 'github.com/opencontainers/distribution-spec/conformance',
      packagePath: 'github.com/opencontainers/distribution-spec/conformance',
    });
    expect(oci.defaultInstall).toBe(true);
  });

  it('is cached like the other Go components: the user-cache binary is copied, stamped, and nothing is built', async () => {
    const paths = freshPaths('oci');
    writeFileSync(join(paths.cacheBinDir, `oci-conformance@${oci.version}`), '#!/bin/sh\n');
    const lines: string[] = [];
    const outcome = await installGoComponent(oci, paths, (line) => lines.push(line));
    expect(outcome).toEqual({ ok: true, source: 'user-cache', binary: join(paths.binDir, 'oci-conformance') });
    expect(readFileSync(join(paths.binDir, 'oci-conformance.version'), 'utf8')).toBe(`${oci.version}\n`);
    expect(lines).toEqual([]);
  });
});
