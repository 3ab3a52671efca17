import type { RegistryClient, RegistryResponse, RequestOptions } from '../../client/types.js';
import { LayoutLimitError } from '../../errors/index.js';
import { isValidTag } from '../../oci/names.js';
import type { CleanupRegistry } from '../define-suite.js';
import { delegatingClient } from './delegating-client.js';

/**
 * The tag a check's `tag` becomes in a shared repository: `<prefix>-<tag>`. Digests, tags already carrying the prefix
 * and tags that are invalid (checks push invalid tags on purpose and expect a rejection) or would become invalid are
 * left as they are, so rewriting never turns a request a check meant to be refused into one that is accepted.
 */
export function scopedTag(prefix: string, reference: string): string {
  if (reference.includes(':') || reference.startsWith(`${prefix}-`) || !isValidTag(reference)) {
    return reference;
  }
  const scoped = `${prefix}-${reference}`;
  return isValidTag(scoped) ? scoped : reference;
}

/** `/v2/<repo>/manifests/<reference>`: the repository and the reference. */
const manifestPath = /^(\/v2\/.+\/manifests\/)([^/?#]+)$/;
/** `/v2/<repo>/tags/list`: the repository. */
const tagListPath = /^\/v2\/(.+)\/tags\/list$/;

/** The `last` parameter of a `Link: <…>; rel="next"` header, when it has one. */
function linkLast(link: string | undefined): string | undefined {
  const target = /<([^>]*)>/.exec(link ?? '')?.[1];
  if (target === undefined) {
    return undefined;
  }
  try {
    return new URL(target, 'http://link.invalid').searchParams.get('last') ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * A view of a tag list response restricted to the check's own tags: the tags carrying `prefix-`, with the prefix
 * removed, so the check sees the listing of a repository holding only what it pushed. Since a check's tags share one
 * prefix they are contiguous in any lexical order; once a page ends on a tag outside them the check's listing is
 * complete and the `Link` to further pages (other tags) is dropped.
 */
function scopeTagList(response: RegistryResponse, prefix: string, opaque: Set<string>): RegistryResponse {
  const body = response.status === 200 ? (response.json() as { tags?: unknown } | undefined) : undefined;
  if (typeof body !== 'object' || !Array.isArray(body.tags)) {
    return response;
  }
  const raw = body.tags.filter((tag): tag is string => typeof tag === 'string');
  const own = raw.filter((tag) => tag.startsWith(`${prefix}-`)).map((tag) => tag.slice(prefix.length + 1));
  const lastRaw = raw[raw.length - 1];
  const passed = lastRaw !== undefined && !lastRaw.startsWith(`${prefix}-`);
  const headers: Record<string, string> = { ...response.headers };
  const last = linkLast(headers['link']);
  if (passed) {
    delete headers['link'];
  } else if (last !== undefined && !last.startsWith(`${prefix}-`)) {
    // An opaque page token (ECR), not a tag: sent back exactly as the registry gave it.
    opaque.add(last);
  }
  const text = JSON.stringify({ ...body, tags: own });
  const bytes = new TextEncoder().encode(text);
  return { ...response, headers, body: bytes, json: () => JSON.parse(text) as unknown, text: () => text };
}

/**
 * A shared repository's tag list is read from just before the check's tags (`last=<prefix>`, which is no tag). A
 * registry that answers that with 404 although the repository holds the check's tags needs `last` to be a tag it
 * has: the check cannot read its own tags there, and is skipped saying so rather than failed for it.
 */
function refuseSeek(response: RegistryResponse, prefix: string): void {
  if (response.status === 404) {
    throw new LayoutLimitError(
      `the registry answered 404 to a tag list read from just before the check's own tags (last=${prefix}, not a tag), so the check cannot read them in a shared repository`,
    );
  }
}

/** A response whose `OCI-Tag` header (end-7b) names the check's tags under their plain names. */
function unscopeTagHeader(response: RegistryResponse, prefix: string): RegistryResponse {
  const header = response.headers['oci-tag'];
  if (header === undefined) {
    return response;
  }
  const plain = header
    .split(',')
    .map((tag) => tag.trim())
    .map((tag) => (tag.startsWith(`${prefix}-`) ? tag.slice(prefix.length + 1) : tag))
    .join(', ');
  return { ...response, headers: { ...response.headers, 'oci-tag': plain } };
}

/**
 * A client for one check in shared (fixed-layout) repositories: every tag it names becomes `<prefix>-<tag>` (manifest
 * references, `?tag=`), and the tag lists of the `shared` repositories show only its own tags under their plain
 * names, read from just before them (`last=<prefix>`). Other repositories' tag lists (an unknown repository's 404)
 * go out untouched: some registries answer a `last` on an unknown repository with an empty 200. The transcript
 * still records the real requests and responses.
 */
export function tagScopedClient(
  base: RegistryClient,
  prefix: string,
  shared: ReadonlySet<string>,
  opaque: Set<string> = new Set(),
): RegistryClient {
  const tag = (reference: string): string => scopedTag(prefix, reference);
  /** Rewrites a raw path or URL: manifest references and the tag list's `last`. */
  const rewrite = (pathOrUrl: string): { target: string; tagList: boolean; seeked: boolean; manifest: boolean } => {
    const absolute = /^https?:\/\//i.test(pathOrUrl);
    const url = new URL(pathOrUrl, 'http://scoped.invalid');
    const manifest = manifestPath.exec(url.pathname);
    const reference = manifest?.[2];
    if (manifest !== null && reference !== undefined && tag(reference) !== reference) {
      // Only a tag changes (tags need no escaping); a digest's path stays byte for byte what the registry sent.
      url.pathname = `${manifest[1] ?? ''}${tag(reference)}`;
    }
    if (manifest !== null) {
      const tags = url.searchParams.getAll('tag');
      url.searchParams.delete('tag');
      tags.forEach((value) => url.searchParams.append('tag', tag(value)));
    }
    const listed = tagListPath.exec(url.pathname)?.[1];
    const tagList = listed !== undefined && shared.has(decodeURIComponent(listed));
    const last = url.searchParams.get('last');
    if (tagList) {
      url.searchParams.set('last', last === null ? prefix : opaque.has(last) ? last : tag(last));
    }
    const target = absolute ? url.toString() : `${url.pathname}${url.search}`;
    return { target, tagList, seeked: tagList && last === null, manifest: manifest !== null };
  };
  return delegatingClient(
    base,
    {
      async request(method: string, pathOrUrl: string, options?: RequestOptions) {
        const { target, tagList, seeked, manifest } = rewrite(pathOrUrl);
        const response = await base.request(method, target, options);
        if (seeked) {
          refuseSeek(response, prefix);
        }
        return tagList ? scopeTagList(response, prefix, opaque) : manifest ? unscopeTagHeader(response, prefix) : response;
      },
      headManifest: (repo, reference, options) => base.headManifest(repo, tag(reference), options),
      getManifest: (repo, reference, options) => base.getManifest(repo, tag(reference), options),
      putManifest: async (repo, reference, body, mediaType, options) =>
        unscopeTagHeader(
          await base.putManifest(repo, tag(reference), body, mediaType, options?.tags === undefined ? options : { ...options, tags: options.tags.map(tag) }),
          prefix,
        ),
      deleteManifest: (repo, reference, options) => base.deleteManifest(repo, tag(reference), options),
      async listTags(repo, params, options) {
        if (!shared.has(repo)) {
          return base.listTags(repo, params, options);
        }
        const last = params?.last === undefined ? prefix : opaque.has(params.last) ? params.last : tag(params.last);
        const response = await base.listTags(repo, { ...(params?.n === undefined ? {} : { n: params.n }), last }, options);
        if (params?.last === undefined) {
          refuseSeek(response, prefix);
        }
        return scopeTagList(response, prefix, opaque);
      },
    },
    (recorded) => tagScopedClient(recorded, prefix, shared, opaque),
  );
}

/** The cleanup registry of a check in a shared repository: its tags are recorded under their real, prefixed names. */
export function scopedCleanup(cleanup: CleanupRegistry, prefix: string): CleanupRegistry {
  return {
    manifest: (repo, digest) => cleanup.manifest(repo, digest),
    blob: (repo, digest) => cleanup.blob(repo, digest),
    tag: (repo, tag, digest) => cleanup.tag(repo, scopedTag(prefix, tag), digest),
    forget: (kind, repo, reference) => cleanup.forget(kind, repo, kind === 'tag' ? scopedTag(prefix, reference) : reference),
  };
}
