import { chmod, copyFile, cp, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  cachedBinaryPath,
  projectBinaryPath,
  unavailableReasonPath,
  versionStampPath,
} from './component-status.js';
import type { GoBuildMainModuleRecipe, GoBuildRecipe, GoInstallRecipe, LabComponent } from './lab-component.js';
import type { LabPaths } from './lab-paths.js';
import { runCommand, tailLines } from './run-command.js';

/** How a Go component ended up installed, or why it could not be. */
export type GoInstallOutcome =
  | { readonly ok: true; readonly source: 'project' | 'user-cache' | 'built'; readonly binary: string }
  | { readonly ok: false; readonly reason: string };

/** Large builds (zot) take minutes on a 2-core machine with a cold Go cache. */
const buildTimeoutMs = 40 * 60 * 1000;

/** Environment the installer runs `go` with (PATH, GOPROXY, GOFLAGS, caches…). */
type Env = Readonly<Record<string, string | undefined>>;

/** Runs a go subcommand in `cwd`; returns the failure reason or undefined. */
async function go(args: readonly string[], cwd: string, env: Env, extraEnv: Record<string, string> = {}): Promise<string | undefined> {
  const result = await runCommand('go', args, { cwd, env: { ...env, ...extraEnv }, timeoutMs: buildTimeoutMs });
  if (result.code === 0) {
    return undefined;
  }
  if (result.timedOut) {
    return `\`go ${args.join(' ')}\` timed out after ${buildTimeoutMs / 60_000} min`;
  }
  if (result.code === null && /ENOENT/.test(result.output)) {
    return 'the Go toolchain (`go`) is not on PATH: install Go 1.22 or newer';
  }
  return `\`go ${args.join(' ')}\` failed:\n${tailLines(result.output, 8)}`;
}

/**
 * Builds in a throwaway main module that requires `module@version`: `go install` into a private GOBIN (see
 * GoInstallRecipe), or a plain `go build -o` named after the component (see GoBuildRecipe).
 */
async function buildWithTempModule(
  component: LabComponent,
  recipe: GoInstallRecipe | GoBuildRecipe,
  work: string,
  env: Env,
): Promise<{ binary: string } | { reason: string }> {
  const gobin = join(work, 'bin');
  const binary = recipe.kind === 'go-install' ? join(gobin, recipe.goBinary) : join(gobin, component.name);
  const build: [string[], Record<string, string>] =
    recipe.kind === 'go-install' ? [['install', recipe.packagePath], { GOBIN: gobin }] : [['build', '-o', binary, recipe.packagePath], {}];
  const steps: [string[], Record<string, string>][] = [
    [['mod', 'init', `regatta.lab/${component.name}`], {}],
    [['get', `${recipe.packagePath}@${component.version}`], {}],
    build,
  ];
  for (const [args, extra] of steps) {
    const failure = await go(args, work, env, extra);
    if (failure !== undefined) {
      return { reason: failure };
    }
  }
  return { binary };
}

/** Builds with the component's own module as the main module, so its `replace` directives apply. */
async function buildAsMainModule(
  component: LabComponent,
  recipe: GoBuildMainModuleRecipe,
  work: string,
  env: Env,
): Promise<{ binary: string } | { reason: string }> {
  const download = await runCommand('go', ['mod', 'download', '-json', `${recipe.module}@${component.version}`], {
    cwd: work,
    env,
    timeoutMs: buildTimeoutMs,
  });
  const dir = /"Dir":\s*"([^"]+)"/.exec(download.output)?.[1];
  if (download.code !== 0 || dir === undefined) {
    return { reason: `\`go mod download ${recipe.module}@${component.version}\` failed:\n${tailLines(download.output, 8)}` };
  }
  const src = join(work, 'src');
  await cp(dir, src, { recursive: true });
  // The module cache is read-only; the build may need to touch go.sum.
  await runCommand('chmod', ['-R', 'u+w', src], { timeoutMs: 60_000 });
  const binary = join(work, 'bin', component.name);
  const args = ['build', '-trimpath', '-tags', recipe.buildTags.join(','), '-o', binary, recipe.packageDir];
  const failure = await go(args, src, env, { CGO_ENABLED: '0' });
  return failure === undefined ? { binary } : { reason: failure };
}

/** Copies `from` to `to` atomically (temp name, then rename), executable. */
async function placeBinary(from: string, to: string): Promise<void> {
  const partial = `${to}.partial-${process.pid}`;
  await copyFile(from, partial);
  await chmod(partial, 0o755);
  await rename(partial, to);
}

/**
 * Installs a Go component into the project's `.regatta/bin/<name>` with a version stamp, reusing (in order) the
 * project copy at the right version, the user-level cache `<cache>/<name>@<version>`, or building it. A fresh build
 * is also stored in the user cache so the next clone reuses it.
 */
export async function installGoComponent(
  component: LabComponent,
  paths: LabPaths,
  log: (line: string) => void,
  env: Env = process.env,
): Promise<GoInstallOutcome> {
  const recipe = component.recipe;
  if (recipe.kind === 'apt') {
    throw new Error(`${component.name} is not a Go component`);
  }
  const target = projectBinaryPath(paths, component.name);
  const stamp = versionStampPath(paths, component.name);
  const cached = cachedBinaryPath(paths, component.name, component.version);
  await mkdir(paths.binDir, { recursive: true });
  if (existsSync(target) && existsSync(stamp)) {
    if ((await readFile(stamp, 'utf8')).trim() === component.version) {
      return { ok: true, source: 'project', binary: target };
    }
  }
  if (existsSync(cached)) {
    await placeBinary(cached, target);
    await writeFile(stamp, `${component.version}\n`);
    return { ok: true, source: 'user-cache', binary: target };
  }
  log(`building ${component.name} ${component.version} with go (${recipe.kind === 'go-build-main-module' ? recipe.module : recipe.packagePath})`);
  const work = await mkdtemp(join(tmpdir(), `regatta-build-${component.name}-`));
  try {
    const built =
      recipe.kind === 'go-build-main-module'
        ? await buildAsMainModule(component, recipe, work, env)
        : await buildWithTempModule(component, recipe, work, env);
    if ('reason' in built) {
      await writeFile(unavailableReasonPath(paths, component.name), `${built.reason}\n`);
      return { ok: false, reason: built.reason };
    }
    await mkdir(paths.cacheBinDir, { recursive: true });
    await placeBinary(built.binary, cached);
    await placeBinary(built.binary, target);
    await writeFile(stamp, `${component.version}\n`);
    await rm(unavailableReasonPath(paths, component.name), { force: true });
    return { ok: true, source: 'built', binary: target };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
