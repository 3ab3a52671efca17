import { describe, expect, it } from 'vitest';
import { runConformance } from '../src/conformance/run-conformance.js';
import { startFakeRegistry } from '../src/conformance/test-support/fake-registry.js';
import { isSharedRepository } from './common/shared-per-run.js';
import { suites } from './index.js';

describe('suites', () => {
  it('have unique ids in the documented order', () => {
    expect(suites.map((suite) => suite.id)).toEqual([...new Set(suites.map((suite) => suite.id))]);
    expect(suites[0]?.id).toBe('ping');
    // The throttling checks judge every 429 the run met: nothing may run after them.
    expect(suites.at(-1)?.id).toBe('throttling');
  });

  it('have no check whose repositories could be taken for the ones a run shares among read-only checks', () => {
    const ids = suites.flatMap((suite) => suite.checks.map((check) => `${suite.id}-${check.id}`));
    expect(ids.filter((id) => isSharedRepository(`ns/${id}`))).toEqual([]);
  });

  it('all pass on the conformant fake registry, with no errored check and cleanup leaving nothing behind', async () => {
    const registry = await startFakeRegistry();
    try {
      const run = await runConformance({
        targets: [
          {
            name: 'fake',
            url: registry.url,
            namespace: 'all',
            credentials: { kind: 'anonymous' },
            tls: { insecure: false },
            requestTimeoutMs: 10_000,
          },
        ],
        suites,
        runId: 'everything',
      });
      const target = run.targets[0];
      const notPassed = (target?.suites ?? [])
        .flatMap((suite) => suite.checks)
        .filter((check) => check.status !== 'passed')
        // The fake registry is anonymous: the auth checks skip by design (suites/11-auth.test.ts covers them).
        .filter((check) => !(check.id.startsWith('auth/') && check.status === 'skipped'))
        // It serves blobs itself and never answers 429: the redirect and throttling checks have nothing to judge.
        .filter((check) => !((check.id.startsWith('pull/blob-redirect-') || check.id.startsWith('throttling/')) && check.status === 'skipped'))
        .map((check) => `${check.id}: ${check.status}: ${'errors' in check ? check.errors[0]?.message : check.reason}`);
      expect(notPassed).toEqual([]);
      expect(target?.cleanup?.leftovers).toEqual([]);
      expect(target?.suites.flatMap((suite) => suite.checks).length).toBeGreaterThanOrEqual(100);
    } finally {
      await registry.close();
    }
  }, 120_000);
});
