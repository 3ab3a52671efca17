import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const bench = fileURLToPath(new URL('../../dist/src/peer-bench/main.js', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));
/** The bench's temporary directory: its lab's data dir and its work dir are made here (TMPDIR), and nothing else. */
const scratch = mkdtempSync(join(tmpdir(), 'regatta-bench-interrupt-'));

afterAll(() => {
  // When the test fails, what the bench left running is killed here, so one failure does not leak a registry.
  for (const line of processesMentioning(scratch)) {
    try {
      process.kill(Number(line.split(':')[0]), 'SIGKILL');
    } catch {
      // Gone meanwhile.
    }
  }
  rmSync(scratch, { recursive: true, force: true });
});

/** Processes whose command line mentions `text` (a lab registry names its data dir in its arguments). */
function processesMentioning(text: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (command.includes(text)) {
        found.push(`${pid}: ${command}`);
      }
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

describe('Ctrl-C in npm run bench', () => {
  it('stops the lab registry it started and removes its files, then exits 130', async () => {
    const child = spawn(process.execPath, [bench, '--only', 'push', '--quick', '--root', root], {
      cwd: root,
      env: { ...process.env, TMPDIR: scratch },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    const labUp = new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (/^lab: distribution-3 /m.test(stderr)) {
          resolve();
        }
      });
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const killer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    await Promise.race([labUp, exited]);
    expect(stderr).toMatch(/^lab: distribution-3 /m);
    expect(processesMentioning(scratch)).not.toEqual([]);
    child.kill('SIGINT');
    const code = await exited;
    clearTimeout(killer);
    expect(stderr).toContain('SIGINT: stopping the lab registries this run started');
    expect(code).toBe(130);
    expect(processesMentioning(scratch)).toEqual([]);
    expect(readdirSync(scratch).filter((name) => name.startsWith('regatta-'))).toEqual([]);
  });
});
