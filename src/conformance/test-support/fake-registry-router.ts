import type { FakeRoute } from './fake-registry-types.js';

/** A routed request: its route name and the decoded path parts. */
export interface RouteMatch {
  readonly route: FakeRoute;
  readonly repo?: string;
  readonly reference?: string;
}

/** Path shapes, most specific first (`blobs/uploads/` must win over `blobs/<digest>`). */
const patterns: readonly { readonly regex: RegExp; readonly routes: Readonly<Record<string, FakeRoute>> }[] = [
  { regex: /^\/v2\/?$/, routes: { GET: 'ping', HEAD: 'ping' } },
  { regex: /^\/v2\/_catalog$/, routes: { GET: 'catalog' } },
  { regex: /^\/v2\/(.+)\/tags\/list$/, routes: { GET: 'tags-list' } },
  {
    regex: /^\/v2\/(.+)\/manifests\/([^/]+)$/,
    routes: { GET: 'manifest-get', HEAD: 'manifest-head', PUT: 'manifest-put', DELETE: 'manifest-delete' },
  },
  { regex: /^\/v2\/(.+)\/blobs\/uploads\/?$/, routes: { POST: 'upload-start' } },
  {
    regex: /^\/v2\/(.+)\/blobs\/uploads\/([^/]+)$/,
    routes: { PATCH: 'upload-patch', PUT: 'upload-put', GET: 'upload-status', DELETE: 'upload-cancel' },
  },
  { regex: /^\/v2\/(.+)\/blobs\/([^/]+)$/, routes: { GET: 'blob-get', HEAD: 'blob-head', DELETE: 'blob-delete' } },
  { regex: /^\/v2\/(.+)\/referrers\/([^/]+)$/, routes: { GET: 'referrers' } },
];

/** Decodes a path segment; undefined when it is not valid percent-encoding. */
function decode(segment: string | undefined): string | undefined {
  if (segment === undefined) {
    return undefined;
  }
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** Maps method + path to a route of the fake registry. */
export function routeRequest(method: string, pathname: string): RouteMatch {
  for (const { regex, routes } of patterns) {
    const match = regex.exec(pathname);
    if (match === null) {
      continue;
    }
    const route = routes[method];
    const repo = decode(match[1]);
    const reference = decode(match[2]);
    return {
      route: route ?? 'method-not-allowed',
      ...(repo === undefined ? {} : { repo }),
      ...(reference === undefined ? {} : { reference }),
    };
  }
  return { route: 'unknown' };
}
