import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));

/** Runs the built CLI with its stdout read by nobody (as `regatta … | head` once head has exited). */
function runWithClosedStdout(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [main, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    // Close our end at once: every write of the child then fails with EPIPE.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('output piped into a reader that goes away (regatta … | head)', () => {
  it('the built CLI exists (npm run build)', () => {
    expect(existsSync(main)).toBe(true);
  });

  it('ends quietly with its own exit code: no EPIPE, no stack trace', async () => {
    const { code, stderr } = await runWithClosedStdout(['report', '--schema']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
