import type { RegistryClient, TranscriptRecorder } from '../../client/types.js';

/**
 * A client that sends everything to `base` except the methods in `overrides`; `withRecorder` builds the same wrapper
 * around the base's recorder-bound client (`rewrap`), so a check's transcript sees the wrapped behaviour too.
 */
export function delegatingClient(
  base: RegistryClient,
  overrides: Partial<Omit<RegistryClient, 'withRecorder' | 'baseUrl' | 'dispatcher'>>,
  rewrap: (recorded: RegistryClient) => RegistryClient,
): RegistryClient {
  return {
    baseUrl: base.baseUrl,
    ...(base.dispatcher === undefined ? {} : { dispatcher: base.dispatcher }),
    withRecorder: (recorder: TranscriptRecorder) => rewrap(base.withRecorder(recorder)),
    request: (method, pathOrUrl, options) => base.request(method, pathOrUrl, options),
    ping: (options) => base.ping(options),
    headBlob: (repo, digest, options) => base.headBlob(repo, digest, options),
    getBlob: (repo, digest, options) => base.getBlob(repo, digest, options),
    downloadBlob: (repo, digest, options) => base.downloadBlob(repo, digest, options),
    startUpload: (repo, params, options) => base.startUpload(repo, params, options),
    patchUpload: (location, options) => base.patchUpload(location, options),
    putUpload: (location, digest, options) => base.putUpload(location, digest, options),
    getUploadStatus: (location, options) => base.getUploadStatus(location, options),
    cancelUpload: (location, options) => base.cancelUpload(location, options),
    pushBlob: (repo, content, strategy) => base.pushBlob(repo, content, strategy),
    deleteBlob: (repo, digest, options) => base.deleteBlob(repo, digest, options),
    headManifest: (repo, reference, options) => base.headManifest(repo, reference, options),
    getManifest: (repo, reference, options) => base.getManifest(repo, reference, options),
    putManifest: (repo, reference, body, mediaType, options) => base.putManifest(repo, reference, body, mediaType, options),
    deleteManifest: (repo, reference, options) => base.deleteManifest(repo, reference, options),
    listTags: (repo, params, options) => base.listTags(repo, params, options),
    catalog: (params, options) => base.catalog(params, options),
    referrers: (repo, digest, params, options) => base.referrers(repo, digest, params, options),
    resolveLocation: (location, baseUrl) => base.resolveLocation(location, baseUrl),
    // The run's 429s and Warning headers are the base client's, whatever wraps it.
    ...(base.observations === undefined ? {} : { observations: base.observations.bind(base) }),
    close: () => base.close(),
    ...overrides,
  };
}
