import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LabError } from '../../errors/index.js';
import { spawnRegistryProcess, type RegistryProcess } from '../registry-process.js';
import { RegistryExitedError, waitForRegistryReady } from '../wait-ready.js';
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

/** How long a mimic front may take to listen and answer `/v2/`. */
const startTimeoutMs = 15_000;
/** Pause between two looks for the ports file. */
const portsPollMs = 20;

/** The URLs a mimic front wrote once it listened (see mimic-main's `--ports-file`). */
interface MimicPorts {
  readonly url: string;
  readonly storageUrl: string;
}

/**
 * Waits for the ports file of a front started by {@link spawnMimicFront}: bounded by `startTimeoutMs` (and so by a
 * count of looks), ended early when the process exits or `signal` aborts.
 */
async function waitForPorts(file: string, child: RegistryProcess, signal: AbortSignal | undefined): Promise<MimicPorts> {
  for (let look = 0; look <= startTimeoutMs / portsPollMs; look += 1) {
    const status = child.exitStatus();
    if (status !== undefined) {
      throw new RegistryExitedError(status);
    }
    if (existsSync(file)) {
      return JSON.parse(await readFile(file, 'utf8')) as MimicPorts;
    }
    await sleep(portsPollMs, undefined, signal === undefined ? {} : { signal });
  }
  throw new Error(`no ports file after ${startTimeoutMs} ms`);
}

/**
 * Starts a mimic front process before `registryUrl` and waits until its `/v2/` answers. The front listens on ports the
 * system picks and reports them in a file: ports found free here and handed to it could be taken by another process
 * (tests start many lab processes at once) before it binds them.
 */
export async function spawnMimicFront(options: SpawnMimicOptions): Promise<{ mimic: LabMimic; process: RegistryProcess }> {
  const script = mimicEntryScript();
  const logFile = join(options.dir, 'mimic.log');
  const requestLog = join(options.dir, 'mimic-requests.jsonl');
  const portsFile = join(options.dir, 'mimic-ports.json');
  const args = [
    script,
    `--cloud=${options.cloud}`,
    `--upstream=${options.registryUrl}`,
    `--ports-file=${portsFile}`,
    `--requests=${requestLog}`,
    ...(options.budget === undefined ? [] : [`--budget-requests=${options.budget.requests}`, `--budget-window=${options.budget.windowSeconds}`]),
  ];
  const child = spawnRegistryProcess({ binary: process.execPath, args, env: {}, cwd: options.dir, logFile, detach: options.detach });
  let ports: MimicPorts;
  try {
    ports = await waitForPorts(portsFile, child, options.signal);
    await waitForRegistryReady(ports.url, { timeoutMs: startTimeoutMs, exited: () => child.exitStatus(), ...(options.signal === undefined ? {} : { signal: options.signal }) });
  } catch (error) {
    await child.stop();
    throw new LabError(`the ${options.cloud} mimic front did not start: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
      hint: `see ${logFile}`,
    });
  }
  const mimic: LabMimic = {
    cloud: options.cloud,
    url: ports.url,
    storageUrl: ports.storageUrl,
    registryUrl: options.registryUrl,
    pid: child.pid,
    binary: process.execPath,
    script,
    logFile,
    requestLog,
  };
  return { mimic, process: child };
}
