import type { RegistryClient, RegistryResponse } from '../client/types.js';
import type { CapabilityResult } from '../model/index.js';
import { digestOf } from '../oci/digest.js';
import { MediaType } from '../oci/media-types.js';
import { capabilityIds, capabilityTitles, type CapabilityId, type CapabilityMap } from './capabilities.js';
import { errorCodesOf } from './expect.js';
import type { CleanupRegistry } from './define-suite.js';

type Support = CapabilityResult['support'];

/** `METHOD → status CODES`, the detail recorded for each probe. */
function detailOf(method: string, response: RegistryResponse): string {
  const codes = errorCodesOf(response);
  return `${method} → ${response.status}${codes.length > 0 ? ` ${codes.join(',')}` : ''}`;
}

/** Builds an image manifest over `config` and `layer` in the given flavour (OCI or Docker schema2). */
function imageManifest(kind: 'oci' | 'docker', config: { digest: string; size: number }, layer: { digest: string; size: number }): string {
  const oci = kind === 'oci';
  return JSON.stringify({
    schemaVersion: 2,
    mediaType: oci ? MediaType.ociManifest : MediaType.dockerManifest,
    config: { mediaType: oci ? MediaType.ociConfig : MediaType.dockerConfig, ...config },
    layers: [{ mediaType: oci ? MediaType.ociLayerTar : MediaType.dockerLayerTarGzip, ...layer }],
  });
}

/** Capability results in the canonical order, plus the map checks read. */
export interface CapabilityProbeResult {
  readonly results: CapabilityResult[];
  readonly map: CapabilityMap;
}

/**
 * Probes each optional capability in a scratch repository under the run namespace, recording what it saw. A probe
 * that throws (network) records `unknown`: dependent checks still run and decide for themselves.
 */
