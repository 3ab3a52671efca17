import { describe, expect, it } from 'vitest';
import { runSuiteOnFake } from '../../src/conformance/test-support/run-suite-on-fake.js';
import type { FakeRequestContext, FakeResponse, FaultHooks } from '../../src/conformance/test-support/fake-registry-types.js';
import mount from './index.js';
import { expectCheckFails, onRoute, withoutHeader, withStatus } from '../test-support/fault-helpers.js';

/** A fault on mount POSTs (`?mount=`) of one check only. */
function onMount(checkId: string, mutate: (response: FakeResponse, ctx: FakeRequestContext) => void): FaultHooks {
  return onRoute(checkId, 'upload-start', (response, ctx) => {
    if (ctx.url.searchParams.has('mount')) {
      mutate(response, ctx);
    }
  });
}

/** Claims a mount (201) without storing anything in the target. */
function claimsMount(checkId: string): FaultHooks {
  return onMount(checkId, (response, ctx) => {
    ctx.store.deleteBlob(ctx.repo ?? '', ctx.url.searchParams.get('mount') ?? '');
    response.status = 201;
    response.headers['location'] = `/v2/${ctx.repo ?? ''}/blobs/${ctx.url.searchParams.get('mount') ?? ''}`;
  });
}

/** The 202 fallback of a mount points at a session that does not exist. */
function deadFallbackSession(checkId: string): FaultHooks {
  return onMount(checkId, (response, ctx) => {
    if (response.status === 202) {
      response.headers['location'] = `/v2/${ctx.repo ?? ''}/blobs/uploads/no-such-session`;
    }
  });
}

const mustCases: readonly (readonly [string, string, FaultHooks])[] = [
  ['mount-from-201-or-202', 'Mount with from of an existing blob returns 201 or falls open with 202', onMount('mount-from-201-or-202', withStatus(500))],
  ['mount-201-location', 'A 201 mount carries a Location', onMount('mount-201-location', withoutHeader('location'))],
  ['mount-readable-in-target', 'After a 201 mount the blob reads back from the target repository with the right digest', claimsMount('mount-readable-in-target')],
  ['mount-head-in-target', 'After a 201 mount HEAD in the target repository returns 200 with the blob length', claimsMount('mount-head-in-target')],
  [
    'mount-source-intact',
    'After a mount the blob still reads back from the source repository',
    onMount('mount-source-intact', (_response, ctx) => {
      ctx.store.deleteBlob(ctx.url.searchParams.get('from') ?? '', ctx.url.searchParams.get('mount') ?? '');
    }),
  ],
  ['mount-without-from', 'Mount without from returns 201 (content discovery) or 202, never an error', onMount('mount-without-from', withStatus(400))],
  ['mount-unknown-digest-202', 'Mount of a digest that exists nowhere returns 202 with an upload Location', claimsMount('mount-unknown-digest-202')],
  ['mount-from-missing-repo-202', 'Mount from a repository that does not exist returns 202', claimsMount('mount-from-missing-repo-202')],
  [
    'mount-from-repo-lacking-blob',
    'Mount from a repository that lacks the blob returns 202, or 201 only with the real content',
    claimsMount('mount-from-repo-lacking-blob'),
  ],
  ['mount-fallback-session-usable', 'The upload session of a 202 mount fallback completes a normal upload', deadFallbackSession('mount-fallback-session-usable')],
  ['mount-fallback-chunked', 'The upload session of a 202 mount fallback accepts chunks and completes', deadFallbackSession('mount-fallback-chunked')],
  ['mount-same-repo', 'Mount into the repository that already holds the blob returns 201 or 202', onMount('mount-same-repo', withStatus(500))],
  [
    'sha512-mount-from',
    'Mount with from of a sha512 blob returns 202, or 201 and the blob reads back by its sha512 in the target',
    claimsMount('sha512-mount-from'),
  ],
  [
    'sha512-mount-without-from',
    'Mount without from of a sha512 blob returns 202, or 201 and the blob reads back by its sha512 in the target',
    claimsMount('sha512-mount-without-from'),
  ],
];

describe('blob-mount suite', () => {
  it('passes every check on a conformant registry', async () => {
    const { checks } = await runSuiteOnFake(mount);
    const notPassed = [...checks.values()].filter((check) => check.status !== 'passed');
    expect(notPassed.map((check) => [check.id, check.status, 'errors' in check ? check.errors[0]?.message : check.reason])).toEqual([]);
    expect(checks.size).toBe(mount.checks.length);
  });

  it('has a fault case for every MUST check and every check the strict profile grades MUST', () => {
    const must = mount.checks.filter((check) => check.level === 'MUST' || check.strict !== undefined).map((check) => check.id);
    expect(mustCases.map(([id]) => id).sort()).toEqual([...must].sort());
  });

  it.each(mustCases)('fails %s when the registry breaks its rule', async (checkId, rule, faults) => {
    await expectCheckFails(mount, checkId, rule, faults);
  });

  it('passes on a registry that always fails open, skipping the 201-only checks', async () => {
    const { checks } = await runSuiteOnFake(mount, { mount: false });
    const statuses = Object.fromEntries([...checks.values()].map((check) => [check.id.replace('blob-mount/', ''), check.status]));
    expect(statuses).toMatchObject({
      'mount-from-201-or-202': 'passed',
      'mount-supported': 'skipped',
      'mount-201-location': 'skipped',
      'mount-readable-in-target': 'skipped',
      'mount-without-from': 'passed',
      'mount-fallback-session-usable': 'passed',
      'mount-same-repo': 'passed',
    });
    expect(Object.values(statuses).filter((status) => status === 'failed' || status === 'errored')).toEqual([]);
  });

  it('accepts content discovery (201 without from) when the mounted blob is real', async () => {
    const faults: FaultHooks = onMount('mount-without-from', (response, ctx) => {
      const digest = ctx.url.searchParams.get('mount') ?? '';
      const content = ctx.store.getBlob(`${ctx.repo ?? ''}-source`, digest);
      if (content !== undefined) {
        ctx.store.putBlob(ctx.repo ?? '', digest, content);
        response.status = 201;
        response.headers['location'] = `/v2/${ctx.repo ?? ''}/blobs/${digest}`;
      }
    });
    const { status, checks } = await runSuiteOnFake(mount, { faults, checks: ['blob-mount/mount-without-from'] });
    expect(status('blob-mount/mount-without-from')).toBe('passed');
    expect(JSON.stringify(checks.get('blob-mount/mount-without-from'))).toContain('mounted (201)');
  });
});
