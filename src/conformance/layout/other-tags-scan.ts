import type { RegistryClient } from '../../client/types.js';
import { forEachLimited } from '../for-each-limited.js';

/** Bounds of a scan: a shared repository full of tags is not worth thousands of requests at cleanup. */
export interface ScanLimits {
  /** Most tag list pages read. @default 50 */
  readonly maxPages?: number;
  /** Most tags outside the run resolved (one HEAD each). @default 500 */
  readonly maxOtherTags?: number;
  /** Page size asked for. @default 100 */
  readonly pageSize?: number;
}

/** The digests tags outside the run point at (digest → one such tag), or why that could not be found out. */
export type OtherTagsScan =
  | { readonly ok: true; readonly digests: ReadonlyMap<string, string> }
  | { readonly ok: false; readonly why: string };

/** The `rel="next"` target of a Link header. */
function nextLink(link: string | undefined): string | undefined {
  return /<([^>]*)>\s*;\s*rel="?next"?/i.exec(link ?? '')?.[1];
}

/** Every tag of `repo`, following Link (or `last`) within `maxPages`; undefined with why when the list is not whole. */
async function listAllTags(
  client: RegistryClient,
  repo: string,
  signal: AbortSignal,
  maxPages: number,
  pageSize: number,
): Promise<{ tags: string[] } | { why: string }> {
  const tags = new Set<string>();
  let response = await client.listTags(repo, { n: pageSize }, { signal });
  for (let page = 1; ; page += 1) {
    if (response.status === 404 && page === 1) {
      return { tags: [] };
    }
    if (response.status !== 200) {
      return { why: `the tag list of ${repo} answered ${response.status}` };
    }
    const body = response.json() as { tags?: unknown } | undefined;
    const listed = typeof body === 'object' && Array.isArray(body.tags) ? body.tags.filter((tag): tag is string => typeof tag === 'string') : [];
    const fresh = listed.filter((tag) => !tags.has(tag));
    fresh.forEach((tag) => tags.add(tag));
    const link = nextLink(response.headers['link']);
    const last = listed[listed.length - 1];
    // A registry that ignores `last` sends the same page again: nothing new means the list is whole.
    if (fresh.length === 0 || (link === undefined && listed.length < pageSize) || last === undefined) {
      return { tags: [...tags] };
    }
    if (page >= maxPages) {
      return { why: `the tag list of ${repo} has more than ${maxPages} pages` };
    }
    response =
      link === undefined
        ? await client.listTags(repo, { n: pageSize, last }, { signal })
        : await client.request('GET', client.resolveLocation(link, response.url), { signal });
  }
}

/**
 * Finds which manifests the tags of `repo` that are not the run's (`isRunTag` false) point at, so cleanup never
 * deletes a digest another tag still needs: deleting a manifest by digest removes every tag on it. Reads the whole
 * tag list and resolves each other tag by HEAD, within `limits`; a tag that vanished meanwhile (404) points at
 * nothing, any other answer means the scan cannot rule anything out.
 */
export async function scanOtherTags(
  client: RegistryClient,
  repo: string,
  isRunTag: (tag: string) => boolean,
  signal: AbortSignal,
  limits: ScanLimits = {},
): Promise<OtherTagsScan> {
  const maxOtherTags = limits.maxOtherTags ?? 500;
  try {
    const listing = await listAllTags(client, repo, signal, limits.maxPages ?? 50, limits.pageSize ?? 100);
    if ('why' in listing) {
      return { ok: false, why: listing.why };
    }
    const others = listing.tags.filter((tag) => !isRunTag(tag));
    if (others.length > maxOtherTags) {
      return { ok: false, why: `${repo} holds ${others.length} tags outside the run (more than ${maxOtherTags} to check)` };
    }
    const digests = new Map<string, string>();
    const problems: string[] = [];
    await forEachLimited(others, 4, async (tag) => {
      const head = await client.headManifest(repo, tag, { signal });
      const digest = head.headers['docker-content-digest'];
      if (head.status === 200 && digest !== undefined) {
        digests.set(digest, tag);
      } else if (head.status !== 404) {
        problems.push(`HEAD ${repo}:${tag} answered ${head.status}${head.status === 200 ? ' without Docker-Content-Digest' : ''}`);
      }
    });
    return problems.length === 0 ? { ok: true, digests } : { ok: false, why: problems[0] ?? 'a tag could not be resolved' };
  } catch (error) {
    return { ok: false, why: error instanceof Error ? error.message : String(error) };
  }
}
