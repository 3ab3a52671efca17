import { isValidDigest } from '../../oci/digest.js';
import { MediaType } from '../../oci/media-types.js';
import { errorResponse, jsonResponse } from './fake-registry-responses.js';
import type { FakeRequestContext, FakeResponse } from './fake-registry-types.js';

/**
 * One page of a sorted list after `last` (exclusive), at most `n` long (`limit` when `n` is absent); the `Link` to
 * the next page when more remain. `n=0` gives an empty page and no Link (spec: tags list).
 */
function paginate(
  ctx: FakeRequestContext,
  all: readonly string[],
  path: string,
  limit: number | undefined,
): { items: string[]; link?: string } | FakeResponse {
  const rawN = ctx.url.searchParams.get('n');
  const last = ctx.url.searchParams.get('last');
  let n = limit;
  if (rawN !== null) {
    if (!/^\d+$/.test(rawN)) {
      return errorResponse(400, 'PAGINATION_NUMBER_INVALID', 'invalid number of results requested', { n: rawN });
    }
    n = Number(rawN);
  }
  const rest = last === null ? [...all] : all.filter((item) => item > last);
  if (n === 0) {
    return { items: [] };
  }
  if (n === undefined || rest.length <= n) {
    return { items: rest };
  }
  const items = rest.slice(0, n);
  const next = `${path}?n=${n}&last=${encodeURIComponent(items[items.length - 1] ?? '')}`;
  return { items, link: `<${next}>; rel="next"` };
}

/** end-8a / end-8b: `GET /v2/<name>/tags/list[?n=&last=]`. */
export function handleTagsList(ctx: FakeRequestContext): FakeResponse {
  const repo = ctx.repo ?? '';
  if (!ctx.store.hasRepo(repo)) {
    return errorResponse(404, 'NAME_UNKNOWN', 'repository name not known to registry', { name: repo });
  }
  const page = paginate(ctx, ctx.store.tagsOf(repo), `/v2/${repo}/tags/list`, undefined);
  if ('status' in page) {
    return page;
  }
  return jsonResponse(200, { name: repo, tags: page.items }, page.link === undefined ? {} : { link: page.link });
}

/** `GET /v2/_catalog[?n=&last=]` (Docker V2). */
export function handleCatalog(ctx: FakeRequestContext): FakeResponse {
  if (!ctx.options.catalog) {
    return errorResponse(404, 'UNSUPPORTED', 'the operation is unsupported');
  }
  const page = paginate(ctx, ctx.store.repoNames(), '/v2/_catalog', ctx.options.catalogPageSize);
  if ('status' in page) {
    return page;
  }
  return jsonResponse(200, { repositories: page.items }, page.link === undefined ? {} : { link: page.link });
}

/** The `artifactType` of a referrer descriptor: the manifest's, else its config media type (image manifests). */
function artifactTypeOf(json: Record<string, unknown>): string | undefined {
  if (typeof json['artifactType'] === 'string') {
    return json['artifactType'];
  }
  const config = json['config'];
  if (typeof config === 'object' && config !== null && 'mediaType' in config && typeof config.mediaType === 'string') {
    return config.mediaType;
  }
  return undefined;
}

/** end-12a / end-12b: `GET /v2/<name>/referrers/<digest>[?artifactType=]`. */
export function handleReferrers(ctx: FakeRequestContext): FakeResponse {
  if (!ctx.options.referrers) {
    return errorResponse(404, 'UNSUPPORTED', 'the operation is unsupported');
  }
  const digest = ctx.reference ?? '';
  if (!isValidDigest(digest)) {
    return errorResponse(400, 'DIGEST_INVALID', 'invalid digest', { digest });
  }
  const filter = ctx.url.searchParams.get('artifactType');
  const manifests: Record<string, unknown>[] = [];
  for (const stored of ctx.store.manifestsOf(ctx.repo ?? '')) {
    const subject = stored.json['subject'];
    if (typeof subject !== 'object' || subject === null || !('digest' in subject) || subject.digest !== digest) {
      continue;
    }
    const artifactType = artifactTypeOf(stored.json);
    if (filter !== null && artifactType !== filter) {
      continue;
    }
    const annotations = stored.json['annotations'];
    manifests.push({
      mediaType: stored.mediaType,
      digest: stored.digest,
      size: stored.bytes.length,
      ...(artifactType === undefined ? {} : { artifactType }),
      ...(typeof annotations === 'object' && annotations !== null ? { annotations } : {}),
    });
  }
  const headers: Record<string, string> = { 'content-type': MediaType.ociIndex };
  if (filter !== null) {
    headers['oci-filters-applied'] = 'artifactType';
  }
  return jsonResponse(200, { schemaVersion: 2, mediaType: MediaType.ociIndex, manifests }, headers);
}
