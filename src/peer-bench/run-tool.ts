import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { signalGroup, terminateGroup } from '../lab/registry-process.js';
import { cleanUpOnInterrupt, scriptInterrupted } from './script-interrupt.js';

/** What a peer tool run cost, measured by GNU time around it. */
export interface ToolRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
  readonly wallSeconds: number;
  readonly cpuSeconds: number;
  readonly peakRssBytes: number;
}

/**
 * Runs `command args` under `/usr/bin/time` (wall, user+sys CPU, max RSS of the tool itself), with a hard time
 * limit: the process group is killed at `timeoutMs`, so a hung peer cannot hang the benchmark.
 */
export async function runTool(
  command: string,
  args: readonly string[],
  options: {
    readonly timeoutMs: number;
    readonly workDir: string;
    readonly env?: NodeJS.ProcessEnv;
    readonly stdinFile?: string;
    /** Working directory of the tool. @default this process's */
    readonly cwd?: string;
  },
): Promise<ToolRun> {
  if (scriptInterrupted()) {
    throw new Error(`not starting ${command}: the run was interrupted`);
  }
  const timeFile = join(options.workDir, `time-${process.hrtime.bigint()}.txt`);
  const shellArgs = options.stdinFile === undefined ? [] : ['sh', '-c', '"$0" "$@" < "$STDIN_FILE"'];
  const child = spawn('/usr/bin/time', ['-f', '%e %U %S %M', '-o', timeFile, ...shellArgs, command, ...args], {
    detached: true,
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    env: { ...process.env, ...options.env, ...(options.stdinFile === undefined ? {} : { STDIN_FILE: options.stdinFile }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const killGroup = (): void => {
    if (child.pid !== undefined) {
      signalGroup(child.pid, 'SIGKILL');
    }
  };
  const timer = setTimeout(killGroup, options.timeoutMs);
  // Its own process group: a terminal's Ctrl-C does not reach it, so the bench's interrupt handling ends it, and waits
  // until it is gone.
  const forget = cleanUpOnInterrupt(() => (child.pid === undefined ? Promise.resolve() : terminateGroup(child.pid, 2000)));
  const exitCode = await new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
  clearTimeout(timer);
  forget();
  const timing = (await readFile(timeFile, 'utf8').catch(() => '')).trim().split('\n').at(-1) ?? '';
  await rm(timeFile, { force: true });
  const [wall, user, system, maxKb] = timing.split(' ').map(Number);
  return {
    stdout,
    stderr,
    exitCode,
    wallSeconds: wall ?? Number.NaN,
    cpuSeconds: (user ?? Number.NaN) + (system ?? Number.NaN),
    peakRssBytes: (maxKb ?? Number.NaN) * 1024,
  };
}
