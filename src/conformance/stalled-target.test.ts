import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createRegistryClient } from '../client/index.js';
import type { CheckResult, RunResult } from '../model/index.js';
import { suites } from '../../suites/index.js';
import { runConformance } from './run-conformance.js';
import { startFakeRegistry, type FakeRegistry } from './test-support/fake-registry.js';

const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0)) {
    await close();
  }
});

/** A fake registry that, once `hang()` is called, accepts every request and never answers it. */
async function hangingRegistry(when: (method: string, path: string) => boolean = () => true): Promise<{
  registry: FakeRegistry;
  hang: () => void;
  afterHang: () => number;
}> {
  let hung = false;
  let unanswered = 0;
  const held: ServerResponse[] = [];
  const registry = await startFakeRegistry({
    faults: {
      before: (req, res, ctx) => {
        if (!hung || !when(ctx.method, ctx.url.pathname)) {
          return false;
        }
        unanswered += 1;
        held.push(res);
        void req;
        return true;
      },
    },
  });
  closers.push(() => registry.close());
  return { registry, hang: () => (hung = true), afterHang: () => unanswered };
}

function checksOf(run: RunResult): CheckResult[] {
  return run.targets.flatMap((target) => target.suites.flatMap((suite) => suite.checks));
}

function messageOf(check: CheckResult): string {
  return 'errors' in check ? (check.errors[0]?.message ?? '') : 'reason' in check ? check.reason : '';
}

describe('a target that stops answering mid-run (issue 11 item 8)', () => {
  it('opens the circuit breaker: the remaining checks are errored at once with one reason, cleanup sends nothing', async () => {
    const { registry, hang, afterHang } = await hangingRegistry();
    let ended = 0;
    const run = await runConformance({
      targets: [{ name: 'fake', url: registry.url, namespace: 'ci', credentials: { kind: 'anonymous' }, tls: { insecure: false }, requestTimeoutMs: 800 }],
      suites,
      runId: 'stall001',
      createClient: (target, recorder) => createRegistryClient({ target, recorder }),
      events: {
        onCheckEnd: () => {
          ended += 1;
          if (ended === 15) {
            hang();
          }
        },
      },
    });
    const checks = checksOf(run);
    const stalled = checks.filter((check) => check.status === 'errored' && /stopped answering/.test(messageOf(check)));
    // Nearly every check after the hang is errored with the breaker's one reason, none failed.
    expect(stalled.length).toBeGreaterThan(checks.length / 2);
    expect(checks.filter((check) => check.status === 'failed')).toEqual([]);
    expect(new Set(stalled.map((check) => messageOf(check).replace(/\(the last: .*\)/, ''))).size).toBe(1);
    // Bounded: a few timeouts open the breaker (threshold 3, 4 checks in flight); nothing is sent after that.
    expect(afterHang()).toBeLessThanOrEqual(8);
    const cleanup = run.targets[0]?.cleanup;
    expect(cleanup?.deleted).toBe(0);
    expect(cleanup?.leftovers.length).toBeGreaterThan(0);
    expect(cleanup?.leftovers.every((text) => /not deleted: the registry stopped answering/.test(text))).toBe(true);
  }, 120_000);

  it('after Ctrl-C, cleanup of a registry that no longer answers is cut short and the run still returns', async () => {
    const { registry, hang } = await hangingRegistry((method) => method === 'DELETE' || method === 'HEAD');
    const controller = new AbortController();
    let ended = 0;
    const run = await runConformance({
      // A request timeout far beyond the test's own bound: only the cut-short cleanup can end the run in time.
      targets: [{ name: 'fake', url: registry.url, namespace: 'ci', credentials: { kind: 'anonymous' }, tls: { insecure: false }, requestTimeoutMs: 60_000 }],
      suites,
      runId: 'stall002',
      signal: controller.signal,
      createClient: (target, recorder) => createRegistryClient({ target, recorder }),
      events: {
        onCheckEnd: () => {
          ended += 1;
          if (ended === 20) {
            hang();
            controller.abort(new Error('interrupted'));
          }
        },
      },
    });
    expect(run.interrupted).toBe(true);
    const cleanup = run.targets[0]?.cleanup;
    expect(cleanup?.leftovers.length).toBeGreaterThan(0);
    expect(cleanup?.leftovers.some((text) => /interrupted: cleanup was cut/.test(text))).toBe(true);
    // The test's own bound (75 s) is far below one request timeout (60 s) per deletion left.
  }, 75_000);
});
