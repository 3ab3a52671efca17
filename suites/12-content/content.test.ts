import { describe, expect, it } from 'vitest';
import type { FakeRegistryOptions, FakeRequestContext, FakeResponse } from '../../src/conformance/test-support/fake-registry-types.js';
import { runSuiteOnFake } from '../../src/conformance/test-support/run-suite-on-fake.js';
import { digestOf } from '../../src/oci/digest.js';
import suite from './index.js';
import { answerOn, expectAllPass, expectCheckOutcome, rewriteOn, setBody } from '../test-support/suite-faults.js';

const S = suite.id;
const operationOf = (id: string): string => id.replace(/^sha(256|512)-[a-z0-9-]+?-(push-blobs|push-by-digest|push-by-tag|tag-list|head-by-tag|head-by-digest|head-blob|get-by-tag|get-by-digest|get-blob|referrers|delete-tag|delete-manifest|delete-blob)$/, '$2');

const byTag = (ctx: FakeRequestContext): boolean => !(ctx.reference ?? '').includes(':');
const byDigest = (ctx: FakeRequestContext): boolean => !byTag(ctx);

/** Appends a byte to a body: what a registry that reformats or corrupts content sends. */
function altered(response: FakeResponse): void {
  response.body = Buffer.concat([response.body, Buffer.from(' ')]);
  delete response.headers['content-length'];
}

/** A 202 to a DELETE that deletes nothing. */
const fakeDelete = (): FakeResponse => ({ status: 202, headers: {}, body: Buffer.alloc(0) });

/** One fault per MUST operation, breaking exactly the rule its checks enforce, and the rule's words. */
const mustCases: Readonly<Record<string, { readonly options: FakeRegistryOptions; readonly rule: string }>> = {
  'push-blobs': { options: { faults: rewriteOn(S, ['upload-put'], (r) => void (r.status = 500)) }, rule: 'is accepted with 201' },
  'push-by-digest': {
    options: { faults: rewriteOn(S, ['manifest-put'], (r, ctx) => void (byDigest(ctx) ? (r.headers['docker-content-digest'] = digestOf('other')) : undefined)) },
    rule: 'answers Docker-Content-Digest equal to the digest of the bytes sent',
  },
  'push-by-tag': {
    options: { faults: rewriteOn(S, ['manifest-put'], (r, ctx) => void (byTag(ctx) ? (r.headers['docker-content-digest'] = digestOf('other')) : undefined)) },
    rule: 'answers Docker-Content-Digest equal to the digest of the bytes sent',
  },
  'tag-list': { options: { faults: rewriteOn(S, ['tags-list'], (r, ctx) => setBody(r, { name: ctx.repo, tags: [] })) }, rule: 'the tag list names every tag of the set' },
  'head-by-tag': { options: { faults: rewriteOn(S, ['manifest-head'], (r, ctx) => void (byTag(ctx) ? (r.status = 404) : undefined)) }, rule: 'returns 200' },
  'head-by-digest': { options: { faults: rewriteOn(S, ['manifest-head'], (r, ctx) => void (byDigest(ctx) ? (r.status = 404) : undefined)) }, rule: 'returns 200' },
  'head-blob': { options: { faults: rewriteOn(S, ['blob-head'], (r) => void (r.status = 404)) }, rule: 'returns 200' },
  'get-by-tag': { options: { faults: rewriteOn(S, ['manifest-get'], (r, ctx) => (byTag(ctx) ? altered(r) : undefined)) }, rule: 'returns the exact bytes pushed' },
  'get-by-digest': { options: { faults: rewriteOn(S, ['manifest-get'], (r, ctx) => (byDigest(ctx) ? altered(r) : undefined)) }, rule: 'returns the exact bytes pushed' },
  'get-blob': { options: { faults: rewriteOn(S, ['blob-get'], altered) }, rule: 'returns its exact bytes' },
  referrers: { options: { faults: rewriteOn(S, ['referrers'], (r) => setBody(r, { schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [] })) }, rule: 'list sha' },
  'delete-tag': { options: { faults: answerOn(S, 'manifest-delete', (ctx) => (byTag(ctx) ? fakeDelete() : undefined)) }, rule: 'returns 404' },
  'delete-manifest': { options: { faults: answerOn(S, 'manifest-delete', (ctx) => (byDigest(ctx) ? fakeDelete() : undefined)) }, rule: 'returns 404' },
  'delete-blob': { options: { faults: answerOn(S, 'blob-delete', fakeDelete) }, rule: 'returns 404' },
};

