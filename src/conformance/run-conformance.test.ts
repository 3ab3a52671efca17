import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResolvedTarget } from '../config/target.js';
import { ConformanceFailure, NetworkError, UnsupportedApiError } from '../errors/index.js';
import { runResultSchema, type CheckResult, type RunResult } from '../model/index.js';
import { digestOf } from '../oci/digest.js';
import { MediaType } from '../oci/media-types.js';
import pingSuite from '../../suites/01-ping/index.js';
import { defineSuite, type CheckDefinition, type SuiteDefinition } from './define-suite.js';
import { runConformance, type RunConformanceOptions } from './run-conformance.js';
import { startFakeRegistry, type FakeRegistry, type FakeRegistryOptions } from './test-support/fake-registry.js';

const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0)) {
    await close();
  }
});

async function fake(options: FakeRegistryOptions = {}): Promise<FakeRegistry> {
  const registry = await startFakeRegistry(options);
  closers.push(() => registry.close());
  return registry;
}

function targetFor(url: string, name = 'fake'): ResolvedTarget {
  return { name, url, namespace: 'ci', credentials: { kind: 'anonymous' }, tls: { insecure: false }, requestTimeoutMs: 5000 };
}

function run(url: string, suites: readonly SuiteDefinition[], extra: Partial<RunConformanceOptions> = {}): Promise<RunResult> {
  return runConformance({
    targets: [targetFor(url)],
    suites,
    runId: 'test0001',
    ...extra,
  });
}

/** A MUST check with a body. */
function check(id: string, body: CheckDefinition['run'], extra: Partial<CheckDefinition> = {}): CheckDefinition {
  return { id, title: `check ${id}`, level: 'MUST', spec: ['end-1'], api: 'ping', run: body, ...extra };
}

function checksOf(result: RunResult): Map<string, CheckResult> {
  return new Map(result.targets.flatMap((target) => target.suites.flatMap((suite) => suite.checks)).map((c) => [c.id, c]));
}

const failure = (level?: 'SHOULD'): ConformanceFailure =>
  new ConformanceFailure('rule: expected x, got y', { expected: 'x', actual: 'y', ...(level === undefined ? {} : { level }) });

