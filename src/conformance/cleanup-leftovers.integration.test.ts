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

/**
 * Cleanup on a real distribution-3 tells the truth: a blob pushed by its sha512 digest is also stored under the
 * sha256 distribution answers with, and that copy is deleted too (before, it stayed while cleanup said
 * `leftovers: []`); every upload session a check left open is cancelled, and one the registry refuses to cancel is a
 * leftover, not silence.
 */
describe('cleanup of sha512 pushes and open upload sessions on distribution-3', () => {
  it('deletes the sha256 copy, cancels the sessions it can and lists the ones it cannot', async (context) => {
    requireLabComponent(context, 'distribution-3');
    const lab: Lab = await startLab({ registries: ['distribution-3'] });
    cleanups.push(() => lab.stop());
    const url = lab.targets[0]!.url;
    const run = await runConformance({
      targets: [{ name: 'dist3', url, namespace: 'regatta-it', credentials: { kind: 'anonymous' }, tls: { insecure: false }, requestTimeoutMs: 10_000 }],
      suites,
      suiteFilter: ['blob-upload'],
      runId: 'leftovers1',
    });
    const target = run.targets[0]!;
    const checks = target.suites.flatMap((suite) => suite.checks);
    const sha512 = checks.find((check) => check.id === 'blob-upload/sha512-upload');
    expect(sha512?.status).toBe('passed');
    // The digest distribution stored the sha512 blob under, from the PUT's answer.
    const stored = sha512?.transcript.find((exchange) => exchange.request.method === 'PUT')?.response?.headers['docker-content-digest'];
    expect(stored).toMatch(/^sha256:/);
    const opened = checks.flatMap((check) =>
      check.transcript.filter((exchange) => exchange.request.method === 'POST' && exchange.request.url.includes('/blobs/uploads/') && exchange.response?.status === 202),
    );
    expect(opened.length).toBeGreaterThan(10);
    // What distribution will not cancel is listed with its reason: after a PUT that carried a body and was refused
    // for a wrong digest, the session's state no longer matches and DELETE answers 416; the session stays until the
    // registry purges it. (A refused PUT without a body leaves a session DELETE still takes.)
    const leftovers = target.cleanup?.leftovers ?? [];
    const sessionOf = /^upload session \/v2\/regatta-it\/regatta-leftovers1\/blob-upload-([a-z0-9-]+)\/blobs\/uploads\/[^?\s]+ \(left open: cancel answered 416\)$/;
    expect(leftovers.map((leftover) => sessionOf.exec(leftover)?.[1]).sort()).toEqual([
      'chunked-final-in-put-digest-mismatch-400',
      'digest-mismatch-400',
      'digest-mismatch-not-stored',
      'sha512-digest-mismatch-400',
      'single-post-fallback-digest-mismatch-400',
    ]);

    const repo = 'regatta-it/regatta-leftovers1/blob-upload-sha512-upload';
    const head = await fetch(`${url}/v2/${repo}/blobs/${stored ?? ''}`, { method: 'HEAD' });
    expect(head.status).toBe(404);
  });
});
