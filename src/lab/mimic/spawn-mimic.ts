import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LabError } from '../../errors/index.js';
import { findFreePort } from '../free-port.js';
import { spawnRegistryProcess, type RegistryProcess } from '../registry-process.js';
import { waitForRegistryReady } from '../wait-ready.js';
import type { MimicCloud, ThrottleRule } from './mimic-clouds.js';

/** A mimic front process, as the lab records it (`lab down` stops it, `lab status` shows it). */
export interface LabMimic {
  readonly cloud: MimicCloud;
  /** The front: what a client talks to (also the lab target's `url`). */
  readonly url: string;
  /** The storage origin that blob GETs redirect to. */
  readonly storageUrl: string;
  /** The real lab registry behind the front. */
  readonly registryUrl: string;
  /** Front process id (its own process group). */
  readonly pid: number;
  /** The Node binary and the script it runs; `lab down` checks `/proc/<pid>/cmdline` against both. */
  readonly binary: string;
  readonly script: string;
  readonly logFile: string;
  /** Every request the front and the storage origin answered, one JSON object per line. */
  readonly requestLog: string;
}

/**
 * The compiled entry script. Under the build it sits next to this module; under vitest (TypeScript sources) the build's
 * copy in `dist/` is used, so integration tests need `npm run build` first (the test script runs it).
 */
export function mimicEntryScript(): string {
  const here = fileURLToPath(import.meta.url);
  const sibling = join(dirname(here), 'mimic-main.js');
  if (existsSync(sibling)) {
    return sibling;
  }
  const built = resolve(dirname(here), '..', '..', '..', 'dist', 'src', 'lab', 'mimic', 'mimic-main.js');
  if (existsSync(built)) {
    return built;
  }
  throw new LabError('the mimic front script is not built', { hint: 'run `npm run build`' });
}

/** Options of {@link spawnMimicFront}. */
export interface SpawnMimicOptions {
  readonly cloud: MimicCloud;
  readonly registryUrl: string;
  /** Directory for the log and the request log (the registry's data dir: removed with it). */
  readonly dir: string;
  readonly detach: boolean;
  readonly budget?: Pick<ThrottleRule, 'requests' | 'windowSeconds'>;
  readonly signal?: AbortSignal;
}

/** Starts a mimic front process before `registryUrl` and waits until its `/v2/` answers. */
export async function spawnMimicFront(options: SpawnMimicOptions): Promise<{ mimic: LabMimic; process: RegistryProcess }> {
  const script = mimicEntryScript();
  const [port, storagePort] = [await findFreePort(), await findFreePort()];
  const logFile = join(options.dir, 'mimic.log');
  const requestLog = join(options.dir, 'mimic-requests.jsonl');
  const args = [
    script,
    `--cloud=${options.cloud}`,
    `--upstream=${options.registryUrl}`,
    `--port=${port}`,
    `--storage-port=${storagePort}`,
    `--requests=${requestLog}`,
    ...(options.budget === undefined ? [] : [`--budget-requests=${options.budget.requests}`, `--budget-window=${options.budget.windowSeconds}`]),
  ];
  const child = spawnRegistryProcess({ binary: process.execPath, args, env: {}, cwd: options.dir, logFile, detach: options.detach });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForRegistryReady(url, { timeoutMs: 15_000, exited: () => child.exitStatus(), ...(options.signal === undefined ? {} : { signal: options.signal }) });
  } catch (error) {
    await child.stop();
    throw new LabError(`the ${options.cloud} mimic front did not start: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
      hint: `see ${logFile}`,
    });
  }
  const mimic: LabMimic = {
    cloud: options.cloud,
    url,
    storageUrl: `http://127.0.0.1:${storagePort}`,
    registryUrl: options.registryUrl,
    pid: child.pid,
    binary: process.execPath,
    script,
    logFile,
    requestLog,
  };
  return { mimic, process: child };
}
