import { describe, expect, it } from 'vitest';
import type { FakeRegistryOptions, FakeRequestContext } from '../../src/conformance/test-support/fake-registry-types.js';
import { runSuiteOnFake } from '../../src/conformance/test-support/run-suite-on-fake.js';
import suite from './index.js';
import { pushedTags } from './tag-list-helpers.js';
import { expectAllPass, expectCheckOutcome, parseBody, rewriteOn, runChecks, setBody } from '../test-support/suite-faults.js';

const S = suite.id;

/** Rewrites the `tags` of every 200 tag list of the suite's repositories. */
function editTags(edit: (tags: string[], ctx: FakeRequestContext) => string[], dropLink = false): FakeRegistryOptions {
  return {
    faults: rewriteOn(S, ['tags-list'], (response, ctx) => {
      if (response.status !== 200) {
        return;
      }
      const body = parseBody(response);
      setBody(response, { ...body, tags: edit(body['tags'] as string[], ctx) });
      if (dropLink) {
        delete response.headers['link'];
      }
    }),
  };
}

/** All tags of the repository, ASCII-sorted, from the fake's store. */
function allTags(ctx: FakeRequestContext): string[] {
  return ctx.store.tagsOf(ctx.repo ?? '');
}

/** `last` honoured but inclusive: the page starts at `last` instead of after it. */
const inclusiveLast = editTags((tags, ctx) => {
  const last = ctx.url.searchParams.get('last');
  return last === null ? tags : [last, ...tags].slice(0, Number(ctx.url.searchParams.get('n') ?? '1000'));
});

const mustCases: readonly { check: string; options: FakeRegistryOptions; rule: string }[] = [
  { check: 'n-zero-empty', options: editTags((tags, ctx) => (ctx.url.searchParams.get('n') === '0' ? allTags(ctx) : tags)), rule: 'n=0 returns an empty list' },
  { check: 'list-returns-all-tags', options: editTags((tags) => tags.slice(1)), rule: 'The tag list returns exactly the pushed tags' },
  {
    check: 'list-name-field',
    options: { faults: rewriteOn(S, ['tags-list'], (r) => setBody(r, { ...parseBody(r), name: 'other' })) },
    rule: 'The tag list body names its repository in "name"',
  },
  { check: 'list-sorted', options: editTags((tags) => [...tags].reverse()), rule: 'The tag list is in lexical order' },
  // distribution 2.8: `n` ignored, every tag returned, no Link.
  { check: 'n-limits-results', options: editTags((_tags, ctx) => allTags(ctx), true), rule: 'tags/list?n=2 returns 2 tags when more exist' },
  { check: 'n-first-page-in-order', options: editTags((tags, ctx) => (tags.length === 2 ? allTags(ctx).slice(-2) : tags)), rule: 'returns the first tags of the sorted list' },
  { check: 'last-is-exclusive', options: inclusiveLast, rule: 'returns only the tags after it, without it' },
  { check: 'n-and-last', options: inclusiveLast, rule: 'returns the next 2 tags after it' },
  {
    check: 'last-at-end-empty',
    options: editTags((tags, ctx) => (ctx.url.searchParams.has('last') ? allTags(ctx).slice(0, 2) : tags)),
    rule: 'tags/list?n=2&last=<final tag> returns an empty list',
  },
  {
    check: 'link-header-rfc5988',
    // zot 1.4: the URL without angle brackets.
    options: { faults: rewriteOn(S, ['tags-list'], (r) => void (r.headers['link'] = (r.headers['link'] ?? '').replace(/[<>]/g, ''))) },
    rule: 'A Link header on a tag page is RFC 5988',
  },
  {
    check: 'pagination-walk-complete',
    options: {
      faults: rewriteOn(S, ['tags-list'], (r, ctx) => {
        // A Link that points back at the first page: the walk sees every page again.
        if (r.headers['link'] !== undefined) {
          r.headers['link'] = `</v2/${ctx.repo ?? ''}/tags/list?n=2>; rel="next"`;
        }
      }),
    },
    rule: 'Following Link rel="next" (or last) from n=2 returns every tag exactly once',
  },
  {
    check: 'unknown-repository-404',
    options: { faults: rewriteOn(S, ['tags-list'], (r) => void ((r.status = 200), setBody(r, { name: 'x', tags: ['ghost'] }))) },
    rule: 'The tag list of an unknown repository returns 404 NAME_UNKNOWN: a 200 lists no tags',
  },
  {
    check: 'list-after-last-tag-deleted',
    options: editTags((tags) => [...tags, 'only']),
    rule: 'After its only manifest is deleted, a repository lists no tags',
  },
];

