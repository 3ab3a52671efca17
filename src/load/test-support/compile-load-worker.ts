/**
 * Worker threads need JavaScript files, while vitest runs the TypeScript sources. This compiles the sources into a
 * temporary directory with the TypeScript compiler's per-file transpile (no type check: `tsc --noEmit` does that
 * separately), so tests exercise the real worker entry without a build and without extra loaders. Bare imports
 * resolve through a `node_modules` symlink to the project's.
 */
import { mkdtemp, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

/** The project root (this file is `src/load/test-support/compile-load-worker.ts`). */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** A compiled copy of the sources. */
export interface CompiledWorker {
  /** The worker entry: `<dir>/src/load/workers/load-worker.js`. */
  readonly workerFile: URL;
  /** Root of the compiled copy (scratch files may go here). */
  readonly dir: string;
  remove(): Promise<void>;
}

/** Every non-test `.ts` file under `dir`. */
async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Source directories of the build (tsconfig.build.json); the worker's imports reach into `fixtures` too. */
const sourceDirs = ['src', 'fixtures'];

/** Transpiles the sources (tests excluded) into a new temporary directory. */
export async function compileLoadWorker(): Promise<CompiledWorker> {
  const dir = await mkdtemp(join(tmpdir(), 'regatta-load-worker-'));
  await writeFile(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  await symlink(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const files = (await Promise.all(sourceDirs.map((name) => sources(join(root, name))))).flat();
  for (const file of files) {
    const output = ts.transpileModule(await readFile(file, 'utf8'), {
      fileName: file,
      compilerOptions: {
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2022,
        verbatimModuleSyntax: true,
        sourceMap: false,
      },
    });
    const destination = join(dir, relative(root, file)).replace(/\.ts$/, '.js');
    await mkdir(dirname(destination), { recursive: true });
    await writeFile(destination, output.outputText);
  }
  return {
    workerFile: pathToFileURL(join(dir, 'src', 'load', 'workers', 'load-worker.js')),
    dir,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
