/**
 * The blob-upload, blob-mount and pull suites against the real lab registries that are installed (distribution 2.8,
 * distribution 3, olareg, zot), through the real undici client. No check may be *errored* (our fault); every
 * *failed* check must be a known deviation of that registry, listed in `knownDeviations` with why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../src/model/index.js';
import { runConformance } from '../src/conformance/run-conformance.js';
import { startLab, type Lab } from '../src/lab/index.js';
import mount from './03-blob-mount.js';
import upload from './02-blob-upload.js';
import pull from './05-pull.js';

/** Failed checks that are the registry's deviation, by lab registry name (kept in step with the closing report). */
const knownDeviations: Readonly<Record<string, readonly string[]>> = {
  // 2.8 ignores Content-Range on PATCH (a TODO in its blob upload handler; range checks arrived in v3): out-of-order,
  // repeated and overlapping chunks are appended with 202, corrupting the upload (end-5 requires 416).
  'distribution-2': [
    'blob-upload/chunked-out-of-order-416',
    'blob-upload/chunked-first-not-zero-416',
    'blob-upload/chunked-repeated-416',
    'blob-upload/chunked-overlap-416',
  ],
  // olareg answers an unknown or cancelled upload session with 400 BLOB_UPLOAD_UNKNOWN; end-5/6/13 say 404.
  olareg: [
    'blob-upload/cancel-then-status-404',
    'blob-upload/unknown-session-patch-404',
    'blob-upload/unknown-session-put-404',
    'blob-upload/unknown-session-status-404',
  ],
  zot: [
    // zot 1.4 answers each chunk PATCH with Range: 0-<chunk length - 1>, not the blob so far (its status GET is right):
    // the Range bug regclient #961 reported, which the public suite never caught (#580).
    'blob-upload/chunked-every-chunk-range',
    // A single POST whose digest does not match the body answers 500 instead of 400 DIGEST_INVALID (end-4b, code-4).
    'blob-upload/single-post-digest-mismatch-400',
  ],
};

let lab: Lab | undefined;

beforeAll(async () => {
  lab = await startLab();
}, 120_000);

afterAll(async () => {
  await lab?.stop();
});

describe('blob suites against the lab registries', () => {
  it('run on every installed registry without errored checks; failures are known deviations', async () => {
    const targets = lab?.targets ?? [];
    if (targets.length === 0) {
      expect(process.env['CI'], 'no lab registry installed').not.toBe('true');
      console.warn(`blob suites integration not run: ${JSON.stringify(lab?.skipped ?? [])}`);
      return;
    }
    const run = await runConformance({
      targets: targets.map((target) => ({
        name: target.name,
        url: target.url,
        namespace: 'it',
        credentials: { kind: 'anonymous' as const },
        tls: { insecure: false },
        requestTimeoutMs: 30_000,
      })),
      suites: [upload, mount, pull],
      checkTimeoutMs: 60_000,
    });
    const report: string[] = [];
    const unexpected: string[] = [];
    for (const target of run.targets) {
      const checks: CheckResult[] = target.suites.flatMap((suite) => suite.checks);
      const counts = new Map<string, number>();
      for (const check of checks) {
        counts.set(check.status, (counts.get(check.status) ?? 0) + 1);
        if (check.status === 'failed' || check.status === 'errored' || check.status === 'warned' || check.status === 'skipped') {
          const why = 'errors' in check ? check.errors[0]?.message : check.reason;
          report.push(`${target.name} ${check.status} ${check.id}: ${why ?? ''}`);
          const known = knownDeviations[target.name] ?? [];
          if (check.status === 'errored' || (check.status === 'failed' && !known.includes(check.id))) {
            unexpected.push(`${target.name} ${check.status} ${check.id}: ${why ?? ''}`);
          }
        }
      }
      const cleanup = target.cleanup;
      report.push(
        `${target.name}: ${JSON.stringify(Object.fromEntries(counts))}; cleanup deleted ${cleanup?.deleted ?? 0}, ` +
          `leftovers ${cleanup?.leftovers.length ?? 0}${cleanup?.leftovers.length ? ` (${cleanup.leftovers.slice(0, 5).join(', ')}…)` : ''}`,
      );
    }
    console.log(report.join('\n'));
    expect(unexpected).toEqual([]);
  }, 600_000);
});
