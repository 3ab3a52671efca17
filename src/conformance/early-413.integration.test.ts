import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../lab/start-lab.js';
import { requireLabComponent } from '../lab/test-support/require-lab-component.js';
import { suites } from '../../suites/index.js';
import { runConformance } from './run-conformance.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) {
    await cleanup();
  }
});

/** A free loopback port (bound, read, released). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

/** nginx in front of `upstream`, refusing request bodies over 1 MiB with its early 413 (client_max_body_size). */
async function startNginxFront(upstream: string, dir: string): Promise<string> {
  const port = await freePort();
  const conf = join(dir, 'nginx.conf');
  await writeFile(
    conf,
    [
      'worker_processes 1; daemon off;',
      `pid ${dir}/nginx.pid; error_log ${dir}/error.log;`,
      'events { worker_connections 64; }',
      'http {',
      '  access_log off;',
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `  ${kind}_temp_path ${dir}/${kind};`),
      `  server { listen 127.0.0.1:${port}; client_max_body_size 1m;`,
      `    location / { proxy_pass ${upstream}; proxy_set_header Host $http_host; proxy_request_buffering off; } }`,
      '}',
    ].join('\n'),
  );
  const nginx: ChildProcess = spawn('/usr/sbin/nginx', ['-c', conf], { stdio: 'ignore' });
  cleanups.push(async () => {
    nginx.kill('SIGTERM');
    await new Promise((resolve) => nginx.once('exit', resolve));
  });
  const url = `http://127.0.0.1:${port}`;
  for (let tries = 0; tries < 50; tries += 1) {
    if ((await fetch(`${url}/v2/`).then((response) => response.status, () => 0)) === 200) {
      return url;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('nginx did not start');
}

/**
 * A registry that answers early and closes (nginx's client_max_body_size sends 413 before reading the body) is judged
 * from that answer: a 3 MiB blob push fails its check with "got status 413", the oversize manifest passes, nothing
 * ends errored with EPIPE, and the ~3.9 MB manifest's push is warned (registries SHOULD accept 4 MB).
 */
describe('an nginx front that refuses large bodies early (413)', () => {
  it('is judged from the 413, not errored', async (context) => {
    requireLabComponent(context, 'distribution-3');
    requireLabComponent(context, 'nginx');
    const lab: Lab = await startLab({ registries: ['distribution-3'] });
    cleanups.push(() => lab.stop());
    const dir = await mkdtemp(join(tmpdir(), 'regatta-nginx-413-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const url = await startNginxFront(lab.targets[0]!.url, dir);
    const run = await runConformance({
      targets: [{ name: 'nginx', url, namespace: 'regatta-it', credentials: { kind: 'anonymous' }, tls: { insecure: false }, requestTimeoutMs: 10_000 }],
      suites,
      checkFilter: ['pull/blob-get-large-streamed', 'manifest-push/oversize-manifest-413', 'content/sha256-large-manifest-push-by-tag'],
      runId: 'early413',
    });
    const checks = new Map(run.targets[0]!.suites.flatMap((suite) => suite.checks).map((check) => [check.id, check]));
    const big = checks.get('pull/blob-get-large-streamed');
    expect(big?.status).toBe('failed');
    expect(big?.status === 'failed' ? big.errors[0]?.message : '').toMatch(/got status 413$/);
    expect(checks.get('manifest-push/oversize-manifest-413')?.status).toBe('passed');
    // The ~3.9 MB manifest is over nginx's 1 MiB: refused, which misses the SHOULD to accept 4 MB.
    expect(checks.get('content/sha256-large-manifest-push-by-tag')?.status).toBe('warned');
    expect([...checks.values()].filter((check) => check.status === 'errored')).toEqual([]);
  });
});
