import { describe, expect, it } from 'vitest';
import type { FakeRegistryOptions, FakeResponse } from '../../src/conformance/test-support/fake-registry-types.js';
import suite from './index.js';
import { answerOn, expectAllPass, expectCheckOutcome, parseBody, rewriteOn, runChecks, setBody } from '../test-support/suite-faults.js';

const S = suite.id;

const accepted: FakeResponse = { status: 202, headers: {}, body: Buffer.alloc(0) };

/** Answers 202 to deletes of `route` without deleting anything. */
function fakeDelete(route: 'manifest-delete' | 'blob-delete'): FakeRegistryOptions {
  return { faults: answerOn(S, route, () => accepted) };
}

/** Turns 404 of `route` into 202: unknown content "deleted". */
function notFoundAccepted(route: 'manifest-delete' | 'blob-delete'): FakeRegistryOptions {
  return { faults: rewriteOn(S, [route], (r) => void (r.status === 404 ? (r.status = 202) : undefined)) };
}

/** A tag delete that deletes the whole manifest (and so every tag of it). */
const tagDeleteRemovesManifest: FakeRegistryOptions = {
  faults: answerOn(S, 'manifest-delete', (ctx) => {
    const reference = ctx.reference ?? '';
    const manifest = ctx.store.getManifest(ctx.repo ?? '', reference);
    if (reference.includes(':') || manifest === undefined) {
      return undefined;
    }
    ctx.store.deleteManifest(ctx.repo ?? '', manifest.digest);
    return accepted;
  }),
};

/** Refuses a manifest PUT into a repository whose manifests were all deleted: re-push after delete broken. */
function refuseRepushAfterDelete(): FakeRegistryOptions {
  const deleted = new Set<string>();
  const refuse = answerOn(S, 'manifest-put', (ctx) =>
    deleted.has(ctx.repo ?? '') && ctx.store.manifestsOf(ctx.repo ?? '').length === 0
      ? { status: 400, headers: {}, body: Buffer.from('{"errors":[{"code":"MANIFEST_INVALID"}]}') }
      : undefined,
  );
  const remember = rewriteOn(S, ['manifest-delete'], (r, ctx) => void (r.status === 202 ? deleted.add(ctx.repo ?? '') : undefined));
  return { faults: { ...refuse, ...remember } };
}

const mustCases: readonly { check: string; options: FakeRegistryOptions; rule: string }[] = [
  {
    check: 'manifest-delete-status',
    options: { faults: rewriteOn(S, ['manifest-delete'], (r) => void (r.status = 403)) },
    rule: 'DELETE of a manifest by digest returns 202, or 400/405 when deletes are disabled',
  },
  { check: 'manifest-by-digest-gone', options: fakeDelete('manifest-delete'), rule: 'After DELETE by digest, the digest returns 404 (GET)' },
  {
    check: 'manifest-by-digest-tags-gone',
    options: {
      faults: rewriteOn(S, ['manifest-get', 'manifest-head'], (r, ctx) => void (!(ctx.reference ?? '').includes(':') && r.status === 404 ? (r.status = 200) : undefined)),
    },
    rule: 'After DELETE by digest, its tag one returns 404',
  },
  {
    check: 'manifest-by-digest-unlisted',
    options: { faults: rewriteOn(S, ['tags-list'], (r) => setBody(r, { ...parseBody(r), tags: ['doomed', 'kept'] })) },
    rule: 'After DELETE by digest, its tags leave the tag list and other tags stay',
  },
  { check: 'manifest-delete-unknown-404', options: notFoundAccepted('manifest-delete'), rule: 'DELETE of an unknown manifest digest returns 404' },
  {
    check: 'manifest-delete-unknown-repository-404',
    options: notFoundAccepted('manifest-delete'),
    rule: 'DELETE of a manifest in an unknown repository returns 404',
  },
  { check: 'repush-after-delete', options: refuseRepushAfterDelete(), rule: 'A manifest deleted by digest can be pushed again (201)' },
  {
    check: 'tag-delete-status',
    options: { faults: rewriteOn(S, ['manifest-delete'], (r) => void (r.status = 500)) },
    rule: 'DELETE of a manifest by tag returns 202, or 400/405 when tag deletes are disabled',
  },
  { check: 'tag-delete-removes-tag', options: fakeDelete('manifest-delete'), rule: 'After DELETE by tag, the tag returns 404 (GET)' },
  { check: 'tag-delete-keeps-other-tags', options: tagDeleteRemovesManifest, rule: 'another tag of the same manifest still resolves' },
  { check: 'tag-delete-unknown-404', options: notFoundAccepted('manifest-delete'), rule: 'DELETE of an unknown tag returns 404' },
  {
    check: 'blob-delete-status',
    options: { faults: rewriteOn(S, ['blob-delete'], (r) => void (r.status = 403)) },
    rule: 'DELETE of a blob returns 202, or 400/405 when deletes are disabled',
  },
  { check: 'blob-delete-gone', options: fakeDelete('blob-delete'), rule: 'After DELETE of a blob, HEAD returns 404' },
  { check: 'blob-delete-unknown-404', options: notFoundAccepted('blob-delete'), rule: 'DELETE of an unknown blob returns 404' },
];

describe('delete suite', () => {
  it('passes every check on a conformant registry', async () => {
    await expectAllPass(suite);
  });

  it('has a fault case for every MUST check and every check the strict profile grades MUST', () => {
    const must = suite.checks.filter((check) => check.level === 'MUST' || check.strict !== undefined).map((check) => check.id);
    expect(mustCases.map((entry) => entry.check).sort()).toEqual([...must].sort());
  });

  for (const entry of mustCases) {
    it(`fails ${entry.check} on a registry that breaks its rule`, async () => {
      await expectCheckOutcome(suite, entry.check, entry.options, entry.rule);
    });
  }

  it('records disabled deletes (405) as capabilities: status checks pass with a note, the rest skip', async () => {
    const { status } = await runChecks(suite, '', { deletes: false });
    expect(status('manifest-delete-status')).toBe('passed');
    expect(status('tag-delete-status')).toBe('passed');
    expect(status('blob-delete-status')).toBe('passed');
    for (const check of ['manifest-by-digest-gone', 'tag-delete-removes-tag', 'blob-delete-gone', 'repush-after-delete']) {
      expect(status(check)).toBe('skipped');
    }
  });

  it('treats 400 on tag delete as a capability (distribution 2.8), keeping digest deletes', async () => {
    const { status } = await runChecks(suite, '', { tagDeletes: false });
    expect(status('tag-delete-status')).toBe('passed');
    expect(status('tag-delete-removes-tag')).toBe('skipped');
    expect(status('manifest-by-digest-gone')).toBe('passed');
  });

  it('warns (not fails) when a tag delete also removes the untagged manifest (zot 1.4)', async () => {
    await expectCheckOutcome(suite, 'tag-delete-keeps-manifest', tagDeleteRemovesManifest, 'After DELETE by tag, the manifest is still served by digest', 'warned');
  });

  it('warns when an unknown manifest delete answers 404 without MANIFEST_UNKNOWN', async () => {
    const options = { faults: rewriteOn(S, ['manifest-delete'], (r) => void (r.status === 404 ? (r.body = Buffer.from('not found')) : undefined)) };
    await expectCheckOutcome(suite, 'manifest-delete-unknown-404', options, 'MANIFEST_UNKNOWN', 'warned');
  });
});
