/**
 * Tags list: end-8a (`GET /v2/<name>/tags/list`) and end-8b (`?n=<int>&last=<tag>`), spec §3 "Tags list": 200
 * `{"name","tags"}`, lexical order (case-insensitive in v1.1.1, ASCII allowed by main / PR #583), `n` returns n
 * results unless fewer exist or a `Link` is present, `last` is exclusive, `Link: <…>; rel="next"` (RFC 8288) MAY be
 * sent and is followed to the end, `n=0` gives an empty list and no Link; code-9 NAME_UNKNOWN for an unknown
 * repository; after the last tag is deleted an empty list or 404 are both accepted (distribution #4324).
 * Pagination is not a capability: end-8b says the response "MUST include <int> results" unless fewer exist or a Link
 * is given, and `last` starts after the named tag, so a registry that ignores `n` or `last` (distribution 2.8) fails
 * these checks rather than having them probed away.
 */
import { defineSuite } from '../../src/conformance/define-suite.js';
import { describeResponse, expectErrorCode, expectStatus, expectThat, fail } from '../../src/conformance/expect.js';
import { UnsupportedApiError } from '../../src/errors/index.js';
import { duplicatesOf, isLexicallySorted, nextLinkOf, requestOrFail, walkPages } from '../common/listing-helpers.js';
import { mediaTypeOf, pushImage } from '../common/manifest-helpers.js';
import { asciiOrder, listingRepo, listTags, tagRule as rule, tagsOf } from './tag-list-helpers.js';
import { statements } from '../common/statements.js';

