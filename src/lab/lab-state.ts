import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { z } from 'zod';
import { labComponentNames } from './lab-component.js';
import { mimicCloudNames } from './mimic/mimic-clouds.js';
import type { LabTarget } from './lab-target.js';
import { isPidAlive, terminateGroup } from './registry-process.js';

/** Schema of `.regatta/lab/state.json`: what `lab up --detach` started, so `lab down` stops exactly that. */
export const labStateSchema = z.strictObject({
  /** File format version. */
  version: z.literal(1),
  /** ISO time of `lab up`. */
  startedAt: z.string(),
  targets: z.array(
    z.strictObject({
      name: z.enum(labComponentNames),
      url: z.string(),
      product: z.enum(['distribution', 'olareg', 'zot']),
      version: z.string(),
      dataDir: z.string(),
      keepDataDir: z.boolean().optional(),
      logFile: z.string(),
      pid: z.number().int().positive(),
      binary: z.string(),
      credentials: z
        .strictObject({
          readWrite: z.strictObject({ username: z.string(), password: z.string() }),
          readOnly: z.strictObject({ username: z.string(), password: z.string() }),
        })
        .optional(),
      tls: z
        .strictObject({ caFile: z.string(), certFile: z.string().optional(), keyFile: z.string().optional() })
        .optional(),
      mimic: z
        .strictObject({
          cloud: z.enum(mimicCloudNames),
          url: z.string(),
          storageUrl: z.string(),
          registryUrl: z.string(),
          pid: z.number().int().positive(),
          binary: z.string(),
          script: z.string(),
          logFile: z.string(),
          requestLog: z.string(),
        })
        .optional(),
    }),
  ),
});

/** Parsed state file. */
export type LabState = z.infer<typeof labStateSchema>;

/** Writes the state file atomically, readable by its owner only: it holds the lab's passwords. */
export async function writeLabState(file: string, targets: readonly LabTarget[], now = new Date()): Promise<void> {
  const state: LabState = { version: 1, startedAt: now.toISOString(), targets: targets.map((target) => ({ ...target })) };
  await mkdir(dirname(file), { recursive: true });
  const partial = `${file}.partial-${process.pid}`;
  // A fresh file each time (the rename replaces any older, wider-open one), created private.
  await rm(partial, { force: true });
  await writeFile(partial, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  await rename(partial, file);
}

/** Reads the state file: `undefined` when there is none, an Error message when it is corrupt. */
export async function readLabState(file: string): Promise<LabState | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${file} is not valid JSON`);
  }
  const parsed = labStateSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(`${file} is not a regatta lab state file: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

/**
 * True when `pid` is alive and still runs `binary`: its `/proc/<pid>/cmdline` starts with that path. Guards against
 * killing an unrelated process that reused a recorded pid.
 */
export function pidRunsBinary(pid: number, binary: string): boolean {
  if (!isPidAlive(pid)) {
    return false;
  }
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return argv[0] === binary;
  } catch {
    return false;
  }
}

/** True when `pid` is alive and runs `binary` with `script` as its first argument (a Node process, such as a mimic front). */
export function pidRunsScript(pid: number, binary: string, script: string): boolean {
  if (!pidRunsBinary(pid, binary)) {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[1] === script;
  } catch {
    return false;
  }
}

/** What `stopLabState` did for one recorded target. */
export interface StoppedTarget {
  readonly name: string;
  readonly pid: number;
  /** `stopped`: it was ours and is gone now; `gone`: already not running; `foreign`: pid reused, left alone. */
  readonly outcome: 'stopped' | 'gone' | 'foreign';
}

/**
 * Stops exactly the processes recorded in `state` (after checking each pid still runs the recorded binary), removes
 * their data dirs (and a TLS lab's certificate dir), and deletes the state file.
 */
export async function stopLabState(file: string, state: LabState): Promise<StoppedTarget[]> {
  const results: StoppedTarget[] = [];
  for (const target of state.targets) {
    const mimic = target.mimic;
    if (mimic !== undefined) {
      // The front first, so nothing answers on the target url while its registry goes away.
      const ours = pidRunsScript(mimic.pid, mimic.binary, mimic.script);
      if (ours) {
        await terminateGroup(mimic.pid, 5000);
      }
      results.push({ name: `${target.name} ${mimic.cloud} mimic`, pid: mimic.pid, outcome: ours ? 'stopped' : isPidAlive(mimic.pid) ? 'foreign' : 'gone' });
    }
    let outcome: StoppedTarget['outcome'];
    if (pidRunsBinary(target.pid, target.binary)) {
      await terminateGroup(target.pid, 5000);
      outcome = 'stopped';
    } else {
      outcome = isPidAlive(target.pid) ? 'foreign' : 'gone';
    }
    // Only ever delete directories the lab itself created, whatever the file says (the TLS dir is shared by targets);
    // a data dir the user named outlives the lab, whatever its name.
    const dataDirs = target.keepDataDir === true ? [] : [target.dataDir];
    for (const dir of [...dataDirs, ...(target.tls === undefined ? [] : [dirname(target.tls.caFile)])]) {
      if (basename(dir).startsWith('regatta-lab-')) {
        await rm(dir, { recursive: true, force: true });
      }
    }
    results.push({ name: target.name, pid: target.pid, outcome });
  }
  await rm(file, { force: true });
  return results;
}
