/** Path shapes of the `/v2/<name>/…` endpoints; the name may hold slashes, so the suffix anchors the match. */
const repositoryPath = /^\/v2\/(.+)\/(?:blobs\/uploads\/.*|blobs\/[^/]+|manifests\/[^/]+|tags\/list|referrers\/[^/]+)$/;

/** The repository a `/v2/` path addresses, or undefined for `/v2/`, `_catalog` and foreign paths. */
export function repositoryOfPath(pathname: string): string | undefined {
  const match = repositoryPath.exec(pathname);
  if (match?.[1] === undefined) {
    return undefined;
  }
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1];
  }
}

/**
 * Token scopes a request needs (docs/spec/auth/scope.md): reads are `pull`; writes are `pull,push`, since a push
 * also reads (HEAD before PUT); `DELETE` is `delete`; `_catalog` is `registry:catalog:*`. `extra` adds scopes on
 * other resources (the mount source).
 */
export function scopesFor(method: string, url: URL, extra: readonly string[] = []): string[] {
  if (url.pathname === '/v2/_catalog') {
    return ['registry:catalog:*', ...extra];
  }
  const repo = repositoryOfPath(url.pathname);
  if (repo === undefined) {
    return [...extra];
  }
  const upper = method.toUpperCase();
  // Cancelling an upload is part of pushing, not a deletion of content.
  const isUpload = url.pathname.includes('/blobs/uploads/');
  const actions = upper === 'DELETE' && !isUpload ? 'delete' : upper === 'GET' || upper === 'HEAD' ? 'pull' : 'pull,push';
  return [`repository:${repo}:${actions}`, ...extra];
}