describe('runConformance', () => {
  it('passes the ping suite on the fake registry and produces a valid RunResult', async () => {
    const registry = await fake();
    const result = await run(registry.url, [pingSuite]);
    expect(runResultSchema.safeParse(result).success).toBe(true);
    const [target] = result.targets;
    expect(target?.status).toBe('passed');
    expect(target?.namespace).toBe('ci/regatta-test0001');
    expect(target?.capabilities.every((capability) => capability.support === 'supported')).toBe(true);
    expect(target?.suites[0]?.checks.map((c) => c.status)).toEqual(['passed', 'passed', 'passed', 'passed']);
    expect(target?.suites[0]?.checks[0]?.transcript[0]?.request.method).toBe('GET');
  });

  it('classifies every outcome by level and error kind, and the parent takes the worst', async () => {
    const registry = await fake();
    const never = (signal: AbortSignal): Promise<void> =>
      new Promise((_resolve, reject) => {
        signal.addEventListener('abort', () => {
          reject(new Error('aborted'));
        });
      });
    const suite = defineSuite({
      id: 'kinds',
      title: 'kinds',
      description: 'every outcome',
      checks: [
        check('ok', () => Promise.resolve()),
        check('must-miss', () => Promise.reject(failure())),
        check('should-miss', () => Promise.reject(failure()), { level: 'SHOULD' }),
        check('must-with-should-detail', () => Promise.reject(failure('SHOULD'))),
        check('may-ok', () => Promise.resolve(), { level: 'MAY' }),
        check('may-miss', () => Promise.reject(failure()), { level: 'MAY' }),
        check('unsupported', () => Promise.reject(new UnsupportedApiError('no catalog', 'catalog'))),
        check('bug', () => Promise.reject(new TypeError('oops'))),
        check('network', () => Promise.reject(new NetworkError('connection reset'))),
        check('slow', (ctx) => never(ctx.signal), { timeoutMs: 50 }),
      ],
    });
    const result = await run(registry.url, [suite]);
    const checks = checksOf(result);
    const statuses = Object.fromEntries([...checks].map(([id, c]) => [id.replace('kinds/', ''), c.status]));
    expect(statuses).toEqual({
      ok: 'passed',
      'must-miss': 'failed',
      'should-miss': 'warned',
      'must-with-should-detail': 'warned',
      'may-ok': 'passed',
      'may-miss': 'skipped',
      unsupported: 'skipped',
      bug: 'errored',
      network: 'errored',
      slow: 'errored',
    });
    const codes = (id: string): unknown => {
      const c = checks.get(`kinds/${id}`);
      return c !== undefined && 'errors' in c ? c.errors[0]?.code : undefined;
    };
    expect([codes('bug'), codes('network'), codes('slow')]).toEqual(['OCI_INTERNAL', 'OCI_NETWORK', 'OCI_TIMEOUT']);
    expect(checks.get('kinds/may-ok')?.notes).toEqual(['supported']);
    const mayMiss = checks.get('kinds/may-miss');
    expect(mayMiss?.status === 'skipped' ? mayMiss.reason : '').toMatch(/^capability not supported: /);
    expect(result.targets[0]?.suites[0]?.status).toBe('errored');
    expect(result.status).toBe('errored');
  });

  it('skips a dependent check naming the dependency, and a check whose capability is absent', async () => {
    const registry = await fake({ deletes: false });
    const suite = defineSuite({
      id: 'deps',
      title: 'deps',
      description: 'dependencies',
      checks: [
        check('first', () => Promise.reject(failure())),
        check('second', () => Promise.resolve(), { dependsOn: ['first'] }),
        check('needs-delete', () => Promise.resolve(), { requires: ['manifest-delete'] }),
      ],
    });
    const checks = checksOf(await run(registry.url, [suite]));
    const second = checks.get('deps/second');
    expect(second?.status === 'skipped' ? second.reason : '').toBe('depends on deps/first, which failed');
    const needs = checks.get('deps/needs-delete');
    expect(needs?.status === 'skipped' ? needs.reason : '').toBe(
      'requires capability manifest-delete, which the registry does not support (DELETE untagged manifest → 405 UNSUPPORTED)',
    );
  });

  it('lists filtered-out checks as disabled', async () => {
    const registry = await fake();
    const suite = defineSuite({
      id: 'filtered',
      title: 'filtered',
      description: 'filters',
      checks: [check('alpha', () => Promise.resolve()), check('beta', () => Promise.resolve())],
    });
    const result = await run(registry.url, [suite, pingSuite], { checkFilter: ['filtered/al'] });
    const checks = checksOf(result);
    expect(checks.get('filtered/alpha')?.status).toBe('passed');
    const beta = checks.get('filtered/beta');
    expect(beta?.status === 'disabled' ? beta.reason : '').toBe('not selected by --check filtered/al');
    expect(result.targets[0]?.suites[1]?.status).toBe('disabled');
  });

  it('gives each check its own repository and seed, and cleans up what it pushed', async () => {
    const registry = await fake();
    const seen: string[] = [];
    const suite = defineSuite({
      id: 'push',
      title: 'push',
      description: 'pushes an image',
      checks: [
        check('image', async (ctx) => {
          const repo = ctx.repo('Main Image');
          seen.push(repo, ctx.seed);
          const config = await ctx.client.pushBlob(repo, new TextEncoder().encode('{}'));
          ctx.cleanup.blob(repo, config.digest);
          const manifest = JSON.stringify({
            schemaVersion: 2,
            mediaType: MediaType.ociManifest,
            config: { mediaType: MediaType.ociConfig, digest: config.digest, size: 2 },
            layers: [],
          });
          await ctx.client.putManifest(repo, 'v1', manifest, MediaType.ociManifest);
          ctx.cleanup.tag(repo, 'v1');
        }),
      ],
    });
    const result = await run(registry.url, [suite]);
    expect(seen).toEqual(['ci/regatta-test0001/push-image-main-image', 'push/image']);
    const repo = 'ci/regatta-test0001/push-image-main-image';
    expect(registry.store.tagsOf(repo)).toEqual([]);
    expect(registry.store.getBlob(repo, digestOf('{}'))).toBeUndefined();
    expect(result.targets[0]?.cleanup?.leftovers).toEqual([]);
    expect(result.targets[0]?.cleanup?.deleted).toBeGreaterThanOrEqual(2);
  });

  it('never deletes outside the run namespace', async () => {
    const registry = await fake();
    registry.store.putBlob('other/repo', digestOf('precious'), Buffer.from('precious'));
    const suite = defineSuite({
      id: 'rogue',
      title: 'rogue',
      description: 'registers a foreign blob',
      checks: [
        check('foreign', (ctx) => {
          ctx.cleanup.blob('other/repo', digestOf('precious'));
          return Promise.resolve();
        }),
      ],
    });
    const result = await run(registry.url, [suite]);
    expect(result.targets[0]?.cleanup?.leftovers).toEqual([
      `other/repo@${digestOf('precious')} (outside the run namespace: not deleted)`,
    ]);
    expect(registry.store.getBlob('other/repo', digestOf('precious'))).toBeDefined();
  });

  it('keeps everything with keep, and lists leftovers when deletes are disabled', async () => {
    const registry = await fake({ deletes: false });
    const suite = defineSuite({
      id: 'push',
      title: 'push',
      description: 'pushes a blob',
      checks: [
        check('blob', async (ctx) => {
          const pushed = await ctx.client.pushBlob(ctx.repo(), new TextEncoder().encode('kept'));
          ctx.cleanup.blob(ctx.repo(), pushed.digest);
        }),
      ],
    });
    const cleaned = await run(registry.url, [suite]);
    expect(cleaned.targets[0]?.cleanup?.leftovers).toContain(`ci/regatta-test0001/push-blob@${digestOf('kept')}`);
    const kept = await run(registry.url, [suite], { keep: true });
    expect(kept.targets[0]?.cleanup?.kept).toBe(true);
    expect(registry.store.getBlob('ci/regatta-test0001/push-blob', digestOf('kept'))).toBeDefined();
  });

  it('stops after the current check on interrupt, still cleaning up and marking the run interrupted', async () => {
    const registry = await fake();
    const controller = new AbortController();
    const suite = defineSuite({
      id: 'stop',
      title: 'stop',
      description: 'interrupt',
      checks: [
        check('pushes', async (ctx) => {
          const pushed = await ctx.client.pushBlob(ctx.repo(), new TextEncoder().encode('gone'));
          ctx.cleanup.blob(ctx.repo(), pushed.digest);
          controller.abort();
        }),
        check('later', () => Promise.resolve()),
      ],
    });
    // One at a time, "the current check" is exactly one; run-conformance-concurrency.test.ts covers several in flight.
    const result = await run(registry.url, [suite], { signal: controller.signal, concurrency: 1 });
    expect(result.interrupted).toBe(true);
    expect(checksOf(result).get('stop/pushes')?.status).toBe('passed');
    const later = checksOf(result).get('stop/later');
    expect(later?.status === 'skipped' ? later.reason : '').toBe('interrupted before this check ran');
    expect(registry.store.getBlob('ci/regatta-test0001/stop-pushes', digestOf('gone'))).toBeUndefined();
  });

  it('aborts a running check that does not finish within the grace after an interrupt', async () => {
    const registry = await fake();
    const controller = new AbortController();
    const suite = defineSuite({
      id: 'stuck',
      title: 'stuck',
      description: 'a check that only ends when aborted',
      checks: [
        check('waits', (ctx) => {
          controller.abort();
          return new Promise((_resolve, reject) => {
            ctx.signal.addEventListener('abort', () => {
              reject(new Error('aborted'));
            });
          });
        }),
      ],
    });
    const result = await run(registry.url, [suite], { signal: controller.signal, interruptGraceMs: 20 });
    const waits = checksOf(result).get('stuck/waits');
    expect(waits?.status === 'skipped' ? waits.reason : '').toBe(
      'interrupted (the check did not finish within 20 ms of the stop)',
    );
    expect(result.interrupted).toBe(true);
  });

  it('reports an unreachable target and a plain web server with one clear error each', async () => {
    const plain: Server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html>hello</html>');
    });
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => plain.close(() => resolve())));
    const port = (plain.address() as AddressInfo).port;
    const notRegistry = await run(`http://127.0.0.1:${port}`, [pingSuite]);
    expect(notRegistry.targets[0]?.status).toBe('errored');
    expect(notRegistry.targets[0]?.error).toBe(
      `http://127.0.0.1:${port} is not an OCI registry: GET /v2/ answered 200 (text/html) without the registry API header`,
    );
    const closed = await new Promise<number>((resolve) => {
      const probe = createServer();
      probe.listen(0, '127.0.0.1', () => {
        const free = (probe.address() as AddressInfo).port;
        probe.close(() => resolve(free));
      });
    });
    const unreachable = await run(`http://127.0.0.1:${closed}`, [pingSuite]);
    expect(unreachable.targets[0]?.error).toBe(
      `cannot reach http://127.0.0.1:${closed}: connection refused; is the registry running on that port?`,
    );
  });

  it('names the product from the Server header, else from how it answers an extension path', async () => {
    const named = await fake({ headers: { server: 'FakeReg/1.2' } });
    expect((await run(named.url, [])).targets[0]?.product).toEqual({ name: 'fakereg', version: '1.2' });
    const zot = await fake({
      faults: {
        routes: {
          unknown: (_req, res, ctx) => {
            if (ctx.url.pathname !== '/v2/_zot/ext/discover') {
              return false;
            }
            res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
            return true;
          },
        },
      },
    });
    expect((await run(zot.url, [])).targets[0]?.product).toEqual({ name: 'zot' });
  });

  it('calls reporter hooks and survives a reporter that throws', async () => {
    const registry = await fake();
    const events: string[] = [];
    await run(registry.url, [pingSuite], {
      events: {
        onRunStart: () => events.push('run-start'),
        onCheckEnd: (_target, suite, c) => {
          events.push(`${suite}:${c.id}`);
          throw new Error('reporter bug');
        },
        onRunEnd: () => events.push('run-end'),
      },
    });
    expect(events).toEqual([
      'run-start',
      'ping:ping/get-v2-200',
      'ping:ping/api-version-header',
      'ping:ping/json-body',
      'ping:ping/unknown-endpoint-404',
      'run-end',
    ]);
  });
});
