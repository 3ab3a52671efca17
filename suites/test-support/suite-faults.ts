/**
 * Test helpers for the manifest, tags, delete, catalog, error-body and referrers suites: fault hooks of the fake
 * registry scoped to one suite's repositories (the capability probe keeps a conformant registry, so `requires` still
 * holds), and a one-call assertion that a check ends failed (or warned, or skipped) with a message naming its rule.
 */
import { expect } from 'vitest';
import type { SuiteDefinition } from '../../src/conformance/define-suite.js';
import { runSuiteOnFake } from '../../src/conformance/test-support/run-suite-on-fake.js';
import type {
  FakeRegistryOptions,
  FakeRequestContext,
  FakeResponse,
  FakeRoute,
  FaultHooks,
} from '../../src/conformance/test-support/fake-registry-types.js';
import type { CheckResult } from '../../src/model/index.js';

/** True when the request is on a repository of `suiteId`'s checks (`<namespace>/<suite>-<check>…`). */
export function inSuiteRepo(ctx: FakeRequestContext, suiteId: string): boolean {
  return ctx.repo?.includes(`/${suiteId}-`) ?? false;
}

/** A `rewrite` fault on some routes of a suite's repositories. */
export function rewriteOn(
  suiteId: string,
  routes: readonly FakeRoute[],
  mutate: (response: FakeResponse, ctx: FakeRequestContext) => FakeResponse | undefined | void,
): FaultHooks {
  return {
    rewrite: (response, ctx) => (routes.includes(ctx.route) && inSuiteRepo(ctx, suiteId) ? mutate(response, ctx) : undefined),
  };
}

/**
 * A `before` fault on one route of a suite's repositories: `answer` returns the response to send instead of the
 * fake's handler (it may change the store first), or undefined to let the fake handle the request.
 */
export function answerOn(suiteId: string, route: FakeRoute, answer: (ctx: FakeRequestContext) => FakeResponse | undefined): FaultHooks {
  return {
    before: (_req, res, ctx) => {
      if (ctx.route !== route || !inSuiteRepo(ctx, suiteId)) {
        return false;
      }
      const response = answer(ctx);
      if (response === undefined) {
        return false;
      }
      res.writeHead(response.status, { 'content-length': String(response.body.length), ...response.headers });
      res.end(ctx.method === 'HEAD' ? undefined : response.body);
      return true;
    },
  };
}

/** Parses a fake response body as JSON (faults that edit listings). */
export function parseBody(response: FakeResponse): Record<string, unknown> {
  return JSON.parse(response.body.toString('utf8')) as Record<string, unknown>;
}

/** Replaces a fake response's body with `json`. */
export function setBody(response: FakeResponse, json: unknown): void {
  response.body = Buffer.from(JSON.stringify(json));
  delete response.headers['content-length'];
}

/** Runs the checks of `suite` under `prefix` (a check id or id prefix) on a fake registry; returns the results. */
export async function runChecks(
  suite: SuiteDefinition,
  prefix: string,
  options: FakeRegistryOptions = {},
): Promise<{
  status: (checkId: string) => CheckResult['status'] | undefined;
  message: (checkId: string) => string | undefined;
  request: (checkId: string) => string | undefined;
}> {
  const result = await runSuiteOnFake(suite, { ...options, checks: [`${suite.id}/${prefix}`] });
  return {
    status: (checkId) => result.status(`${suite.id}/${checkId}`),
    message: (checkId) => result.message(`${suite.id}/${checkId}`),
    request: (checkId) => result.request(`${suite.id}/${checkId}`),
  };
}

/**
 * Asserts that `checkId` of `suite` ends with `expected` (default: `failed` for a MUST check, `warned` for a SHOULD one) against a fake with `options`, that its
 * message contains `rule` (the rule it broke, in words), and that a failure or warning names the request (method and
 * URL) that showed it.
 */
export async function expectCheckOutcome(
  suite: SuiteDefinition,
  checkId: string,
  options: FakeRegistryOptions,
  rule: string,
  expected?: CheckResult['status'],
  prefix: string = checkId,
): Promise<void> {
  const { status, message, request } = await runChecks(suite, prefix, options);
  // By default a MUST check fails on its fault and a SHOULD check (one regatta's strict profile grades MUST) warns.
  expected ??= suite.checks.find((check) => check.id === checkId)?.level === 'SHOULD' ? 'warned' : 'failed';
  expect({ status: status(checkId), message: message(checkId) }).toEqual({ status: expected, message: expect.stringContaining(rule) as unknown });
  if (expected === 'failed' || expected === 'warned') {
    // A miss names the request that showed it, so a vendor can replay it.
    expect(request(checkId)).toMatch(/^(GET|HEAD|PUT|POST|PATCH|DELETE) http:\/\/127\.0\.0\.1:\d+\//);
  }
}

/** Asserts every check of `suite` passes on a conformant fake registry, and that all of them ran. */
export async function expectAllPass(suite: SuiteDefinition, options: FakeRegistryOptions & { readonly concurrency?: number } = {}): Promise<void> {
  const result = await runSuiteOnFake(suite, options);
  const outcomes = [...result.checks.values()].map((check) => ({ id: check.id, status: check.status }));
  expect(outcomes).toEqual(suite.checks.map((check) => ({ id: `${suite.id}/${check.id}`, status: 'passed' })));
}
