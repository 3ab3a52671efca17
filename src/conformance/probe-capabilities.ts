import type { RegistryClient, RegistryResponse } from '../client/types.js';
import type { CapabilityResult } from '../model/index.js';
import { digestOf } from '../oci/digest.js';
import { imageManifestDocument } from '../oci/manifest.js';
import { MediaType } from '../oci/media-types.js';
import { capabilityIds, capabilityTitles, type CapabilityId, type CapabilityMap } from './capabilities.js';
import type { CleanupRegistry } from './define-suite.js';
import type { ProbePlaces } from './layout/layout-plan.js';
import { errorCodesOf } from './expect.js';
import { blipThrowingClient, retryStep } from './probe-retry.js';

type Support = CapabilityResult['support'];

/** `METHOD → status CODES`, the detail recorded for each probe. */
function detailOf(method: string, response: RegistryResponse): string {
  const codes = errorCodesOf(response);
  return `${method} → ${response.status}${codes.length > 0 ? ` ${codes.join(',')}` : ''}`;
}

/**
 * Builds an image manifest over `config` and `layer` in the given flavour (OCI or Docker schema2); `annotations` make
 * a second manifest over the same blobs.
 */
function imageManifest(
  kind: 'oci' | 'docker',
  config: { digest: string; size: number },
  layer: { digest: string; size: number },
  annotations?: Readonly<Record<string, string>>,
): string {
  const oci = kind === 'oci';
  return JSON.stringify(
    imageManifestDocument(
      { mediaType: oci ? MediaType.ociConfig : MediaType.dockerConfig, ...config },
      [{ mediaType: oci ? MediaType.ociLayerTar : MediaType.dockerLayerTarGzip, ...layer }],
      { mediaType: oci ? MediaType.ociManifest : MediaType.dockerManifest, ...(annotations === undefined ? {} : { annotations }) },
    ),
  );
}

/** Capability results in the canonical order, plus the map checks read. */
export interface CapabilityProbeResult {
  readonly results: CapabilityResult[];
  readonly map: CapabilityMap;
}

/** Records what a probe step saw about one capability. */
type RecordSupport = (id: CapabilityId, support: Support, detail: string) => void;

/**
 * Judges one answer: `supported` when it shows the feature; `unsupported` only for a clean, spec-defined refusal
 * (`refusals`: 405, a 404 on the endpoint, 202 instead of 201, …; 501 always counts); anything else says nothing
 * about the feature, so the capability stays *unknown* and its checks are errored, never skipped.
 */
function judge(
  record: RecordSupport,
  id: CapabilityId,
  response: RegistryResponse,
  supported: boolean,
  refusals: readonly number[],
  detail: string,
): void {
  if (supported) {
    record(id, 'supported', detail);
  } else if (refusals.includes(response.status) || response.status === 501) {
    record(id, 'unsupported', detail);
  } else {
    record(id, 'unknown', `${detail}: not an answer that says the feature is absent`);
  }
}

/** The statuses the spec names for a disabled delete (end-9, end-10: 400 or 405). */
const deleteRefusals = [400, 405] as const;

/**
 * Probes each optional capability in a scratch repository (`places`: a name, its mount target being `<name>-mount`;
 * or the layout's probe places), recording what it saw. A step
 * that meets a network error, a timeout, a 5xx or a 429 is tried again ({@link retryStep}); if that persists, its
 * capabilities are `unknown` with the reason, and the checks that need them are errored rather than failed or skipped.
 */