export async function probeCapabilities(
  client: RegistryClient,
  repo: string,
  cleanup: CleanupRegistry,
  signal: AbortSignal,
): Promise<CapabilityProbeResult> {
  const found = new Map<CapabilityId, { support: Support; detail: string }>();
  const record = (id: CapabilityId, supported: boolean | undefined, detail: string): void => {
    found.set(id, { support: supported === undefined ? 'unknown' : supported ? 'supported' : 'unsupported', detail });
  };
  const probe = async (ids: readonly CapabilityId[], body: () => Promise<void>): Promise<void> => {
    if (signal.aborted) {
      return;
    }
    try {
      await body();
    } catch (error) {
      for (const id of ids) {
        record(id, undefined, `probe failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };
  const options = { signal };
  const content = new TextEncoder().encode(`regatta capability probe ${repo}`);
  const config = new TextEncoder().encode('{}');
  let layerDigest: string | undefined;
  let configDigest: string | undefined;

  await probe(['blob-range', 'mount'], async () => {
    const pushed = await client.pushBlob(repo, content);
    const configPush = await client.pushBlob(repo, config);
    if (pushed.final.status !== 201 || configPush.final.status !== 201) {
      return;
    }
    layerDigest = pushed.digest;
    configDigest = configPush.digest;
    cleanup.blob(repo, layerDigest);
    cleanup.blob(repo, configDigest);
    const range = await client.getBlob(repo, layerDigest, { ...options, headers: { range: 'bytes=0-3' } });
    record('blob-range', range.status === 206, detailOf('GET Range', range));
    const mountRepo = `${repo}-mount`;
    const mount = await client.startUpload(mountRepo, { mount: layerDigest, from: repo }, options);
    record('mount', mount.status === 201, detailOf('POST ?mount=&from=', mount));
    if (mount.status === 201) {
      cleanup.blob(mountRepo, layerDigest);
    } else if (mount.headers['location'] !== undefined) {
      await client.cancelUpload(mount.headers['location'], options);
    }
  });
  await probe(['single-post-upload'], async () => {
    const bytes = new TextEncoder().encode(`regatta single post probe ${repo}`);
    const digest = digestOf(bytes);
    const post = await client.startUpload(repo, { digest }, { ...options, body: bytes, headers: { 'content-type': 'application/octet-stream' } });
    record('single-post-upload', post.status === 201, detailOf('POST ?digest=', post));
    if (post.status === 201) {
      cleanup.blob(repo, digest);
    } else if (post.headers['location'] !== undefined) {
      await client.cancelUpload(post.headers['location'], options);
    }
  });
  await probe(['chunked-upload'], async () => {
    const bytes = new TextEncoder().encode(`regatta chunked probe ${repo}`);
    const pushed = await client.pushBlob(repo, bytes, { kind: 'chunked', chunkBytes: 8 });
    record('chunked-upload', pushed.final.status === 201, detailOf('PATCH Content-Range … PUT', pushed.final));
    if (pushed.final.status === 201) {
      cleanup.blob(repo, pushed.digest);
    }
  });
  await probe(['upload-cancel'], async () => {
    const post = await client.startUpload(repo, {}, options);
    const location = post.headers['location'];
    if (post.status !== 202 || location === undefined) {
      return;
    }
    const cancel = await client.cancelUpload(location, options);
    record('upload-cancel', [200, 202, 204].includes(cancel.status), detailOf('DELETE upload', cancel));
  });
  if (layerDigest !== undefined && configDigest !== undefined) {
    const layer = { digest: layerDigest, size: content.length };
    const configRef = { digest: configDigest, size: config.length };
    await probeManifests(client, repo, { layer, config: configRef }, cleanup, signal, record, probe);
  }
  await probe(['catalog'], async () => {
    const catalog = await client.catalog({ n: 1 }, options);
    record('catalog', catalog.status === 200, detailOf('GET /v2/_catalog', catalog));
  });
  const results = capabilityIds.map((id): CapabilityResult => {
    const entry = found.get(id) ?? { support: 'unknown' as const, detail: 'not probed (prerequisite failed)' };
    return { id, title: capabilityTitles[id], support: entry.support, detail: entry.detail };
  });
  const map = Object.fromEntries(results.map((result) => [result.id, result.support])) as CapabilityMap;
  return { results, map };
}

/** Manifest-level probes: Docker types, tag pagination, referrers, and the deletes (last, they destroy the data). */
async function probeManifests(
  client: RegistryClient,
  repo: string,
  blobs: { layer: { digest: string; size: number }; config: { digest: string; size: number } },
  cleanup: CleanupRegistry,
  signal: AbortSignal,
  record: (id: CapabilityId, supported: boolean | undefined, detail: string) => void,
  probe: (ids: readonly CapabilityId[], body: () => Promise<void>) => Promise<void>,
): Promise<void> {
  const options = { signal };
  const oci = imageManifest('oci', blobs.config, blobs.layer);
  const ociDigest = digestOf(oci);
  await probe(['docker-media-types'], async () => {
    const docker = imageManifest('docker', blobs.config, blobs.layer);
    const put = await client.putManifest(repo, 'probe-docker', docker, MediaType.dockerManifest, options);
    record('docker-media-types', put.status === 201, detailOf('PUT schema2', put));
    if (put.status === 201) {
      cleanup.manifest(repo, digestOf(docker));
    }
  });
  await probe(['tag-pagination', 'referrers', 'tag-delete', 'manifest-delete', 'blob-delete'], async () => {
    const first = await client.putManifest(repo, 'probe-a', oci, MediaType.ociManifest, options);
    const second = await client.putManifest(repo, 'probe-b', oci, MediaType.ociManifest, options);
    if (first.status !== 201 || second.status !== 201) {
      return;
    }
    cleanup.manifest(repo, ociDigest);
    const page = await client.listTags(repo, { n: 1 }, options);
    const tags = (page.json() as { tags?: unknown } | undefined)?.tags;
    const paginates = page.status === 200 && Array.isArray(tags) && tags.length === 1;
    record('tag-pagination', paginates, `GET tags/list?n=1 → ${page.status}${Array.isArray(tags) ? `, ${tags.length} tags` : ''}`);
    const referrers = await client.referrers(repo, ociDigest, {}, options);
    record('referrers', referrers.status === 200, detailOf('GET referrers', referrers));
    const tagDelete = await client.deleteManifest(repo, 'probe-b', options);
    record('tag-delete', tagDelete.status === 202, detailOf('DELETE tag', tagDelete));
    const manifestDelete = await client.deleteManifest(repo, ociDigest, options);
    record('manifest-delete', manifestDelete.status === 202, detailOf('DELETE manifest', manifestDelete));
    const blobDelete = await client.deleteBlob(repo, blobs.layer.digest, options);
    record('blob-delete', blobDelete.status === 202, detailOf('DELETE blob', blobDelete));
  });
}
