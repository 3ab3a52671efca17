/**
 * Test helpers for the blob and pull suites: fault hooks of the fake registry that break one rule for one check's
 * repositories only (the capability probe and other checks keep a conformant registry), and a one-call assertion
 * that a check fails with a message naming its rule.
 */
import { expect } from 'vitest';
import type { SuiteDefinition } from '../../src/conformance/define-suite.js';
import { runSuiteOnFake } from '../../src/conformance/test-support/run-suite-on-fake.js';
import { isSharedRepository } from '../common/shared-per-run.js';
import type {
  FakeRegistryOptions,
  FakeRequestContext,
  FakeResponse,
  FakeRoute,
  FaultHooks,
} from '../../src/conformance/test-support/fake-registry-types.js';

/**
 * True when the request belongs to `checkId`'s repositories (`<namespace>/<suite>-<check>[-suffix]`), or to a
 * repository the run shares among the checks that only read it (the fault tests run one check, so that traffic is
 * the check's own too).
 */
export function ofCheck(ctx: FakeRequestContext, checkId: string): boolean {
  const repo = ctx.repo ?? '';
  return repo.includes(`-${checkId}`) || isSharedRepository(repo);
}

/** A `rewrite` fault applied to one route of one check's repositories. */
export function onRoute(
  checkId: string,
  route: FakeRoute,
  mutate: (response: FakeResponse, ctx: FakeRequestContext) => FakeResponse | undefined | void,
): FaultHooks {
  return {
    rewrite: (response, ctx) => (ctx.route === route && ofCheck(ctx, checkId) ? mutate(response, ctx) : undefined),
  };
}

/** Sets the status of a response (a fault helper). */
export function withStatus(status: number): (response: FakeResponse) => void {
  return (response) => {
    response.status = status;
  };
}

/** Removes a header from a response (a fault helper). */
export function withoutHeader(name: string): (response: FakeResponse) => void {
  return (response) => {
    delete response.headers[name.toLowerCase()];
  };
}

/**
 * Runs one check of `suite` on a fake registry with `faults` and asserts it ends `failed` (or `status`) with a
 * message that starts with `rule`.
 */
export async function expectCheckFails(
  suite: SuiteDefinition,
  checkId: string,
  rule: string,
  faults: FaultHooks,
  options: Omit<FakeRegistryOptions, 'faults'> & { readonly status?: 'failed' | 'warned' } = {},
): Promise<void> {
  const fullId = `${suite.id}/${checkId}`;
  const { status, message } = await runSuiteOnFake(suite, { ...options, faults, checks: [fullId] });
  // A MUST check fails on its fault; a SHOULD check (one regatta's strict profile grades MUST) warns on it.
  const level = suite.checks.find((check) => check.id === checkId)?.level;
  expect({ status: status(fullId), message: message(fullId)?.slice(0, rule.length) }).toEqual({
    status: options.status ?? (level === 'SHOULD' ? 'warned' : 'failed'),
    message: rule,
  });
}
