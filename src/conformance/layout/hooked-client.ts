import type { RegistryClient } from '../../client/types.js';
import { delegatingClient } from './delegating-client.js';
import type { RepositoryHookRunner } from './repository-hooks.js';

/** A raw request that writes into a repository: an upload start or step, or a manifest PUT. */
const writePath = /^\/v2\/(.+)\/(?:blobs\/uploads\/|manifests\/)/;

/** The repository a raw write request goes to, when it is one. */
function writtenRepository(method: string, pathOrUrl: string): string | undefined {
  if (!['POST', 'PUT', 'PATCH'].includes(method.toUpperCase())) {
    return undefined;
  }
  const path = new URL(pathOrUrl, 'http://hooked.invalid').pathname;
  const repo = writePath.exec(path)?.[1];
  return repo === undefined ? undefined : decodeURIComponent(repo);
}

/**
 * A client that runs the `preCreate` hook for a repository before the first write to it (upload start, blob push,
 * manifest PUT); reads go out as they are, so an unknown repository stays unknown.
 */
export function hookedClient(base: RegistryClient, hooks: RepositoryHookRunner): RegistryClient {
  return delegatingClient(
    base,
    {
      async request(method, pathOrUrl, options) {
        const repo = writtenRepository(method, pathOrUrl);
        if (repo !== undefined) {
          await hooks.ensure(repo);
        }
        return base.request(method, pathOrUrl, options);
      },
      async startUpload(repo, params, options) {
        await hooks.ensure(repo);
        return base.startUpload(repo, params, options);
      },
      async pushBlob(repo, content, strategy) {
        await hooks.ensure(repo);
        return base.pushBlob(repo, content, strategy);
      },
      async putManifest(repo, reference, body, mediaType, options) {
        await hooks.ensure(repo);
        return base.putManifest(repo, reference, body, mediaType, options);
      },
    },
    (recorded) => hookedClient(recorded, hooks),
  );
}