describe('tags suite', () => {
  it('passes every check on a conformant registry', async () => {
    await expectAllPass(suite);
  });

  it('pushes the listing repository once per run for every check that only reads it', async () => {
    const result = await runSuiteOnFake(suite, { concurrency: 4 });
    const manifestPuts = (repoSuffix: string): number =>
      result.registry.requests.filter((r) => r.method === 'PUT' && r.url.split('/manifests/')[0]?.endsWith(repoSuffix)).length;
    expect(manifestPuts('/tags-shared-listing')).toBe(pushedTags.length);
    expect(manifestPuts('/tags-list-after-last-tag-deleted')).toBe(1);
    const readers = suite.checks.filter((check) => [...(result.checks.get(`${S}/${check.id}`)?.notes ?? [])].some((note) => note.includes('tags-shared-listing, pushed once')));
    expect(readers.length).toBe(14);
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

  it('warns (not fails) when an unknown repository lists 200 with no tags (virtual repositories)', async () => {
    const options = { faults: rewriteOn(S, ['tags-list'], (r) => void ((r.status = 200), setBody(r, { name: 'x', tags: [] }))) };
    await expectCheckOutcome(suite, 'unknown-repository-404', options, 'expected status 404, got status 200 with an empty list', 'warned');
  });

  it('blames the registry, not the network, when it drops the connection on n=0 but still answers /v2/ (olareg panic)', async () => {
    const crashOnZero: FakeRegistryOptions = {
      faults: {
        before: (req, _res, ctx) => {
          if (ctx.route === 'tags-list' && ctx.url.searchParams.get('n') === '0') {
            req.socket.destroy();
            return true;
          }
          return false;
        },
      },
    };
    await expectCheckOutcome(suite, 'n-zero-empty', crashOnZero, 'the connection closed without a response');
  });

  it('warns when last is ignored without n', async () => {
    const ignoreLastWithoutN = editTags((tags, ctx) => (ctx.url.searchParams.has('last') && !ctx.url.searchParams.has('n') ? allTags(ctx) : tags));
    await expectCheckOutcome(suite, 'last-without-n', ignoreLastWithoutN, 'without n returns the tags after it', 'warned');
  });

  it('accepts case-insensitive order as well as ASCII order', async () => {
    const caseInsensitive = editTags((tags) => [...tags].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    const { status } = await runChecks(suite, 'list-sorted', caseInsensitive);
    expect(status('list-sorted')).toBe('passed');
  });

  it('accepts a 404 tag list after the last tag is deleted (distribution #4324)', async () => {
    const options = { faults: rewriteOn(S, ['tags-list'], (r) => void (r.status = 404)) };
    const { status } = await runChecks(suite, 'list-after-last-tag-deleted', options);
    expect(status('list-after-last-tag-deleted')).toBe('passed');
  });

  it('follows pages by last when the registry sends no Link, and reports the Link as unsupported', async () => {
    const noLink = { faults: rewriteOn(S, ['tags-list'], (r) => void delete r.headers['link']) };
    const { status } = await runChecks(suite, 'pagination-walk-complete', noLink);
    expect(status('pagination-walk-complete')).toBe('passed');
    const link = await runChecks(suite, 'link-header-', noLink);
    expect(link.status('link-header-present')).toBe('skipped');
    expect(link.status('link-header-rfc5988')).toBe('skipped');
  });


  it('fails the pagination checks when the registry ignores n and last (distribution 2.8): end-8b is a MUST, not a capability', async () => {
    // Applied to every repository, the capability probe sees n ignored too: it must not matter.
    const everywhere: FakeRegistryOptions = {
      faults: {
        rewrite: (response, ctx) => {
          if (ctx.route === 'tags-list' && response.status === 200) {
            setBody(response, { ...parseBody(response), tags: allTags(ctx) });
            delete response.headers['link'];
          }
        },
      },
    };
    const { status } = await runChecks(suite, 'n-', everywhere);
    expect(status('n-limits-results')).toBe('failed');
    expect(status('n-and-last')).toBe('failed');
    const last = await runChecks(suite, 'last-', everywhere);
    expect(last.status('last-is-exclusive')).toBe('warned');
  });
});