export async function probeCapabilities(
  rawClient: RegistryClient,
  places: string | ProbePlaces,
  cleanup: CleanupRegistry,
  signal: AbortSignal,
): Promise<CapabilityProbeResult> {
  const { repo, mountRepo, label } = typeof places === 'string' ? { repo: places, mountRepo: `${places}-mount`, label: places } : places;
  const client = blipThrowingClient(rawClient);
  const found = new Map<CapabilityId, { support: Support; detail: string }>();
  const probe = async (ids: readonly CapabilityId[], body: (record: RecordSupport) => Promise<void>): Promise<void> => {
    if (signal.aborted) {
      return;
    }
    let seen = new Map<CapabilityId, { support: Support; detail: string }>();
    const outcome = await retryStep(async () => {
      // Each try starts afresh: only what the last try saw counts.
      seen = new Map();
      await body((id, support, detail) => seen.set(id, { support, detail }));
    }, signal);
    for (const [id, entry] of seen) {
      found.set(id, entry);
    }
    if (!outcome.ok) {
      for (const id of ids.filter((id) => !seen.has(id))) {
        found.set(id, { support: 'unknown', detail: `probe failed: ${outcome.reason}` });
      }
    }
  };
  const options = { signal };
  const content = new TextEncoder().encode(`regatta capability probe ${label}`);
  const config = new TextEncoder().encode('{}');
  let layerDigest: string | undefined;
  let configDigest: string | undefined;
  let blobsMissing = 'not probed: the probe could not push its blobs';

  /** The steps on the probe's own layer and config blob (those blobs first, then the manifests over them), then the catalog. */
  const blobsThenManifests = async (): Promise<void> => {
    await probe(['blob-range', 'mount'], async (record) => {
      const pushed = await client.pushBlob(repo, content);
      const configPush = await client.pushBlob(repo, config);
      if (pushed.final.status !== 201 || configPush.final.status !== 201) {
        const failed = pushed.final.status !== 201 ? pushed.final : configPush.final;
        blobsMissing = `not probed: ${detailOf("the probe's blob push", failed)}`;
        record('blob-range', 'unknown', blobsMissing);
        record('mount', 'unknown', blobsMissing);
        return;
      }
      layerDigest = pushed.digest;
      configDigest = configPush.digest;
      cleanup.blob(repo, layerDigest);
      cleanup.blob(repo, configDigest);
      const range = await client.getBlob(repo, layerDigest, { ...options, headers: { range: 'bytes=0-3' } });
      // RFC 9110 lets a server ignore Range: a whole 200 is the clean "not supported".
      judge(record, 'blob-range', range, range.status === 206, [200], detailOf('GET Range', range));
      const mount = await client.startUpload(mountRepo, { mount: layerDigest, from: repo }, options);
      // end-11: a registry that cannot mount SHOULD answer 202 and open a session ("fails open").
      judge(record, 'mount', mount, mount.status === 201, [202], detailOf('POST ?mount=&from=', mount));
      if (mount.status === 201) {
        cleanup.blob(mountRepo, layerDigest);
      } else if (mount.headers['location'] !== undefined) {
        await rawClient.cancelUpload(mount.headers['location'], options).catch(() => undefined);
      }
    });
    if (layerDigest === undefined || configDigest === undefined) {
      for (const id of manifestCapabilities) {
        found.set(id, { support: 'unknown', detail: blobsMissing });
      }
    } else {
      const blobs = { layer: { digest: layerDigest, size: content.length, content }, config: { digest: configDigest, size: config.length } };
      await probeManifests(client, repo, blobs, cleanup, options, probe);
    }
    // Last, as before the steps overlapped: the catalog is asked once the probe's repositories exist.
    await probe(['catalog'], async (record) => {
      const catalog = await client.catalog({ n: 1 }, options);
      // 401/403 after the client's own token or credentials is a refusal too: Docker Hub answers 401 even with a valid
      // token, Harbor only to system admins (registry-quirks §4 [D6][HB1]); the catalog is not offered to this client.
      judge(record, 'catalog', catalog, catalog.status === 200, [401, 403, 404, 405], detailOf('GET /v2/_catalog', catalog));
    });
  };
  // Every other step pushes blobs of its own, so they all run beside that chain: the probe is the one part of a run
  // that nothing overlaps, and one request at a time made it ~25 round trips long.
  await Promise.all([
    blobsThenManifests(),
    probe(['single-post-upload'], async (record) => {
      const bytes = new TextEncoder().encode(`regatta single post probe ${label}`);
      const digest = digestOf(bytes);
      const post = await client.startUpload(repo, { digest }, { ...options, body: bytes, headers: { 'content-type': 'application/octet-stream' } });
      // end-4b: a registry without single POST SHOULD answer 202 with a session instead of 201.
      judge(record, 'single-post-upload', post, post.status === 201, [202], detailOf('POST ?digest=', post));
      if (post.status === 201) {
        cleanup.blob(repo, digest);
      } else if (post.headers['location'] !== undefined) {
        await rawClient.cancelUpload(post.headers['location'], options).catch(() => undefined);
      }
    }),
    probe(['chunked-upload'], async (record) => {
      const bytes = new TextEncoder().encode(`regatta chunked probe ${label}`);
      const pushed = await client.pushBlob(repo, bytes, { kind: 'chunked', chunkBytes: 8 });
      judge(record, 'chunked-upload', pushed.final, pushed.final.status === 201, [405], detailOf('PATCH Content-Range … PUT', pushed.final));
      if (pushed.final.status === 201) {
        cleanup.blob(repo, pushed.digest);
      }
    }),
    probe(['sha512'], async (record) => {
      const bytes = new TextEncoder().encode(`regatta sha512 probe ${label}`);
      const digest = digestOf(bytes, 'sha512');
      const post = await client.startUpload(repo, { digestAlgorithm: 'sha512' }, options);
      const location = post.headers['location'];
      if (post.status !== 202 || location === undefined) {
        // main: a digest or algorithm the registry does not support SHOULD get 400.
        judge(record, 'sha512', post, false, [400], detailOf('POST ?digest-algorithm=sha512', post));
        return;
      }
      const put = await client.putUpload(client.resolveLocation(location, post.url), digest, {
        ...options,
        body: bytes,
        headers: { 'content-type': 'application/octet-stream' },
      });
      judge(record, 'sha512', put, put.status === 201, [400], detailOf('PUT ?digest=sha512:…', put));
      if (put.status === 201) {
        cleanup.blob(repo, digest);
        // distribution stores the blob under its sha256 as well, and answers with that one.
        const stored = put.headers['docker-content-digest'];
        if (stored !== undefined && stored !== digest && /^sha256:[0-9a-f]{64}$/.test(stored)) {
          cleanup.blob(repo, stored);
        }
      } else {
        await rawClient.cancelUpload(client.resolveLocation(location, post.url), options).catch(() => undefined);
      }
    }),
    probe(['upload-cancel'], async (record) => {
      const post = await client.startUpload(repo, {}, options);
      const location = post.headers['location'];
      if (post.status !== 202 || location === undefined) {
        record('upload-cancel', 'unknown', `not probed: ${detailOf('POST upload', post)}`);
        return;
      }
      const cancel = await client.cancelUpload(location, options);
      // Clients ignore a failed cancel (the registry times the session out): a refusal of the endpoint is "absent".
      judge(record, 'upload-cancel', cancel, [200, 202, 204].includes(cancel.status), [400, 404, 405], detailOf('DELETE upload', cancel));
    }),
  ]);
  const results = capabilityIds.map((id): CapabilityResult => {
    const entry = found.get(id) ?? { support: 'unknown' as const, detail: 'not probed (interrupted)' };
    return { id, title: capabilityTitles[id], support: entry.support, detail: entry.detail };
  });
  const map = Object.fromEntries(results.map((result) => [result.id, result.support])) as CapabilityMap;
  return { results, map };
}