describe('content suite', () => {
  it('passes every check on a conformant registry', async () => {
    await expectAllPass(suite, { concurrency: 16 });
  }, 120_000);

  it('has a fault case for every MUST check', () => {
    const must = suite.checks.filter((check) => check.level === 'MUST').map((check) => operationOf(check.id));
    expect([...new Set(must)].sort()).toEqual(Object.keys(mustCases).sort());
  });

  for (const [operation, entry] of Object.entries(mustCases)) {
    it(`fails every ${operation} check on a registry that breaks its rule`, async () => {
      const ids = suite.checks.filter((check) => operationOf(check.id) === operation).map((check) => `${S}/${check.id}`);
      const { status, message } = await runSuiteOnFake(suite, { ...entry.options, checks: ids, concurrency: 16 });
      const outcomes = ids.map((id) => ({ id, status: status(id), breaks: message(id)?.includes(entry.rule) ?? false }));
      expect(outcomes).toEqual(ids.map((id) => ({ id, status: 'failed', breaks: true })));
    }, 60_000);
  }

  it('accepts a non-distributable set refused with MANIFEST_BLOB_UNKNOWN, and skips its reads', async () => {
    const refuse: FakeRegistryOptions = {
      faults: answerOn(S, 'manifest-put', (ctx) =>
        ctx.body.toString('utf8').includes('nondistributable')
          ? { status: 400, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify({ errors: [{ code: 'MANIFEST_BLOB_UNKNOWN', message: 'blob unknown' }] })) }
          : undefined,
      ),
    };
    const { status } = await runSuiteOnFake(suite, { ...refuse, checks: [`${S}/sha256-non-distributable-`] });
    expect([status(`${S}/sha256-non-distributable-push-by-tag`), status(`${S}/sha256-non-distributable-get-by-tag`)]).toEqual(['passed', 'skipped']);
  }, 60_000);

  it('fails a non-distributable set refused with a 5xx', async () => {
    await expectCheckOutcome(suite, 'sha256-non-distributable-push-by-tag', { faults: rewriteOn(S, ['manifest-put'], (r, ctx) => void (ctx.body.toString('utf8').includes('nondistributable') ? (r.status = 500) : undefined)) }, 'or refused with a 4xx carrying MANIFEST_BLOB_UNKNOWN');
  }, 60_000);

  it('skips the sha512 tree where the probe finds no sha512 support', async () => {
    const { status } = await runSuiteOnFake(suite, { sha512: false, checks: [`${S}/sha512-image-`, `${S}/sha256-image-get-blob`] });
    expect([status(`${S}/sha512-image-get-blob`), status(`${S}/sha256-image-get-blob`)]).toEqual(['skipped', 'passed']);
  }, 60_000);

  describe('the delete checks of a tree take their turns on one copy', () => {
    const ids = [`${S}/sha256-image-delete-tag`, `${S}/sha256-image-delete-manifest`, `${S}/sha256-image-delete-blob`];
    /** Where the image tree's delete chain starts: its read copy, as no manifest of the set refers to another. */
    const chainRepo = '-shared-sha256-image';
    /** Blob uploads started in a repository whose name ends with `suffix`. */
    const uploadsInto = (requests: readonly { method: string; url: string }[], suffix: string): number =>
      requests.filter((r) => r.method === 'POST' && r.url.split('?')[0]?.endsWith(`${suffix}/blobs/uploads/`)).length;
    const notesOf = (result: Awaited<ReturnType<typeof runSuiteOnFake>>, id: string | undefined): string => (result.checks.get(id ?? '')?.notes ?? []).join('\n');
    const deletesAfterChecks = (result: Awaited<ReturnType<typeof runSuiteOnFake>>): number =>
      result.registry.requests.filter((r) => r.method === 'DELETE' && r.url.includes(`${chainRepo}/`)).length;
    const fail500 = (): FakeResponse => ({ status: 500, headers: {}, body: Buffer.alloc(0) });

    it('deletes the tags, then the manifests, then the blobs of the read copy, pushing nothing else', async () => {
      const result = await runSuiteOnFake(suite, { checks: ids });
      expect(ids.map((id) => result.status(id))).toEqual(['passed', 'passed', 'passed']);
      const copies = ['-delete-tag', '-delete-manifest', '-delete-blob'].map((suffix) => uploadsInto(result.registry.requests, suffix));
      expect(copies).toEqual([0, 0, 0]);
      expect(notesOf(result, ids[0])).toContain('every check that reads it has ended');
      expect(notesOf(result, ids[1])).toContain('works on the copy the check before it left with its tags deleted');
      expect(notesOf(result, ids[2])).toContain('works on the copy the check before it left with its manifests deleted');
      // What the checks saw deleted is not deleted again at cleanup: one DELETE per tag, manifest and blob (1 + 1 + 2).
      expect(deletesAfterChecks(result)).toBe(4);
    }, 60_000);

    it('start once every check that reads the read copy has ended (those after the one that pushes it)', async () => {
      for (const tree of ['sha256-image', 'sha256-large-manifest', 'sha512-empty-index']) {
        const ofTree = suite.checks.filter((check) => check.id.startsWith(`${tree}-`) && operationOf(check.id) === check.id.slice(tree.length + 1));
        const readers = ofTree.filter((check) => !check.id.includes('-delete-')).map((check) => check.id);
        const start = ofTree.find((check) => check.id.endsWith('-delete-tag')) ?? ofTree.find((check) => check.id.endsWith('-delete-manifest'));
        expect(readers.length).toBeGreaterThan(1);
        expect([...(start?.runsAfter ?? [])].sort()).toEqual([...readers].sort());
        // The first reader pushes the read copy; the others wait for it in the scheduler, not in a check's place.
        const [first, ...others] = ofTree.filter((check) => !check.id.includes('-delete-'));
        expect(first?.runsAfter).toBeUndefined();
        expect(others.map((check) => check.runsAfter)).toEqual(others.map(() => [first?.id]));
      }
      const result = await runSuiteOnFake(suite, { checks: [`${S}/sha256-image-`, `${S}/sha512-image-`], concurrency: 16 });
      expect(ids.map((id) => result.status(id))).toEqual(['passed', 'passed', 'passed']);
      expect(result.status(ids[0]?.replace('sha256', 'sha512') ?? '')).toBe('passed');
    }, 60_000);

    it('fails delete-tag on a registry that drops a signature pushed by tag alone with its image\'s tag (zot), which the read copy hides', async () => {
      // zot, as seen in the lab: deleting an image's tag takes a `sha256-<hex>.sig` manifest with it, unless that
      // manifest was also pushed by digest (as the read copy's are).
      const byDigestPuts = new Set<string>();
      const tagged = new Map<string, string>();
      const subjectTagDeleted = new Set<string>();
      const faults: FakeRegistryOptions['faults'] = {
        before: (_req, res, ctx) => {
          const repo = ctx.repo ?? '';
          const reference = ctx.reference ?? '';
          if (ctx.route === 'manifest-put') {
            if (byDigest(ctx)) {
              byDigestPuts.add(`${repo}@${reference}`);
            } else {
              tagged.set(`${repo}:${reference}`, digestOf(ctx.body));
            }
          }
          if (ctx.route === 'manifest-delete' && byTag(ctx)) {
            const lost = reference.startsWith('sha256-') && subjectTagDeleted.has(repo) && !byDigestPuts.has(`${repo}@${tagged.get(`${repo}:${reference}`) ?? ''}`);
            if (lost) {
              res.writeHead(404).end();
              return Promise.resolve(true);
            }
            subjectTagDeleted.add(repo);
          }
          return Promise.resolve(false);
        },
      };
      const id = `${S}/sha256-cosign-signature-delete-tag`;
      const result = await runSuiteOnFake(suite, { checks: [`${S}/sha256-cosign-signature-`], faults, concurrency: 16 });
      expect(result.status(id)).toBe('failed');
      expect(result.message(id)).toContain('a tag stays until it is deleted');
    }, 60_000);

    it('starts the chain of a set whose manifests refer to one another on a copy pushed by tag alone, mounting its sha256 blobs', async () => {
      // Seen on zot: a cosign signature pushed by tag alone goes with its image's tag; the read copy, also pushed by
      // digest, would hide that.
      const result = await runSuiteOnFake(suite, { checks: [`${S}/sha256-cosign-signature-`, `${S}/sha512-cosign-signature-`], concurrency: 16 });
      for (const algorithm of ['sha256', 'sha512']) {
        const copy = `/content-${algorithm}-cosign-signature-delete-tag/`;
        const posts = result.registry.requests.filter((r) => r.method === 'POST' && r.url.split('?')[0]?.endsWith(`${copy}blobs/uploads/`));
        const mounts = posts.filter((r) => r.url.includes('mount='));
        expect([posts.length, mounts.length]).toEqual(algorithm === 'sha256' ? [4, 4] : [4, 0]);
        const manifestPuts = result.registry.requests.filter((r) => r.method === 'PUT' && r.url.includes(`${copy}manifests/`));
        expect(manifestPuts.map((r) => r.url.split('/manifests/')[1]?.startsWith('sha256:'))).toEqual([false, false]);
        expect(result.status(`${S}/${algorithm}-cosign-signature-delete-blob`)).toBe('passed');
      }
    }, 60_000);

    it('pushes copies of their own, and pass, when the tag deletes failed', async () => {
      const result = await runSuiteOnFake(suite, { checks: ids, faults: answerOn(S, 'manifest-delete', (ctx) => (byTag(ctx) ? fail500() : undefined)) });
      expect(ids.map((id) => result.status(id))).toEqual(['failed', 'passed', 'passed']);
      expect(uploadsInto(result.registry.requests, '-delete-manifest')).toBeGreaterThan(0);
      expect(uploadsInto(result.registry.requests, '-delete-blob')).toBe(0);
    }, 60_000);

    const collections = [
      { lost: 'the manifests with their tags', route: 'manifest-delete', head: 'manifest-head', taker: 1, repo: '-delete-manifest' },
      { lost: 'the blobs with their manifests', route: 'blob-delete', head: 'blob-head', taker: 2, repo: '-delete-blob' },
    ] as const;
    for (const { lost, route, head, taker, repo } of collections) {
      it(`starts over on a copy of its own, and passes, when the registry collected ${lost}`, async () => {
        // Collected: the item is gone from the left copy, so its DELETE and then its HEAD miss.
        const collected = rewriteOn(S, [route, head], (r, ctx) => void ((ctx.repo ?? '').endsWith(chainRepo) && (ctx.route !== 'manifest-delete' || byDigest(ctx)) ? (r.status = 404) : undefined));
        const result = await runSuiteOnFake(suite, { checks: ids, faults: collected });
        expect(ids.map((id) => result.status(id))).toEqual(['passed', 'passed', 'passed']);
        expect(uploadsInto(result.registry.requests, repo)).toBeGreaterThan(0);
        expect(notesOf(result, ids[taker])).toContain('lacked');
      }, 60_000);
    }

    it('sends no HEAD before a DELETE on the left copy, and one after a DELETE that is not answered 202', async () => {
      const heads = (result: Awaited<ReturnType<typeof runSuiteOnFake>>, route: string): number =>
        result.registry.requests.filter((r) => r.method === 'HEAD' && r.url.includes(`${chainRepo}/`) && r.url.includes(route)).length;
      const clean = await runSuiteOnFake(suite, { checks: ids });
      // The blob check HEADs each blob once, after its DELETE (the read that must miss); no manifest is HEADed.
      expect([heads(clean, '/manifests/'), heads(clean, '/blobs/')]).toEqual([0, 2]);
      // A manifest DELETE refused (500) on the left copy, of a manifest still there: judged as it is, not started over.
      const refused = await runSuiteOnFake(suite, { checks: ids, faults: answerOn(S, 'manifest-delete', (ctx) => ((ctx.repo ?? '').endsWith(chainRepo) && byDigest(ctx) ? fail500() : undefined)) });
      expect(refused.status(ids[1] ?? '')).toBe('failed');
      expect(heads(refused, '/manifests/')).toBe(1);
      expect(uploadsInto(refused.registry.requests, '-delete-manifest')).toBe(0);
    }, 60_000);

    it('starts over on a copy of its own when a later manifest of several is gone', async () => {
      // Referrers, then their subject: no manifest is listed by an index, so none may miss.
      const treeIds = ids.map((id) => id.replace('-image-', '-artifacts-with-subject-'));
      let deletes = 0;
      const faults: FakeRegistryOptions['faults'] = {
        before: (_req, res, ctx) => {
          const onLeftCopy = (ctx.repo ?? '').endsWith('-delete-tag') && ctx.reference?.startsWith('sha256:') === true;
          if (onLeftCopy && ctx.route === 'manifest-delete') {
            deletes += 1;
          }
          // The first manifest deletes; the next is gone (its DELETE and its HEAD miss).
          if (onLeftCopy && (ctx.route === 'manifest-delete' || ctx.route === 'manifest-head') && deletes === 2) {
            res.writeHead(404).end();
            return Promise.resolve(true);
          }
          return Promise.resolve(false);
        },
      };
      const result = await runSuiteOnFake(suite, { checks: treeIds, faults });
      expect(result.status(treeIds[1] ?? '')).toBe('passed');
      expect(uploadsInto(result.registry.requests, '-delete-manifest')).toBeGreaterThan(0);
      expect(notesOf(result, treeIds[1])).toContain('lacked manifest sha256:');
    }, 60_000);

    it('pushes blobs of its own, and passes, when the manifest deletes failed', async () => {
      const result = await runSuiteOnFake(suite, { checks: ids, faults: answerOn(S, 'manifest-delete', (ctx) => (byDigest(ctx) ? fail500() : undefined)) });
      expect(ids.map((id) => result.status(id))).toEqual(['passed', 'failed', 'passed']);
      expect(uploadsInto(result.registry.requests, '-delete-blob')).toBeGreaterThan(0);
    }, 60_000);

    it('fails a manifest DELETE answering 404 for a manifest no deleted index listed', async () => {
      const result = await runSuiteOnFake(suite, { checks: ids, faults: answerOn(S, 'manifest-delete', (ctx) => (byDigest(ctx) ? { status: 404, headers: {}, body: Buffer.alloc(0) } : undefined)) });
      expect(result.status(ids[1] ?? '')).toBe('failed');
    }, 60_000);
  });
});
