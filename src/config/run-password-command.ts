import { spawn } from 'node:child_process';
import { ConfigError } from '../errors/index.js';

/** How long a password command may take (a secret manager may prompt or hit the network). */
const passwordCommandTimeoutMs = 30_000;

/** The most a password command may print; more is not a password. */
const maxOutputBytes = 64 * 1024;

/** Kills the whole process group led by `pid`: the shell and everything it started. */
function killGroup(pid: number | undefined): void {
  if (pid === undefined) {
    return;
  }
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/**
 * Runs `command` with `/bin/sh -c` and returns its standard output without the trailing newline. The shell leads its
 * own process group, so a timeout (or regatta exiting) kills everything the command started, not just the shell.
 * Failures name the setting and the exit status but never echo output, which may hold part of the secret.
 */
export function runPasswordCommand(
  command: string,
  setting: string,
  cwd: string,
  timeoutMs: number = passwordCommandTimeoutMs,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', command], { cwd, detached: true, stdio: ['ignore', 'pipe', 'ignore'], windowsHide: true });
    const killOnExit = (): void => killGroup(child.pid);
    process.once('exit', killOnExit);
    let settled = false;
    const settle = (error: ConfigError | undefined, password?: string): void => {
      if (settled) {
        return;
      }
      settled = true;
      clearTimeout(timer);
      process.removeListener('exit', killOnExit);
      if (error === undefined) {
        resolve(password ?? '');
      } else {
        reject(error);
      }
    };
    const fail = (reason: string, hint = 'run the command by hand to see why'): void => {
      killGroup(child.pid);
      settle(new ConfigError(`${setting}: the password command ${reason}`, [], { hint }));
    };
    const timer = setTimeout(() => fail(`timed out after ${timeoutMs / 1000}s`), timeoutMs);
    const chunks: Buffer[] = [];
    let size = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxOutputBytes) {
        fail(`printed more than ${maxOutputBytes / 1024} KiB`);
        return;
      }
      chunks.push(chunk);
    });
    child.on('error', (error) => fail(`could not be started (${error.message})`));
    // A background process that still holds our stdout after the shell exited would keep 'close' from firing.
    child.on('exit', () => setTimeout(() => killGroup(child.pid), 1000).unref());
    child.on('close', (code, signal) => {
      if (code !== 0) {
        fail(`exited with ${code === null ? String(signal ?? 'an error') : `status ${code}`}`);
        return;
      }
      const password = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
      if (password === '') {
        settle(new ConfigError(`${setting}: the password command printed nothing`));
        return;
      }
      settle(undefined, password);
    });
  });
}
