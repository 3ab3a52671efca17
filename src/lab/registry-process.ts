import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';

/** One started registry process: its own process group, output appended to a log file. */
export interface RegistryProcess {
  readonly pid: number;
  readonly logFile: string;
  /** Exit code/signal once it has exited, else undefined. */
  exitStatus(): string | undefined;
  /** Terminates the process group (SIGTERM, then SIGKILL after `graceMs`) and waits until the pid is gone. */
  stop(graceMs?: number): Promise<void>;
}

/** Inputs of {@link spawnRegistryProcess}. */
export interface SpawnRegistryInput {
  readonly binary: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  readonly logFile: string;
  /**
   * Leave the process running when this Node process exits (`lab up --detach`). Either way it leads its own
   * process group, so a stop kills everything it forked.
   */
  readonly detach: boolean;
}

/**
 * The fields of `/proc/<pid>/stat` from field 3 (the state) on, or undefined when the process is gone or /proc is
 * unreadable. The command before them is parenthesised and may hold spaces, so they start after the last `)`.
 */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** True while `/proc/<pid>` exists and is not a zombie. */
export function isPidAlive(pid: number): boolean {
  if (!existsSync(`/proc/${pid}`)) {
    return false;
  }
  // Z means exited but not reaped.
  const state = statFields(pid)?.[0];
  return state !== undefined && state !== 'Z' && state !== 'X';
}

/**
 * CPU time (user + system, in seconds) a live process has used so far, from `/proc/<pid>/stat` (fields 14 and 15,
 * in clock ticks of 1/100 s: Linux fixes USER_HZ at 100 for /proc); undefined when the process is gone or /proc is
 * unreadable. The lab reads it for its registries: how much of a 2-core machine a run took on the registry's side.
 */
export function processCpuSeconds(pid: number): number | undefined {
  const fields = statFields(pid);
  const ticks = Number(fields?.[11]) + Number(fields?.[12]);
  return Number.isFinite(ticks) ? ticks / 100 : undefined;
}

/** Sends `signal` to the process group led by `pid`, ignoring "no such process". */
export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

/** Waits (bounded) until `pid` is gone; true when it went. */
export async function waitForPidGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; attempt < 1000 && Date.now() < deadline; attempt += 1) {
    if (!isPidAlive(pid)) {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return !isPidAlive(pid);
}

/** Terminates the group led by `pid`: SIGTERM, then SIGKILL after `graceMs`; resolves once the pid is gone. */
export async function terminateGroup(pid: number, graceMs: number): Promise<void> {
  signalGroup(pid, 'SIGTERM');
  if (await waitForPidGone(pid, graceMs)) {
    return;
  }
  signalGroup(pid, 'SIGKILL');
  await waitForPidGone(pid, 5000);
}

/** Starts a registry binary with stdout and stderr appended to `logFile`. */
export function spawnRegistryProcess(input: SpawnRegistryInput): RegistryProcess {
  const fd = openSync(input.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(input.binary, [...input.args], {
      cwd: input.cwd,
      env: { ...process.env, ...input.env },
      stdio: ['ignore', fd, fd],
      detached: true,
    });
  } finally {
    closeSync(fd);
  }
  let exit: string | undefined;
  child.on('exit', (code, signal) => {
    exit = signal === null ? `exit code ${String(code)}` : `signal ${signal}`;
  });
  // A spawn failure (ENOENT, EACCES) arrives as an event; record it as an exit so readiness stops at once.
  child.on('error', (error) => {
    exit = `failed to start: ${error.message}`;
  });
  if (input.detach) {
    child.unref();
  }
  const pid = child.pid ?? -1;
  return {
    pid,
    logFile: input.logFile,
    exitStatus: () => exit,
    async stop(graceMs = 5000): Promise<void> {
      if (pid <= 0 || exit !== undefined) {
        return;
      }
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      await terminateGroup(pid, graceMs);
      // Our own child: wait for the exit event too, so Node has reaped it and no zombie remains.
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2000))]);
    },
  };
}
