import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, Socket, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../lab/start-lab.js';
import { requireLabComponent } from '../lab/test-support/require-lab-component.js';

const main = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) {
    await cleanup();
  }
});

/** A TCP front of a real registry that forwards until `hang()`, then accepts and holds every byte without answering. */
interface HangingProxy {
  readonly url: string;
  hang(): void;
  close(): Promise<void>;
}

async function startHangingProxy(upstreamPort: number): Promise<HangingProxy> {
  let hung = false;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    if (hung) {
      return; // accepted, read, never answered
    }
    const upstream = new Socket();
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    upstream.on('close', () => sockets.delete(upstream));
    upstream.connect(upstreamPort, '127.0.0.1');
    client.on('data', (chunk: Buffer) => {
      if (!hung) {
        upstream.write(chunk);
      }
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!hung) {
        client.write(chunk);
      }
    });
    client.on('end', () => upstream.end());
    upstream.on('end', () => {
      if (!hung) {
        client.end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    hang: () => {
      hung = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) {
          socket.destroy();
        }
        server.close(() => resolve());
      }),
  };
}

/** Runs the built CLI; hangs the proxy once `hangAfter` appears on stdout; optionally sends SIGINT `interruptMs` later. */
function runConformanceCli(
  args: readonly string[],
  proxy: HangingProxy,
  hangAfter: RegExp,
  interruptMs?: number,
): Promise<{ code: number | null; stdout: string; stderr: string; totalMs: number; afterHangMs: number; afterSigintMs: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let hungAt = 0;
    let sigintAt = 0;
    const child = spawn(process.execPath, [main, 'conformance', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: 'true' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (hungAt === 0 && hangAfter.test(stdout)) {
        hungAt = Date.now();
        proxy.hang();
        if (interruptMs !== undefined) {
          setTimeout(() => {
            sigintAt = Date.now();
            child.kill('SIGINT');
          }, interruptMs);
        }
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    // A hard bound: far past the claims tested below, so a regression fails rather than hangs the suite.
    const timer = setTimeout(() => child.kill('SIGKILL'), 170_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const end = Date.now();
      resolve({ code, stdout, stderr, totalMs: end - started, afterHangMs: hungAt === 0 ? -1 : end - hungAt, afterSigintMs: sigintAt === 0 ? -1 : end - sigintAt });
    });
  });
}

/**
 * A real lab registry (distribution-3) behind a front that stops answering mid-run, driven through the built CLI
 * with its default settings (30 s request timeout): a full `regatta conformance` ends within two minutes of the
 * hang, and Ctrl-C within ten seconds; both still write results.json.
 */
describe('regatta conformance against a registry that stops answering', () => {
  it('the built CLI exists (npm run build)', () => {
    expect(existsSync(main)).toBe(true);
  });

  it('ends a full run within two minutes, and Ctrl-C within ten seconds, results written', { timeout: 400_000 }, async (context) => {
    requireLabComponent(context, 'distribution-3');
    const lab: Lab = await startLab({ registries: ['distribution-3'] });
    cleanups.push(() => lab.stop());
    const port = Number(new URL(lab.targets[0]!.url).port);
    const dir = await mkdtemp(join(tmpdir(), 'regatta-hung-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));

    // Stops answering once the first suites are done (non-TTY progress prints a line per finished suite).
    const full = await startHangingProxy(port);
    cleanups.push(() => full.close());
    const ended = await runConformanceCli(['--target', full.url, '--out', join(dir, 'full')], full, /blob-upload/);
    expect(ended.afterHangMs, ended.stdout.slice(-2000)).toBeGreaterThan(0);
    expect(ended.afterHangMs).toBeLessThan(120_000);
    expect(ended.code).toBe(3);
    const fullRun = JSON.parse(await readFile(join(dir, 'full', 'results.json'), 'utf8')) as { targets: { cleanup?: { leftovers: string[] } }[] };
    expect(fullRun.targets[0]?.cleanup?.leftovers.length).toBeGreaterThan(0);

    const interrupted = await startHangingProxy(port);
    cleanups.push(() => interrupted.close());
    const stopped = await runConformanceCli(['--target', interrupted.url, '--out', join(dir, 'sigint')], interrupted, /blob-upload/, 1000);
    expect(stopped.afterSigintMs).toBeGreaterThan(0);
    expect(stopped.afterSigintMs).toBeLessThan(10_000);
    expect(stopped.code).toBe(130);
    const sigintRun = JSON.parse(await readFile(join(dir, 'sigint', 'results.json'), 'utf8')) as { interrupted: boolean };
    expect(sigintRun.interrupted).toBe(true);
    await context.annotate(`hung run ended ${ended.afterHangMs} ms after the hang; Ctrl-C ended ${stopped.afterSigintMs} ms after SIGINT`);
  });
});
