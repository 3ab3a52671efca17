/**
 * Deletes what a bench wrote in its repository: every tagged manifest with the blobs it references, then the blobs
 * the run pushed itself (its digests are recorded as they are pushed, since a blob no manifest names cannot be listed
 * through the distribution API). Used after a bench run (unless `--keep`) and by a distributed run's teardown phase.
 */
import { manifestAcceptTypes } from '../../oci/media-types.js';
import { digestOf } from '../../oci/digest.js';
import { headerValue, type LoadTarget } from '../http/load-target.js';
import { repoScope } from './op-context.js';

/** Most tag-list pages read (1000 tags each): a bound, far above what a bench run pushes. */
const maxTagPages = 100;

/** What a cleanup did: counts deleted and every object it could not delete, with why. */
export interface RunContentDeletion {
  readonly manifests: number;
  readonly blobs: number;
  readonly leftovers: readonly string[];
}

/** Reads every tag of `repository` (none when it does not exist). */
async function listTags(http: LoadTarget, repository: string, signal: AbortSignal): Promise<string[]> {
  const tags: string[] = [];
  let path: string | undefined = `/v2/${repository}/tags/list?n=1000`;
  for (let page = 0; path !== undefined && page < maxTagPages; page += 1) {
    const response = await http.send({ method: 'GET', path, scope: repoScope(repository, false), signal });
    if (response.status === 404) {
      await response.body.dump();
      return tags;
    }
    if (response.status !== 200) {
      await response.body.dump();
      throw new Error(`tags/list: unexpected status ${response.status}`);
    }
    const body = (await response.body.json()) as { tags?: unknown };
    tags.push(...(Array.isArray(body.tags) ? body.tags.filter((tag): tag is string => typeof tag === 'string') : []));
    const next = /<([^>]+)>\s*;\s*rel="?next"?/.exec(headerValue(response.headers, 'link') ?? '')?.[1];
    path = next === undefined ? undefined : http.resolve(next);
  }
  return tags;
}

/** DELETEs one object; undefined when the registry removed it (or it was already gone), else the status. */
async function remove(http: LoadTarget, repository: string, path: string, signal: AbortSignal): Promise<number | undefined> {
  const response = await http.send({ method: 'DELETE', path, scope: `repository:${repository}:pull,push,delete`, signal });
  await response.body.dump();
  return response.status === 202 || response.status === 200 || response.status === 404 ? undefined : response.status;
}

/**
 * Deletes every tagged manifest of `repository` with the blobs it references, then `blobs` (what the run pushed).
 * Never throws for a refused delete: each becomes a leftover naming the object and the status.
 */
export async function deleteRunContent(
  http: LoadTarget,
  repository: string,
  blobs: Iterable<string>,
  signal: AbortSignal,
): Promise<RunContentDeletion> {
  const leftovers: string[] = [];
  const toDelete = new Set<string>();
  let manifests = 0;
  for (const tag of await listTags(http, repository, signal)) {
    const response = await http.send({
      method: 'GET',
      path: `/v2/${repository}/manifests/${tag}`,
      headers: { accept: manifestAcceptTypes.join(', ') },
      scope: repoScope(repository, false),
      signal,
    });
    if (response.status !== 200) {
      await response.body.dump();
      leftovers.push(`manifest ${repository}:${tag} (GET ${response.status})`);
      continue;
    }
    const bytes = Buffer.from(await response.body.arrayBuffer());
    const manifest = JSON.parse(bytes.toString('utf8')) as { config?: { digest?: string }; layers?: { digest?: string }[] };
    for (const digest of [manifest.config?.digest, ...(manifest.layers ?? []).map((layer) => layer.digest)]) {
      if (typeof digest === 'string') {
        toDelete.add(digest);
      }
    }
    const digest = headerValue(response.headers, 'docker-content-digest') ?? digestOf(bytes);
    const refused = await remove(http, repository, `/v2/${repository}/manifests/${digest}`, signal);
    if (refused === undefined) {
      manifests += 1;
    } else {
      leftovers.push(`manifest ${repository}:${tag} (DELETE ${refused})`);
    }
  }
  for (const digest of blobs) {
    toDelete.add(digest);
  }
  let deletedBlobs = 0;
  for (const digest of toDelete) {
    const refused = await remove(http, repository, `/v2/${repository}/blobs/${digest}`, signal);
    if (refused === undefined) {
      deletedBlobs += 1;
    } else {
      leftovers.push(`blob ${repository}@${digest} (DELETE ${refused})`);
    }
  }
  return { manifests, blobs: deletedBlobs, leftovers };
}