/** The capabilities probed on manifests, after the probe's blobs are in place. */
const manifestCapabilities = ['docker-media-types', 'referrers', 'tag-delete', 'manifest-delete', 'blob-delete'] as const;

/** Runs one probe step with retries; see {@link probeCapabilities}. */
type ProbeStep = (ids: readonly CapabilityId[], body: (record: RecordSupport) => Promise<void>) => Promise<void>;

/**
 * Manifest-level probes: Docker types, referrers, and the deletes (last, they destroy the data). Each
 * is its own step, pushing what it needs again (a PUT of the same manifest is idempotent), so a failure that persists
 * on one endpoint leaves the others decided.
 */
async function probeManifests(
  client: RegistryClient,
  repo: string,
  blobs: { layer: { digest: string; size: number; content: Uint8Array }; config: { digest: string; size: number } },
  cleanup: CleanupRegistry,
  options: { readonly signal: AbortSignal },
  probe: ProbeStep,
): Promise<void> {
  const layerRef = { digest: blobs.layer.digest, size: blobs.layer.size };
  const oci = imageManifest('oci', blobs.config, layerRef);
  const ociDigest = digestOf(oci);
  await probe(['docker-media-types'], async (record) => {
    const docker = imageManifest('docker', blobs.config, layerRef);
    const put = await client.putManifest(repo, 'probe-docker', docker, MediaType.dockerManifest, options);
    // A registry that does not take Docker types rejects the manifest (400 MANIFEST_INVALID) or its type (415).
    judge(record, 'docker-media-types', put, put.status === 201, [400, 415], detailOf('PUT schema2', put));
    if (put.status === 201) {
      cleanup.manifest(repo, digestOf(docker));
    }
  });
  /** Pushes the OCI manifest under both probe tags; the reason it could not, or undefined. */
  const pushTagged = async (): Promise<string | undefined> => {
    for (const tag of ['probe-a', 'probe-b']) {
      const put = await client.putManifest(repo, tag, oci, MediaType.ociManifest, options);
      if (put.status !== 201) {
        return `not probed: ${detailOf('PUT OCI manifest', put)}`;
      }
    }
    cleanup.manifest(repo, ociDigest);
    return undefined;
  };
  await probe(['referrers'], async (record) => {
    const referrers = await client.referrers(repo, ociDigest, {}, options);
    // end-12: a 404 on the referrers endpoint is the client's cue to use the fallback tag: the API is absent.
    judge(record, 'referrers', referrers, referrers.status === 200, [404, 405], detailOf('GET referrers', referrers));
  });
  // Deleted by digest with no tag or index referring to it: the one manifest every registry that deletes at all must
  // delete. Docker Hub answers 403 for a tagged one (registry-quirks §5 [D4]); probing with that would hide deletes it
  // does support, and the checks that delete tagged manifests then fail on their own rule instead of being skipped.
  const untagged = imageManifest('oci', blobs.config, layerRef, { 'org.opencontainers.image.title': 'regatta capability probe, untagged' });
  const untaggedDigest = digestOf(untagged);
  /** Pushes the untagged manifest by its digest; the reason it could not, or undefined. */
  const pushUntagged = async (): Promise<string | undefined> => {
    const put = await client.putManifest(repo, untaggedDigest, untagged, MediaType.ociManifest, options);
    if (put.status !== 201) {
      return `not probed: ${detailOf('PUT untagged OCI manifest', put)}`;
    }
    cleanup.manifest(repo, untaggedDigest);
    return undefined;
  };
  await probe(['tag-delete', 'manifest-delete', 'blob-delete'], async (record) => {
    // A try cut off after the registry deleted the layer must not leave the next try without it.
    const layer = await client.pushBlob(repo, blobs.layer.content);
    const missing = layer.final.status === 201 ? ((await pushTagged()) ?? (await pushUntagged())) : `not probed: ${detailOf('blob push', layer.final)}`;
    if (missing !== undefined) {
      for (const id of ['tag-delete', 'manifest-delete', 'blob-delete'] as const) {
        record(id, 'unknown', missing);
      }
      return;
    }
    const tagDelete = await client.deleteManifest(repo, 'probe-b', options);
    judge(record, 'tag-delete', tagDelete, tagDelete.status === 202, deleteRefusals, detailOf('DELETE tag', tagDelete));
    const manifestDelete = await client.deleteManifest(repo, untaggedDigest, options);
    judge(record, 'manifest-delete', manifestDelete, manifestDelete.status === 202, deleteRefusals, detailOf('DELETE untagged manifest', manifestDelete));
    if (manifestDelete.status === 202) {
      // The tagged manifest goes before its layer, as a teardown would: some registries keep a blob a manifest uses.
      await client.deleteManifest(repo, ociDigest, options);
    }
    const blobDelete = await client.deleteBlob(repo, blobs.layer.digest, options);
    judge(record, 'blob-delete', blobDelete, blobDelete.status === 202, deleteRefusals, detailOf('DELETE blob', blobDelete));
  });
}
