import { describe, expect, it } from 'vitest';
import type { FakeRegistryOptions, FakeRequestContext, FakeResponse } from '../../src/conformance/test-support/fake-registry-types.js';
import suite from './index.js';
import { expectAllPass, expectCheckOutcome, parseBody, runChecks, setBody } from '../test-support/suite-faults.js';

/**
 * Catalog requests carry no repository, so faults key on the query: the capability probe sends exactly `n=1` and
 * must keep seeing a working catalog.
 */
function catalogFault(mutate: (response: FakeResponse, ctx: FakeRequestContext) => void): FakeRegistryOptions {
  return {
    faults: {
      rewrite: (response, ctx) => {
        if (ctx.route === 'catalog' && ctx.url.search !== '?n=1') {
          mutate(response, ctx);
        }
      },
    },
  };
}

describe('catalog suite', () => {
  it('passes every check on a conformant registry', async () => {
    await expectAllPass(suite);
  });

  it('fails catalog-shape when the body has no "repositories" array', async () => {
    await expectCheckOutcome(
      suite,
      'catalog-shape',
      catalogFault((r) => setBody(r, { repos: [] })),
      'GET /v2/_catalog returns a "repositories" array of strings',
    );
  });

  it('has a fault case for its only check the strict profile grades MUST (the catalog is Docker\'s, with no MUST)', () => {
    expect(suite.checks.filter((check) => check.level === 'MUST' || check.strict !== undefined).map((check) => check.id)).toEqual(['catalog-shape']);
  });

  it('skips every check when the registry has no catalog', async () => {
    const { status } = await runChecks(suite, '', { catalog: false });
    expect(suite.checks.map((check) => status(check.id))).toEqual(suite.checks.map(() => 'skipped'));
  });

  it('warns (never fails) when our repositories are missing: an absent entry proves nothing', async () => {
    const hideOurs = catalogFault((r) => setBody(r, { repositories: [] }));
    await expectCheckOutcome(suite, 'catalog-lists-pushed', hideOurs, 'The catalog lists repositories this run pushed', 'warned');
  });

  it('warns when entries are out of order or n is ignored', async () => {
    const reversed = catalogFault((r) => setBody(r, { repositories: [...(parseBody(r)['repositories'] as string[])].reverse() }));
    await expectCheckOutcome(suite, 'catalog-sorted', reversed, 'Catalog entries are in lexical order', 'warned');
    const ignoreN = catalogFault((r, ctx) => setBody(r, { repositories: ctx.store.repoNames() }));
    await expectCheckOutcome(suite, 'catalog-n-limits', ignoreN, 'returns 1 or 2 repositories', 'warned');
  });

  it('warns when a bad n is accepted', async () => {
    const acceptBadN = catalogFault((r) => {
      r.status = 200;
      setBody(r, { repositories: [] });
    });
    await expectCheckOutcome(suite, 'catalog-bad-n-rejected', acceptBadN, 'PAGINATION_NUMBER_INVALID', 'warned');
  });

  it('warns when paging stops without a Link', async () => {
    await expectCheckOutcome(suite, 'catalog-link-walk', catalogFault((r) => void delete r.headers['link']), 'exactly once', 'warned');
  });
});
