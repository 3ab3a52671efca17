import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/index.js';
import { runPasswordCommand } from './run-password-command.js';

const dir = mkdtempSync(join(tmpdir(), 'regatta-password-command-'));

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** True while a process with this pid exists and has not exited. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !['Z', 'X'].includes(stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3));
  } catch {
    return false;
  }
}

/** Polls (bounded) until the pid is gone. */
async function gone(pid: number): Promise<boolean> {
  for (let attempt = 0; attempt < 100 && alive(pid); attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return !alive(pid);
}

describe('runPasswordCommand', () => {
  it('returns the output without its trailing newline', async () => {
    await expect(runPasswordCommand("printf 'pw-1\\n'", 'auth.passwordCommand', dir)).resolves.toBe('pw-1');
  });

  it('kills everything the command started when it times out, not only the shell', async () => {
    const pidFile = join(dir, 'child.pid');
    // The shell starts a long sleep in the background (stdout detached so it does not hold our pipe) and waits on it.
    const command = `sleep 60 >/dev/null & echo $! > ${pidFile}; wait`;
    const error = await runPasswordCommand(command, 'targets[0].auth.passwordCommand', dir, 500).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe('targets[0].auth.passwordCommand: the password command timed out after 0.5s');
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    expect(pid).toBeGreaterThan(0);
    expect(await gone(pid)).toBe(true);
  });

  it('does not wait for a background process that keeps its output open after the shell exited', async () => {
    const pidFile = join(dir, 'holder.pid');
    const password = await runPasswordCommand(`echo pw-2; sleep 60 & echo $! > ${pidFile}`, 'auth.passwordCommand', dir, 20_000);
    expect(password).toBe('pw-2');
    expect(await gone(Number(readFileSync(pidFile, 'utf8').trim()))).toBe(true);
  });

  it('names the setting and the status, never the output', async () => {
    const error = (await runPasswordCommand('echo secret-out; exit 4', 'auth.passwordCommand', dir).catch((caught: unknown) => caught)) as Error;
    expect(error.message).toBe('auth.passwordCommand: the password command exited with status 4');
    expect(error.message).not.toContain('secret-out');
    await expect(runPasswordCommand('true', 'auth.passwordCommand', dir)).rejects.toThrow('the password command printed nothing');
  });
});
