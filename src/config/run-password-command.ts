import { execFile } from 'node:child_process';
import { ConfigError } from '../errors/index.js';

/** How long a password command may take (a secret manager may prompt or hit the network). */
const passwordCommandTimeoutMs = 30_000;

/**
 * Runs `command` with `/bin/sh -c` and returns its standard output without the trailing newline. Failures name the
 * setting and the exit status but never echo output, which may hold part of the secret.
 */
export function runPasswordCommand(command: string, setting: string, cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      '/bin/sh',
      ['-c', command],
      { cwd, timeout: passwordCommandTimeoutMs, maxBuffer: 64 * 1024, windowsHide: true },
      (error, stdout) => {
        if (error !== null) {
          const reason = error.killed
            ? `timed out after ${passwordCommandTimeoutMs / 1000}s`
            : `exited with ${typeof error.code === 'number' ? `status ${error.code}` : String(error.code ?? error.signal ?? 'an error')}`;
          reject(new ConfigError(`${setting}: the password command ${reason}`, [], { hint: 'run the command by hand to see why' }));
          return;
        }
        const password = stdout.replace(/\r?\n$/, '');
        if (password === '') {
          reject(new ConfigError(`${setting}: the password command printed nothing`));
          return;
        }
        resolve(password);
      },
    );
  });
}
