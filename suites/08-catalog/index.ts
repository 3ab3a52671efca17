/**
 * Catalog: `GET /v2/_catalog[?n=&last=]` is Docker Registry HTTP API V2, not OCI (spec §1 note, §4 "Catalog"). Only
 * run where the probe found it (`catalog`). 200 `{"repositories":[…]}` lexically sorted; the registry may cap a page
 * and send `Link: <…>; rel="next"`; a bad `n` → 400 `PAGINATION_NUMBER_INVALID`. Contents are implementation-specific
 * (filtered by access, eventually consistent): an absent entry proves nothing, so only the body shape is MUST and
 * everything about contents, order and paging is SHOULD. The catalog lists every repository of the registry, which
 * other checks create and fill as they run, so each check here is `serial`: it runs alone, seeing what the serial
 * run saw (everything the earlier suites pushed, nothing from later ones).
 */
import type { RegistryResponse } from '../../src/client/types.js';
import type { CheckContext } from '../../src/conformance/define-suite.js';
import { defineSuite } from '../../src/conformance/define-suite.js';
import { describeResponse, expectErrorCode, expectStatus, expectThat, fail, type Rule } from '../../src/conformance/expect.js';
import { duplicatesOf, expectStringList, isLexicallySorted, nextLinkOf, requestOrFail } from '../common/listing-helpers.js';
import { mediaTypeOf, pushImage } from '../common/manifest-helpers.js';
import { sharedPerRun } from '../common/shared-per-run.js';

/** The catalog has no OCI section id (it is Docker V2 only, spec §4 "Catalog"): cited by that name. */
const catalogSpec = ['docker-catalog'] as const;

/** A rule of this suite. */
function rule(text: string, level?: 'SHOULD'): Rule {
  return level === undefined ? { rule: text, spec: catalogSpec } : { rule: text, spec: catalogSpec, level };
}

/** Why the checks that read their own repositories back from the catalog need the per-check layout. */
const ownRepositories = 'it pushes three repositories and finds them in the catalog; the fixed layout has two, shared';

/** Repositories the listing checks find in the catalog: their common prefix and their names, sorted. */
interface CatalogRepos {
  readonly prefix: string;
  readonly repos: readonly string[];
}

/**
 * One small image in each of three repositories (`<prefix>-a`, `-b`, `-c`), pushed once per run for every catalog
 * check that reads them back (`<namespace>/catalog-shared-repos`); none of them changes them.
 */
function pushedRepos(ctx: CheckContext): Promise<CatalogRepos> {
  return sharedPerRun(ctx, 'catalog', 'repos', async (pusher) => {
    const repos = ['a', 'b', 'c'].map((suffix) => pusher.repo(suffix));
    for (const repo of repos) {
      await pushImage(pusher, repo, 'v1', repo);
    }
    return { prefix: pusher.repo(), repos };
  });
}

/** GET `_catalog` with a raw query string. */
function getCatalog(ctx: CheckContext, query = ''): ReturnType<CheckContext['client']['catalog']> {
  return ctx.client.request('GET', `/v2/_catalog${query === '' ? '' : `?${query}`}`, { signal: ctx.signal });
}

/**
 * Walks the catalog from just before `ours` (`last=<prefix>`, which sorts before them) until the listing has shown
 * all of them or leaves them, bounded to `maxPages` pages. `linked` is false when a page before the last of ours
 * came without a Link (the page holding the last of ours may end the catalog).
 */
async function walkOurRepos(
  ctx: CheckContext,
  ours: CatalogRepos,
  n: number,
  maxPages: number,
): Promise<{ items: string[]; pages: number; linked: boolean; last: RegistryResponse }> {
  let response = await getCatalog(ctx, `n=${n}&last=${encodeURIComponent(ours.prefix)}`);
  const items: string[] = [];
  for (let page = 1; page <= maxPages; page += 1) {
    expectStatus(response, [200], rule('Every catalog page returns 200', 'SHOULD'));
    const list = expectStringList(response, 'repositories', rule('Every catalog page has a "repositories" array'));
    items.push(...list);
    const next = nextLinkOf(response);
    const allSeen = ours.repos.every((repo) => items.includes(repo));
    if (allSeen || list.some((repo) => !repo.startsWith(ours.prefix)) || list.length === 0) {
      return { items, pages: page, linked: true, last: response };
    }
    if (next === undefined) {
      return { items, pages: page, linked: false, last: response };
    }
    response = await ctx.client.request('GET', next, { signal: ctx.signal });
  }
  return { items, pages: maxPages, linked: true, last: response };
}

