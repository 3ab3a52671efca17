import { createRegistryClient } from '../../client/index.js';
import type { CheckResult, RunResult } from '../../model/index.js';
import type { SuiteDefinition } from '../define-suite.js';
import { runConformance } from '../run-conformance.js';
import { startFakeRegistry } from './fake-registry.js';
import type { Grading } from '../grade-check.js';
import type { FakeRegistry, FakeRegistryOptions } from './fake-registry-types.js';

/** What {@link runSuiteOnFake} returns: the run, its checks by full id, and the fake's request log. */
export interface SuiteOnFakeResult {
  readonly run: RunResult;
  /** Check results by full id (`suite/check`). */
  readonly checks: ReadonlyMap<string, CheckResult>;
  /** Shortcut: status by full id. */
  readonly status: (fullId: string) => CheckResult['status'] | undefined;
  /** The first error message (failed/warned/errored) or skip reason of a check, for assertions. */
  readonly message: (fullId: string) => string | undefined;
  /** The request line (`METHOD url`) the first error of a check names, when it names one. */
  readonly request: (fullId: string) => string | undefined;
  readonly registry: Pick<FakeRegistry, 'requests' | 'store'>;
}

/**
 * Runs one suite (optionally a few of its checks, by full-id prefix) through the real runner and the real client
 * against a fresh fake registry, then closes it. For suite tests: pass with default options, fail with `faults` that break one rule.
 *
 * @example
 * ```ts
 * const { status, message } = await runSuiteOnFake(pullSuite, {
 *   checks: ['pull/blob-head'],
 *   faults: { rewrite: (res, ctx) => { if (ctx.route === 'blob-head') { res.status = 200; } } },
 * });
 * expect(status('pull/blob-head-missing-404')).toBe('failed');
 * ```
 */
export async function runSuiteOnFake(
  suite: SuiteDefinition,
  options: FakeRegistryOptions & { readonly checks?: readonly string[]; readonly checkTimeoutMs?: number; readonly grading?: Grading; readonly concurrency?: number } = {},
): Promise<SuiteOnFakeResult> {
  const registry = await startFakeRegistry(options);
  try {
    const run = await runConformance({
      targets: [
        {
          name: 'fake',
          url: registry.url,
          namespace: 'test',
          credentials: { kind: 'anonymous' },
          tls: { insecure: false },
          requestTimeoutMs: 10_000,
        },
      ],
      suites: [suite],
      checkFilter: options.checks ?? [],
      runId: 'fake0001',
      createClient: (target, recorder) => createRegistryClient({ target, recorder }),
      checkTimeoutMs: options.checkTimeoutMs ?? 15_000,
      ...(options.grading === undefined ? {} : { grading: options.grading }),
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    });
    const checks = new Map<string, CheckResult>(
      run.targets.flatMap((target) => target.suites.flatMap((result) => result.checks)).map((check) => [check.id, check]),
    );
    return {
      run,
      checks,
      status: (fullId) => checks.get(fullId)?.status,
      message: (fullId) => {
        const check = checks.get(fullId);
        if (check === undefined || check.status === 'passed') {
          return undefined;
        }
        return 'errors' in check ? check.errors[0]?.message : check.reason;
      },
      request: (fullId) => {
        const check = checks.get(fullId);
        const error = check !== undefined && 'errors' in check ? check.errors[0] : undefined;
        return error?.method === undefined || error.url === undefined ? undefined : `${error.method} ${error.url}`;
      },
      registry: { requests: registry.requests, store: registry.store },
    };
  } finally {
    await registry.close();
  }
}
