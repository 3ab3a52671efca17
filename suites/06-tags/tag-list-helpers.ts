/**
 * Shared steps of the tags suite (end-8a/8b): one image pushed under a set of tags chosen to tell the sort orders
 * apart, a raw tags/list GET (so `n=0` and odd values go out exactly), and the tags of a 200 listing.
 */
import type { CheckContext } from '../../src/conformance/define-suite.js';
import { expectStatus, type Rule } from '../../src/conformance/expect.js';
import { expectStringList } from '../common/listing-helpers.js';
import { pushImage, putManifestOrFail } from '../common/manifest-helpers.js';
import { sharedPerRun } from '../common/shared-per-run.js';

/** Tags pushed by the listing checks: mixed case, digits and separators, so both sort orders are exercised. */
export const pushedTags = ['1.0', 'Latest', 'alpha', 'beta_2', 'gamma-3'] as const;

/** ASCII order of {@link pushedTags}, the order a registry using `sort.Strings` returns. */
export const asciiOrder = [...pushedTags].sort();

/** A rule of this suite. */
export function tagRule(text: string, spec: readonly string[] = ['end-8a']): Rule {
  return { rule: text, spec };
}

/** Pushes one image under every tag of {@link pushedTags} (the first by tag, then the rest as extra tags of it). */
async function pushTags(ctx: CheckContext): Promise<string> {
  const repo = ctx.repo();
  const [first, ...rest] = pushedTags;
  const manifest = await pushImage(ctx, repo, first);
  for (const tag of rest) {
    await putManifestOrFail(ctx, repo, tag, manifest);
  }
  return repo;
}

/**
 * The repository the listing checks read: one image under every tag of {@link pushedTags}, pushed once per run
 * (`<namespace>/tags-shared-listing`) for all of them, as none changes it.
 */
export function listingRepo(ctx: CheckContext): Promise<string> {
  return sharedPerRun(ctx, 'tags', 'listing', (pusher) => pushTags(pusher));
}

/** GET tags/list with raw query parameters (so `n=0` and odd values are sent exactly). */
export async function listTags(ctx: CheckContext, repo: string, query = ''): Promise<Awaited<ReturnType<CheckContext['client']['listTags']>>> {
  return ctx.client.request('GET', `/v2/${repo}/tags/list${query === '' ? '' : `?${query}`}`, { signal: ctx.signal });
}

/** The tags of a 200 listing, failing with `text` otherwise. */
export function tagsOf(response: Awaited<ReturnType<typeof listTags>>, text: string, spec: readonly string[]): string[] {
  expectStatus(response, [200], tagRule(text, spec));
  return expectStringList(response, 'tags', tagRule(text, spec));
}