export default defineSuite({
  id: 'tags',
  title: 'Tag listing',
  description: 'end-8a/8b: tag list body, order, n, last, Link pagination, n=0, unknown repository, empty after delete.',
  checks: [
    {
      id: 'list-returns-all-tags',
      title: 'The tag list of a repository returns 200 with exactly the pushed tags',
      level: 'MUST',
      statement: statements.tagsList,
      spec: ['end-8a'],
      api: 'tags-list',
      async run(ctx) {
        const repo = await listingRepo(ctx);
        const response = await listTags(ctx, repo);
        const tags = tagsOf(response, 'The tag list returns 200 with a "tags" array', ['end-8a']);
        const sorted = [...tags].sort();
        expectThat(
          JSON.stringify(sorted) === JSON.stringify(asciiOrder),
          rule('The tag list returns exactly the pushed tags'),
          asciiOrder.join(', '),
          sorted.join(', '),
          response,
        );
      },
    },
    {
      id: 'list-name-field',
      title: 'The tag list body names its repository in "name"',
      level: 'MUST',
      statement: statements.tagsList,
      spec: ['end-8a'],
      api: 'tags-list',
      async run(ctx) {
        const repo = await listingRepo(ctx);
        const response = await listTags(ctx, repo);
        expectStatus(response, [200], rule('The tag list returns 200'));
        const body = response.json() as { name?: unknown } | undefined;
        expectThat(body?.name === repo, rule('The tag list body names its repository in "name"'), `name ${repo}`, `name ${JSON.stringify(body?.name)}`, response);
      },
    },
    {
      id: 'list-json-content-type',
      title: 'The tag list is served as application/json',
      level: 'SHOULD',
      spec: ['end-8a'],
      api: 'tags-list',
      async run(ctx) {
        const repo = await listingRepo(ctx);
        const response = await listTags(ctx, repo);
        expectStatus(response, [200], rule('The tag list returns 200'));
        const type = mediaTypeOf(response);
        expectThat(type === 'application/json', rule('The tag list is served as application/json'), 'application/json', type ?? 'none', response);
      },
    },
    {
      id: 'list-sorted',
      title: 'The tag list is in lexical order (case-insensitive or ASCII)',
      level: 'MUST',
      statement: statements.tagsSorted,
      spec: ['end-8a'],
      api: 'tags-list',
      async run(ctx) {
        const repo = await listingRepo(ctx);
        const response = await listTags(ctx, repo);
        const tags = tagsOf(response, 'The tag list returns 200', ['end-8a']);
        expectThat(isLexicallySorted(tags), rule('The tag list is in lexical order (case-insensitive or ASCII)'), 'sorted tags', tags.join(', '), response);
      },
    },
    {
      id: 'n-limits-results',
      title: 'tags/list?n=2 returns 2 tags when more exist, unless a Link header is present',
      level: 'MUST',
      statement: statements.tagsN,
      spec: ['end-8b'],
      api: 'tags-list',
      async run(ctx) {
        const repo = await listingRepo(ctx);
        const response = await listTags(ctx, repo, 'n=2');
        const tags = tagsOf(response, ctx.rule.rule, ['end-8b']);
        expectThat(tags.length <= 2, ctx.rule, 'at most 2 tags', `${tags.length} tags`, response);
        if (tags.length < 2 && nextLinkOf(response) === undefined) {
          fail(ctx.rule, '2 tags (5 exist) or a Link header', `${tags.length} tags and no Link`, response);
        }
      },
    },
    {
      id: 'n-first-page-in-order',
      title: 'tags/list?n=2 returns the first tags of the sorted list',
      level: 'MUST',
      statement: statements.tagsSorted,
      spec: ['end-8b'],
      api: 'tags-list',
      async run(ctx) {
        const repo = await listingRepo(ctx);
        const all = tagsOf(await listTags(ctx, repo), 'The tag list returns 200', ['end-8a']);
        const response = await listTags(ctx, repo, 'n=2');
        const page = tagsOf(response, 'tags/list?n=2 returns 200', ['end-8b']);
        expectThat(
          JSON.stringify(page) === JSON.stringify(all.slice(0, page.length)),
          ctx.rule,
          all.slice(0, 2).join(', '),
          page.join(', '),
          response,
        );
      },
    },
    {
      id: 'last-is-exclusive',
      title: 'tags/list?n=10&last=<tag> returns only tags after it, without it',
      level: 'SHOULD',
      statement: statements.tagsLast,
      strict: "the spec says the list starts after <tagname> without a keyword; clients that page with last depend on it",
      spec: ['end-8b'],
      api: 'tags-list',
      async run(ctx) {
        const repo = await listingRepo(ctx);
        const all = tagsOf(await listTags(ctx, repo), 'The tag list returns 200', ['end-8a']);
        const pivot = all[1] ?? 'alpha';
        // `last` is specified together with `n` (end-8b); n=10 exceeds the 5 tags, so the page is everything after it.
        const response = await listTags(ctx, repo, `n=10&last=${encodeURIComponent(pivot)}`);
        const tags = tagsOf(response, 'tags/list?n=10&last= returns 200', ['end-8b']);
        const expected = all.slice(all.indexOf(pivot) + 1);
        expectThat(
          JSON.stringify(tags) === JSON.stringify(expected),
          ctx.step(`tags/list?n=10&last=${pivot} returns only the tags after it, without it`),
          expected.join(', '),
          tags.join(', ') || '(none)',
          response,
        );
      },
    },
    {
      id: 'last-without-n',
      title: 'tags/list?last=<tag> without n returns the tags after it',
      // v1.1.1: "When using the last query parameter, the n parameter is OPTIONAL"; main only says "usually used in
      // combination with n", so a registry that needs n is warned, not failed.
      level: 'SHOULD',
      spec: ['end-8b'],
      api: 'tags-list',
      async run(ctx) {
        const repo = await listingRepo(ctx);
        const all = tagsOf(await listTags(ctx, repo), 'The tag list returns 200', ['end-8a']);
        const pivot = all[2] ?? 'alpha';
        const response = await listTags(ctx, repo, `last=${encodeURIComponent(pivot)}`);
        const tags = tagsOf(response, 'tags/list?last= returns 200', ['end-8b']);
        const expected = all.slice(all.indexOf(pivot) + 1);
        expectThat(
          JSON.stringify(tags) === JSON.stringify(expected),
          ctx.step(`tags/list?last=${pivot} without n returns the tags after it`),
          expected.join(', '),
          tags.join(', ') || '(none)',
          response,
        );
      },
    },
    {
      id: 'n-and-last',
      title: 'tags/list?n=2&last=<tag> returns the next 2 tags after it',
      level: 'MUST',
      statement: statements.tagsN,
      spec: ['end-8b'],
      api: 'tags-list',
      async run(ctx) {
        const repo = await listingRepo(ctx);
        const all = tagsOf(await listTags(ctx, repo), 'The tag list returns 200', ['end-8a']);
        const pivot = all[0] ?? '1.0';
        const response = await listTags(ctx, repo, `n=2&last=${encodeURIComponent(pivot)}`);
        const tags = tagsOf(response, 'tags/list?n=2&last= returns 200', ['end-8b']);
        const expected = all.slice(1, 3);
        const linked = nextLinkOf(response) !== undefined;
        expectThat(
          JSON.stringify(tags) === JSON.stringify(expected) || (linked && JSON.stringify(tags) === JSON.stringify(expected.slice(0, tags.length))),
          ctx.step(`tags/list?n=2&last=${pivot} returns the next 2 tags after it`),
          expected.join(', '),
          tags.join(', ') || '(none)',
          response,
        );
      },
    },
    {
      id: 'last-at-end-empty',
      title: 'tags/list?n=2&last=<final tag> returns an empty list',
      level: 'SHOULD',
      statement: statements.tagsLast,
      strict: "the spec says the list starts after <tagname> without a keyword, so after the final tag it is empty",
      spec: ['end-8b'],
      api: 'tags-list',
      async run(ctx) {
        const repo = await listingRepo(ctx);
        const all = tagsOf(await listTags(ctx, repo), 'The tag list returns 200', ['end-8a']);
        const final = all[all.length - 1] ?? 'gamma-3';
        const response = await listTags(ctx, repo, `n=2&last=${encodeURIComponent(final)}`);
        const tags = tagsOf(response, 'tags/list?last=<final tag> returns 200', ['end-8b']);
        expectThat(tags.length === 0, ctx.rule, 'no tags', tags.join(', '), response);
      },
    },
    {
      id: 'link-header-present',
      title: 'A partial tag page carries Link: <…>; rel="next"',
      level: 'MAY',
      spec: ['end-8b'],
      api: 'tags-list',
      async run(ctx) {
        const repo = await listingRepo(ctx);
        const response = await listTags(ctx, repo, 'n=2');
        expectStatus(response, [200], ctx.step('tags/list?n=2 returns 200'));
        expectThat(nextLinkOf(response) !== undefined, ctx.step('A partial tag page carries Link rel="next"'), 'a Link rel="next" header', response.headers['link'] ?? 'no Link', response);
      },
    },
    {
      id: 'link-header-rfc5988',
      title: 'A Link header on a tag page is RFC 5988: <url>; rel="next"',
      level: 'MUST',
      statement: statements.tagsLink,
      spec: ['end-8b'],
      api: 'tags-list',
      async run(ctx) {
        const repo = await listingRepo(ctx);
        const response = await listTags(ctx, repo, 'n=2');
        expectStatus(response, [200], ctx.step('tags/list?n=2 returns 200'));
        const header = response.headers['link'];
        if (header === undefined) {
          throw new UnsupportedApiError('no Link header on a partial page (Link is MAY)', 'tag-pagination-link');
        }
        expectThat(
          nextLinkOf(response) !== undefined,
          ctx.rule,
          'Link: <url>; rel="next"',
          `Link: ${header}`,
          response,
        );
      },
    },
    {
      id: 'pagination-walk-complete',
      title: 'Following Link rel="next" (or last) from n=2 returns every tag exactly once, in order',
      level: 'SHOULD',
      strict: "implied by the n, last and Link rules together; no single statement says a walk returns every tag once",
      spec: ['end-8b'],
      api: 'tags-list',
      async run(ctx) {
        const repo = await listingRepo(ctx);
        const walkRule = ctx.step('Following Link rel="next" (or last) from n=2 returns every tag exactly once');
        const first = await listTags(ctx, repo, 'n=2');
        const walk = await walkPages(ctx, first, 'tags', walkRule, { maxPages: 10, maxMs: 20_000 }, (page) =>
          page.length >= 2 ? `/v2/${repo}/tags/list?n=2&last=${encodeURIComponent(page[page.length - 1] ?? '')}` : undefined,
        );
        const lastPage = walk.pages[walk.pages.length - 1];
        expectThat(walk.complete, walkRule, 'the walk to end within 10 pages', `${walk.pages.length} pages and still a next page`, lastPage);
        const duplicates = duplicatesOf(walk.items);
        expectThat(duplicates.length === 0, walkRule, 'no tag twice', `repeated: ${duplicates.join(', ')}`, lastPage);
        expectThat(JSON.stringify([...walk.items].sort()) === JSON.stringify(asciiOrder), walkRule, asciiOrder.join(', '), walk.items.join(', '), lastPage);
        expectThat(isLexicallySorted(walk.items), ctx.step('Paginated tags stay in lexical order across pages'), 'sorted tags', walk.items.join(', '), lastPage);
      },
    },
    {
      id: 'n-zero-empty',
      title: 'tags/list?n=0 returns an empty list and no Link',
      level: 'MUST',
      statement: statements.tagsNZero,
      spec: ['end-8b'],
      api: 'tags-list',
      async run(ctx) {
        const repo = await listingRepo(ctx);
        const response = await requestOrFail(ctx, `/v2/${repo}/tags/list?n=0`, ctx.rule);
        const tags = tagsOf(response, ctx.rule.rule, ['end-8b']);
        expectThat(tags.length === 0, ctx.rule, 'no tags', tags.join(', '), response);
        expectThat(nextLinkOf(response) === undefined, ctx.rule, 'no Link header', response.headers['link'] ?? '', response);
      },
    },
    {
      id: 'unknown-repository-404',
      title: 'The tag list of an unknown repository returns 404 NAME_UNKNOWN (200 with no tags tolerated)',
      level: 'SHOULD',
      strict: "the spec says what a found repository answers (200) and nothing with a keyword about an unknown one",
      spec: ['end-8a', 'code-9'],
      api: 'tags-list',
      async run(ctx) {
        const response = await listTags(ctx, ctx.absentRepo());
        const text = 'The tag list of an unknown repository returns 404 NAME_UNKNOWN';
        // Registries with "virtual repositories" answer 200 with no tags (conformance PR #528 tolerates it): only
        // tags that were never pushed, or another status, break the rule.
        if (response.status === 200) {
          const tags = tagsOf(response, text, ['end-8a']);
          expectThat(tags.length === 0, rule(`${text}: a 200 lists no tags`), 'no tags', tags.join(', '), response);
          fail({ ...rule(text, ['end-8a', 'code-9']), level: 'SHOULD' }, 'status 404', 'status 200 with an empty list', response);
        }
        expectStatus(response, [404], rule(text, ['end-8a', 'code-9']));
        expectErrorCode(response, ['NAME_UNKNOWN'], { ...rule(text, ['end-8a', 'code-9']), level: 'SHOULD' });
      },
    },
    {
      id: 'list-after-last-tag-deleted',
      title: 'After its only manifest is deleted, a repository lists no tags (empty list or 404)',
      level: 'SHOULD',
      strict: "implied: a repository without tags lists none; the spec states no keyword about it (distribution answers 404 NAME_UNKNOWN)",
      spec: ['end-8a', 'end-9'],
      api: 'tags-list',
      requires: ['manifest-delete'],
      async run(ctx) {
        const repo = ctx.repo();
        const manifest = await pushImage(ctx, repo, 'only');
        const deleted = await ctx.client.deleteManifest(repo, manifest.digest, { signal: ctx.signal });
        expectStatus(deleted, [202], rule('prerequisite: DELETE of the manifest by digest returns 202', ['end-9']));
        const response = await listTags(ctx, repo);
        if (response.status === 404) {
          ctx.note('404 after the last tag was deleted (distribution #4324; accepted)');
          return;
        }
        const tags = tagsOf(response, ctx.rule.rule, ['end-8a']);
        expectThat(tags.length === 0, rule(ctx.rule.rule), 'no tags', tags.join(', '), response);
      },
    },
    {
      id: 'bad-n-rejected',
      title: 'tags/list?n=<not a number> is rejected with 400 PAGINATION_NUMBER_INVALID',
      level: 'SHOULD',
      spec: ['end-8b'],
      api: 'tags-list',
      async run(ctx) {
        const repo = await listingRepo(ctx);
        const response = await requestOrFail(ctx, `/v2/${repo}/tags/list?n=abc`, ctx.rule);
        if (response.status === 200) {
          fail(ctx.rule, 'status 400', describeResponse(response), response);
        }
        expectStatus(response, [400], ctx.rule);
        expectErrorCode(response, ['PAGINATION_NUMBER_INVALID'], ctx.rule);
      },
    },
  ],
});