export default defineSuite({
  id: 'catalog',
  title: 'Repository catalog',
  description: 'Docker V2 _catalog: body shape (MUST), our repositories, order, n, last, Link paging and bad n (SHOULD).',
  checks: [
    {
      id: 'catalog-shape',
      title: 'GET /v2/_catalog returns 200 with a "repositories" array of strings',
      level: 'SHOULD',
      strict: "the catalog is Docker's API, not part of the OCI distribution spec, and its document uses no RFC 2119 keywords",
      spec: catalogSpec,
      api: 'catalog',
      requires: ['catalog'],
      serial: true,
      async run(ctx) {
        const response = await getCatalog(ctx);
        expectStatus(response, [200], rule('GET /v2/_catalog returns 200'));
        expectStringList(response, 'repositories', rule('GET /v2/_catalog returns a "repositories" array of strings'));
      },
    },
    {
      id: 'catalog-json-content-type',
      title: 'The catalog is served as application/json',
      level: 'SHOULD',
      spec: catalogSpec,
      api: 'catalog',
      requires: ['catalog'],
      serial: true,
      async run(ctx) {
        const response = await getCatalog(ctx, 'n=1');
        expectStatus(response, [200], rule('GET /v2/_catalog returns 200'));
        const type = mediaTypeOf(response);
        expectThat(type === 'application/json', rule('The catalog is served as application/json'), 'application/json', type ?? 'none', response);
      },
    },
    {
      id: 'catalog-lists-pushed',
      title: 'The catalog lists repositories this run pushed',
      level: 'SHOULD',
      spec: catalogSpec,
      api: 'catalog',
      requires: ['catalog'],
      serial: true,
      needsOwnRepository: ownRepositories,
      async run(ctx) {
        const pushed = await pushedRepos(ctx);
        const { repos } = pushed;
        const walk = await walkOurRepos(ctx, pushed, 100, 10);
        const missing = repos.filter((repo) => !walk.items.includes(repo));
        if (missing.length > 0) {
          fail(ctx.rule, repos.join(', '), `missing ${missing.join(', ')}`, walk.last);
        }
      },
    },
    {
      id: 'catalog-sorted',
      title: 'Catalog entries are in lexical order',
      level: 'SHOULD',
      spec: catalogSpec,
      api: 'catalog',
      requires: ['catalog'],
      serial: true,
      needsOwnRepository: ownRepositories,
      async run(ctx) {
        await pushedRepos(ctx);
        const response = await getCatalog(ctx, `n=50&last=${encodeURIComponent(ctx.namespace)}`);
        expectStatus(response, [200], rule('GET /v2/_catalog returns 200'));
        const repos = expectStringList(response, 'repositories', rule('GET /v2/_catalog returns a "repositories" array'));
        expectThat(isLexicallySorted(repos), rule('Catalog entries are in lexical order'), 'sorted repositories', repos.slice(0, 10).join(', '), response);
      },
    },
    {
      id: 'catalog-n-limits',
      title: 'GET /v2/_catalog?n=2 returns at most 2 repositories',
      level: 'SHOULD',
      spec: catalogSpec,
      api: 'catalog',
      requires: ['catalog'],
      serial: true,
      needsOwnRepository: ownRepositories,
      async run(ctx) {
        await pushedRepos(ctx);
        const response = await getCatalog(ctx, 'n=2');
        expectStatus(response, [200], rule('GET /v2/_catalog?n=2 returns 200'));
        const repos = expectStringList(response, 'repositories', rule('GET /v2/_catalog?n=2 returns a "repositories" array'));
        expectThat(repos.length <= 2 && repos.length > 0, rule('GET /v2/_catalog?n=2 returns 1 or 2 repositories'), '1 or 2 repositories', `${repos.length}`, response);
      },
    },
    {
      id: 'catalog-last-exclusive',
      title: 'GET /v2/_catalog?last=<repo> starts after that repository',
      level: 'SHOULD',
      spec: catalogSpec,
      api: 'catalog',
      requires: ['catalog'],
      serial: true,
      needsOwnRepository: ownRepositories,
      async run(ctx) {
        const [first, second] = (await pushedRepos(ctx)).repos;
        const response = await getCatalog(ctx, `n=1&last=${encodeURIComponent(first ?? '')}`);
        expectStatus(response, [200], rule('GET /v2/_catalog?last= returns 200'));
        const repos = expectStringList(response, 'repositories', rule('GET /v2/_catalog?last= returns a "repositories" array'));
        expectThat(repos[0] === second, rule('GET /v2/_catalog?n=1&last=<repo> returns the next repository'), second ?? '', repos.join(', ') || '(none)', response);
      },
    },
    {
      id: 'catalog-link-walk',
      title: 'Following the catalog Link rel="next" with n=1 lists each of our repositories exactly once',
      level: 'SHOULD',
      spec: catalogSpec,
      api: 'catalog',
      requires: ['catalog'],
      serial: true,
      needsOwnRepository: ownRepositories,
      async run(ctx) {
        const pushed = await pushedRepos(ctx);
        const { repos } = pushed;
        const walk = await walkOurRepos(ctx, pushed, 1, 8);
        expectThat(walk.linked, ctx.rule, 'a Link rel="next" on each full page before the last of ours', `no Link after page ${walk.pages}`, walk.last);
        const ours = walk.items.filter((repo) => repos.includes(repo));
        const duplicates = duplicatesOf(ours);
        expectThat(duplicates.length === 0 && ours.length === repos.length, ctx.rule, repos.join(', '), walk.items.join(', '), walk.last);
      },
    },
    {
      id: 'catalog-bad-n-rejected',
      title: 'GET /v2/_catalog?n=<not a number> returns 400 PAGINATION_NUMBER_INVALID',
      level: 'SHOULD',
      spec: catalogSpec,
      api: 'catalog',
      requires: ['catalog'],
      serial: true,
      async run(ctx) {
        const text = 'GET /v2/_catalog?n=<not a number> returns 400 PAGINATION_NUMBER_INVALID';
        const response = await requestOrFail(ctx, '/v2/_catalog?n=abc', rule(text));
        if (response.status === 200) {
          fail(rule(text), 'status 400', describeResponse(response), response);
        }
        expectStatus(response, [400], rule(text));
        expectErrorCode(response, ['PAGINATION_NUMBER_INVALID'], rule(text));
      },
    },
  ],
});
